"""From source lines to documents: bundle splitting, heading trees, annexes, metadata."""

from hyoka.parse.bundle import parse_source, parse_text

__all__ = ["parse_source", "parse_text"]
