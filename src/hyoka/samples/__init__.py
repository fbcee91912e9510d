"""Bundled sample inputs.

The samples are entirely synthetic: invented agencies and figures laid out the way
text extracted from the PDFs of real objective documents looks (double spacing,
soft wraps, page-break artefacts, mixed full- and half-width characters). They let
tests, examples and the CLI run without the real corpus.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DEFAULT_SAMPLE", "SAMPLE_NAMES", "sample_path"]

DEFAULT_SAMPLE = "chuki-mokuhyo-sample.txt"

SAMPLE_NAMES: tuple[str, ...] = (
    # 独立行政法人日本架空技術振興機構の中期目標（案）: a fictional agency's objectives.
    DEFAULT_SAMPLE,
)


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Return the filesystem path of the bundled sample `name`.

    Raises KeyError for a name that is not in SAMPLE_NAMES and FileNotFoundError
    if the package was installed without its data files.
    """
    if name not in SAMPLE_NAMES:
        known = ", ".join(SAMPLE_NAMES)
        raise KeyError(f"unknown sample {name!r}; known samples: {known}")
    resource = resources.files(__name__).joinpath(name)
    path = Path(str(resource))
    if not path.is_file():
        raise FileNotFoundError(f"sample {name!r} is missing from the installed package: {path}")
    return path
