"""Real Word documents for the tests, made with python-docx, and PDFs of them made by LibreOffice.

A document is a list of blocks: paragraphs (optionally numbered by Word's automatic numbering,
so the label is not in their text) and tables (rows of cells, each cell a list of paragraphs).
`write_docx` writes it with page numbers in the footer (a PAGE field) and a Japanese font;
`typed_text` gives the same document as someone would type it, the labels written out as Word
displays them; `to_pdf` converts .docx files with LibreOffice (`soffice --headless`), which
embeds the fonts, as ministries' PDFs do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

FONT = "IPAexMincho"
# Word's outline numbering of objectives: 第１ / １． / （１）, full-width digits.
LEVELS = (("第%1", "decimalFullWidth"), ("%2．", "decimalFullWidth"), ("（%3）", "decimalFullWidth"))
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Para:
    text: str
    level: int | None = None  # numbered by Word at this outline level (0: 第N, 1: N．, 2: （N）)


@dataclass(frozen=True)
class Table:
    rows: list[list[list[str]]]  # rows of cells, each cell a list of paragraphs


Block = Para | Table


@dataclass
class _Counter:
    values: list[int] = field(default_factory=lambda: [0, 0, 0])

    def label(self, level: int) -> str:
        self.values[level] += 1
        for deeper in range(level + 1, len(self.values)):
            self.values[deeper] = 0
        text, _ = LEVELS[level]
        for k in range(3):
            text = text.replace(f"%{k + 1}", str(self.values[k]).translate(_FULL))
        return text


def typed_text(blocks: Sequence[Block]) -> str:
    """The document as typed text: labels written out, a table read row by row, cell by cell."""
    counter = _Counter()
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            label = "" if block.level is None else counter.label(block.level) + " "
            out.append(label + block.text)
        else:
            out += [paragraph for row in block.rows for cell in row for paragraph in cell]
    return "\n".join(out) + "\n"


def _numbering(document: docx.document.Document) -> int:
    """Add the outline numbering to the document's numbering part; returns its numId."""
    part = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl>'
        for k, (text, fmt) in enumerate(LEVELS)
    )
    part.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    part.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def _number(paragraph: docx.text.paragraph.Paragraph, num_id: int, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _page_numbers(document: docx.document.Document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def write_docx(blocks: Sequence[Block], path: Path) -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    num_id = _numbering(document)
    _page_numbers(document)
    for block in blocks:
        if isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.level is not None:
                _number(paragraph, num_id, block.level)
            continue
        table = document.add_table(rows=len(block.rows), cols=max(len(row) for row in block.rows))
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c, paragraphs in enumerate(row):
                cell = table.cell(r, c)
                cell.paragraphs[0].text = paragraphs[0] if paragraphs else ""
                for more in paragraphs[1:]:
                    cell.add_paragraph(more)
    document.save(str(path))
    return path


def soffice() -> str:
    """The LibreOffice binary; CI installs it (libreoffice-writer-nogui), elsewhere a skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def to_pdf(paths: Sequence[Path], folder: Path) -> list[Path]:
    """PDFs of the .docx files, by LibreOffice in one run (its start-up takes seconds)."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = [folder / f"{path.stem}.pdf" for path in paths]
    missing = [p for p in out if not p.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return out
