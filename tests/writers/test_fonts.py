"""The PDF's faces: installed 公文 faces when present (Debian's AR PL UKai/UMing stand in for 楷体/宋体),
else the bundled faces with the heading hierarchy still visible (a real bold sans for 黑体 levels,
a different face for the 楷体 level); the build summary names them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from juesuan.core.document import Cell, Document, Heading, Paragraph, TableBlock
from juesuan.render import fonts
from juesuan.render.pdf import write_pdf

ARPHIC = Path("/usr/share/fonts/truetype/arphic")


@pytest.fixture(autouse=True)
def _restore():
    yield
    fonts.configure()


def _doc() -> Document:
    return Document(title="测试单位", subtitle="2024年度部门决算", blocks=[
        Heading(1, "第一部分 单位概况"), Heading(2, "一、主要职责"), Heading(3, "（一）部门基本情况"),
        Paragraph("正文段落，说明本单位的基本情况。"),
        TableBlock(id="T", title="表", header=[[Cell("项目", header=True), Cell("金额", header=True)]],
                   body=[[Cell("合计"), Cell("1.00", numeric=True)]]),
    ])


def _span_fonts(path: Path) -> dict[str, str]:
    """Each line's text → the font (subset prefix dropped) of its first span."""
    import pymupdf

    out: dict[str, str] = {}
    with pymupdf.open(path) as pdf:
        for page in pdf:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(s["text"] for s in line["spans"]).strip()
                    if text and line["spans"]:
                        out.setdefault(text, re.sub(r"^[A-Z]{6}\+", "", line["spans"][0]["font"]))
    return out


def test_bundled_faces_keep_the_hierarchy_visible(tmp_path):
    fonts.configure(system=False)
    assert not any(f.installed for f in fonts.faces().values())
    write_pdf(_doc(), tmp_path / "r.pdf")
    used = _span_fonts(tmp_path / "r.pdf")
    body = used["正文段落，说明本单位的基本情况。"]
    assert body.startswith("NotoSerifSC")
    assert "Bold" in used["一、主要职责"] and "Bold" in used["第一部分 单位概况"]  # a real bold face
    assert used["（一）部门基本情况"] not in (body, used["一、主要职责"])  # the 楷体 level has its own face
    assert "用内置的思源黑体粗体代替" in fonts.summary() and "JP" not in fonts.summary()  # names a clerk can read


@pytest.mark.skipif(not (ARPHIC / "ukai.ttc").exists() or not (ARPHIC / "uming.ttc").exists(),
                    reason="Debian's fonts-arphic-ukai / fonts-arphic-uming are not installed (scripts/test.sh installs them)")
def test_installed_faces_are_used_when_present(tmp_path):
    fonts.configure(font_dir=ARPHIC, system=False)
    faces = fonts.faces()
    assert faces["kaiti"].installed and faces["songti"].installed
    assert not faces["heiti"].installed  # no 黑体 among them: the bundled stand-in
    write_pdf(_doc(), tmp_path / "r.pdf")
    used = _span_fonts(tmp_path / "r.pdf")
    assert "UKai" in used["（一）部门基本情况"]
    assert "UMing" in used["合计"]  # table text in 宋体
    assert used["正文段落，说明本单位的基本情况。"].startswith("NotoSerifSC")
    summary = fonts.summary()
    assert "楷体_GB2312：AR PL UKai" in summary and "本机字体" in summary
