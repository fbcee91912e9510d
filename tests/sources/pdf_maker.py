"""Real PDFs for tests, drawn with reportlab's built-in Japanese CID font (HeiseiMin-W3).

Each given line is drawn as one text object at its own height, so the PDF has the layout
of a typeset document: a blank line leaves an empty slot, a line's trailing spaces are
part of the drawn string. The font is not embedded (a CID font by name).
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "HeiseiMin-W3"
FONT_SIZE = 9  # 54 full-width characters fit an A4 line at 40 pt margins
LEADING = 19
MARGIN = 40

if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def make_pdf(
    lines: list[str],
    path: str | os.PathLike[str],
    lines_per_page: int = 40,
    encrypt: object = None,
) -> Path:
    """Write `lines` to a PDF at `path`, `lines_per_page` slots a page; returns the path."""
    out = Path(path)
    pdf = canvas.Canvas(str(out), pagesize=A4, encrypt=encrypt)
    _, height = A4
    for index, line in enumerate(lines):
        slot = index % lines_per_page
        if index and slot == 0:
            pdf.showPage()
        pdf.setFont(FONT, FONT_SIZE)
        if line:
            pdf.drawString(MARGIN, height - MARGIN - slot * LEADING, line)
    pdf.showPage()
    pdf.save()
    return out


def make_image_only_pdf(path: str | os.PathLike[str], pages: int = 2) -> Path:
    """A PDF whose pages hold only an image and drawings (as a scan would), no text."""
    out = Path(path)
    pdf = canvas.Canvas(str(out), pagesize=A4)
    scan = ImageReader(Image.new("L", (64, 64), color=200))
    for _ in range(pages):
        pdf.drawImage(scan, 40, 100, width=500, height=700)
        pdf.setFillGray(0.5)
        pdf.rect(100, 400, 300, 200, fill=1)
        pdf.line(50, 50, 500, 700)
        pdf.showPage()
    pdf.save()
    return out
