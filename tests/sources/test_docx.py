"""Word input: .docx files built with python-docx, read back in reading order."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from hyoka.sources import SourceError, read_docx_source, read_source
from hyoka.sources.lines import SourceText

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def _texts(source: SourceText) -> list[str]:
    return [line.text for line in source.lines]


def _sample_document() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("第１　政策体系における法人の位置付け及び役割")
    document.add_paragraph("（１）研究開発成果の最大化")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "評価軸"
    table.cell(0, 1).text = "指標"
    table.cell(1, 0).text = "成果の創出"
    cell = table.cell(1, 1)
    cell.text = "論文数"
    cell.add_paragraph("特許出願件数")
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "結合したセル"
    document.add_paragraph("第２　中長期目標の期間")
    return document


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _append_xml(document: docx.document.Document, xml: str) -> None:
    """Append a body-level element written in WordprocessingML (namespace prefix w)."""
    element = parse_xml(xml.replace(">", f' xmlns:w="{W_NS}">', 1))  # declared on the root tag
    body = document.element.body
    body.insert(len(body) - 1, element)  # before w:sectPr, which stays last


def test_paragraphs_and_tables_in_reading_order(tmp_path: Path) -> None:
    path = _save(_sample_document(), tmp_path / "plan.docx")
    source = read_docx_source(path)
    assert _texts(source) == [
        "第１　政策体系における法人の位置付け及び役割",
        "（１）研究開発成果の最大化",
        "評価軸",
        "指標",
        "成果の創出",
        "論文数",
        "特許出願件数",
        "結合したセル",  # once, though it spans two grid columns
        "第２　中長期目標の期間",
    ]
    assert source.format == "docx"
    assert source.encoding == "docx"
    assert source.path == str(path)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [line.number for line in source.lines] == list(range(1, 10))
    assert {line.page for line in source.lines} == {None}
    assert source.line(1).norm == "第1政策体系における法人の位置付け及び役割"


def test_read_source_dispatches_docx(tmp_path: Path) -> None:
    for name in ("plan.docx", "PLAN.DOCX"):
        source = read_source(_save(_sample_document(), tmp_path / name))
        assert source.format == "docx"
        assert source.lines[0].text == "第１　政策体系における法人の位置付け及び役割"


def test_lines_end_in_nothing_and_empty_paragraphs_stay(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("見出し ")
    document.add_paragraph("")
    document.add_paragraph("　字下げした本文。　")
    paragraph = document.add_paragraph("一行目")
    paragraph.add_run().add_break()  # Shift+Enter
    paragraph.add_run("二行目 ")
    document.add_paragraph("タブ\t区切り")
    source = read_docx_source(_save(document, tmp_path / "spaces.docx"))
    assert _texts(source) == ["見出し", "", "　字下げした本文。", "一行目", "二行目", "タブ\t区切り"]


def test_nested_table_and_content_control(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("前")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内１"
    inner.cell(0, 1).text = "内２"
    _append_xml(
        document,
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>目次の項目</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    document.add_paragraph("後")
    texts = _texts(read_docx_source(_save(document, tmp_path / "nested.docx")))
    # A cell's own (empty) paragraph comes before the table added to it.
    assert [text for text in texts if text] == ["前", "外", "内１", "内２", "目次の項目", "後"]


def test_tracked_changes_ruby_and_fields(tmp_path: Path) -> None:
    document = docx.Document()
    _append_xml(
        document,
        "<w:p>"
        "<w:r><w:t>中長期</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>目標</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>計画</w:delText></w:r></w:del>'
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かいはつ</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>開発</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF x </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>（参照）</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:hyperlink w:anchor="x"><w:r><w:t>リンク</w:t></w:r></w:hyperlink>'
        "</w:p>",
    )
    assert _texts(read_docx_source(_save(document, tmp_path / "tracked.docx"))) == ["中長期目標開発（参照）リンク"]


def test_text_box_follows_its_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    box = "<w:txbxContent><w:p><w:r><w:t>枠内の文</w:t></w:r></w:p></w:txbxContent>"
    _append_xml(
        document,
        "<w:p><w:r><w:t>本文</w:t></w:r>"
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<mc:Choice><w:drawing><w:anchor>{box}</w:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>",
    )
    document.add_paragraph("次の段落")
    # Once: the fallback copy of the drawing is not read.
    assert _texts(read_docx_source(_save(document, tmp_path / "box.docx"))) == ["本文", "枠内の文", "次の段落"]


# --- bad input ----------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _good_docx_bytes() -> bytes:
    buffer = io.BytesIO()
    _sample_document().save(buffer)
    return buffer.getvalue()


def _without(data: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zip({name: archive.read(name) for name in archive.namelist() if name != member})


def _replacing(data: bytes, member: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zip({name: content if name == member else archive.read(name) for name in archive.namelist()})


@pytest.mark.parametrize(
    "make",
    [
        lambda: b"",
        lambda: b"this is not a Word document\n",
        lambda: b"%PDF-1.7\n",
        lambda: _zip({"notes.txt": b"hello"}),
        lambda: _good_docx_bytes()[:2000],
        lambda: _without(_good_docx_bytes(), "word/document.xml"),
        lambda: _replacing(_good_docx_bytes(), "word/document.xml", b"<w:document"),
        lambda: _replacing(
            _good_docx_bytes(),
            "[Content_Types].xml",
            _zip_member(_good_docx_bytes(), "[Content_Types].xml").replace(
                b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"
            ),
        ),
    ],
    ids=["empty", "text", "pdf", "other-zip", "truncated", "no-document-part", "bad-xml", "other-office-type"],
)
def test_garbage_docx_is_refused(tmp_path: Path, make: object) -> None:
    assert callable(make)
    path = tmp_path / "broken.docx"
    path.write_bytes(make())
    with pytest.raises(SourceError, match=r"not a readable Word \(\.docx\) file") as caught:
        read_source(path)
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)


def _zip_member(data: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(member)


def test_doc_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(OLE)
    with pytest.raises(SourceError, match=r"old binary Word \(\.doc\) file.*save it as \.docx"):
        read_source(path)


def test_doc_content_under_a_docx_name_is_refused_with_advice(tmp_path: Path) -> None:
    # Also how Word stores a password-protected .docx.
    path = tmp_path / "plan.docx"
    path.write_bytes(OLE)
    with pytest.raises(SourceError, match=r"\.doc\) file or a password-protected \.docx.*save it as \.docx"):
        read_source(path)


def test_docx_under_a_doc_name_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(_good_docx_bytes())
    assert read_source(path).lines[0].text == "第１　政策体系における法人の位置付け及び役割"


def test_missing_doc_file(tmp_path: Path) -> None:
    for name in ("missing.doc", "missing.docx"):
        with pytest.raises(SourceError, match="no such file"):
            read_source(tmp_path / name)


def test_document_without_text_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    with pytest.raises(SourceError, match="has no text"):
        read_source(_save(document, tmp_path / "empty.docx"))


def test_zip_bomb_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hyoka.sources.docx.MAX_UNPACKED_BYTES", 1000)
    path = _save(_sample_document(), tmp_path / "plan.docx")
    with pytest.raises(SourceError, match=r"would unpack to .* more than the limit of 1,000 bytes"):
        read_source(path)
