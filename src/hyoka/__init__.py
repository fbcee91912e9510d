"""hyoka (評価): objectives and evaluation of Japan's incorporated administrative agencies."""

__version__ = "0.1.0"
