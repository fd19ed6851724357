"""Clear messages for inputs that used to get a wrong or English one."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import CORPUS

from .helpers import assert_clean_refusal, juesuan

LOL = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
       + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">' for i in range(2, 10))
       + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 "</Types>")
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def test_a_truncated_pdf_is_not_called_a_scan(tmp_path: Path) -> None:
    for real in sorted((CORPUS / "budgets").glob("*.pdf")):
        cut = tmp_path / real.name
        cut.write_bytes(real.read_bytes()[: len(real.read_bytes()) // 2])
        r = juesuan("audit", str(cut))
        text = r.stdout + r.stderr
        assert_clean_refusal(r, str(cut))
        assert "扫描件" not in text and "共 0 页" not in text, text
        assert "MuPDF" not in text, text  # the library's English warnings are not shown
        if "决算" not in text:  # budgets cut in half that still open are refused as not final accounts
            assert "不完整或已损坏" in text and "截断" in text, text


def test_entity_expansion_in_a_docx_is_a_chinese_message(tmp_path: Path) -> None:
    lol = tmp_path / "lol.docx"
    with zipfile.ZipFile(lol, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", LOL)
    r = juesuan("audit", str(lol))
    assert_clean_refusal(r, str(lol), "实体定义")
    assert "amplification" not in r.stdout + r.stderr and "XMLSyntaxError" not in r.stdout + r.stderr


def test_a_folder_without_reports_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    r = juesuan("audit", str(tmp_path))
    assert_clean_refusal(r, "没有找到可审核的文件", str(tmp_path))
