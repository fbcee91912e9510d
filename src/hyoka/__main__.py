"""Allow `python -m hyoka` where the console script is not on PATH."""

from hyoka.cli import main

main()
