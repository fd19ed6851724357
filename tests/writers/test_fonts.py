"""The PDF's faces: installed 公文 faces when present (Debian's AR PL UKai/UMing stand in for 楷体/宋体),
else the bundled faces with the heading hierarchy still visible (a real bold sans for 黑体 levels,
a different face for the 楷体 level); the build summary names them."""

from __future__ import annotations

import re
import shutil
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


# --- the DOCX names the same faces -------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HAS_ARPHIC = pytest.mark.skipif(
    not (ARPHIC / "ukai.ttc").exists() or not (ARPHIC / "uming.ttc").exists(),
    reason="Debian's fonts-arphic-ukai / fonts-arphic-uming are not installed (scripts/test.sh installs them)")


def _docx_fonts(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(style id → east-Asian font, run text → east-Asian font, fontTable name → altName) of a DOCX."""
    import docx

    d = docx.Document(str(path))
    styles = {}
    for st in d.styles.element.findall(f"{W}style"):
        rf = st.find(f"{W}rPr/{W}rFonts")
        if rf is not None:
            styles[st.get(f"{W}styleId")] = rf.get(f"{W}eastAsia")
    runs = {}
    for r in d.element.body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        rf = r.find(f"{W}rPr/{W}rFonts")
        if text and rf is not None:
            runs.setdefault(text, rf.get(f"{W}eastAsia"))
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    table = etree.fromstring(d.part.part_related_by(RT.FONT_TABLE).blob)
    declared = {}
    for f in table.findall(f"{W}font"):
        alt = f.find(f"{W}altName")
        declared[f.get(f"{W}name")] = alt.get(f"{W}val") if alt is not None else ""
    return styles, runs, declared


def test_docx_names_the_gongwen_faces_when_none_is_installed(tmp_path):
    from juesuan.render.docx import write_docx

    fonts.configure(system=False)
    write_docx(_doc(), tmp_path / "r.docx")
    styles, runs, declared = _docx_fonts(tmp_path / "r.docx")
    assert styles["Normal"] == "仿宋_GB2312" and styles["Heading1"] == styles["Heading2"] == "黑体"
    assert styles["Heading3"] == "楷体_GB2312" and styles["JsTableText"] == "宋体"
    assert styles["JsCoverTitle"] == "方正小标宋简体"
    assert runs["（一）部门基本情况"] == "楷体_GB2312" and runs["合计"] == "宋体"
    assert not any(name.startswith(("Noto", "AR PL")) for name in declared)  # no stand-in is named
    assert declared["楷体_GB2312"] == "楷体"
    word = fonts.summary(("docx",))
    assert word.startswith("Word 字体：") and "楷体_GB2312" in word and "本机未安装" in word
    assert "本机字体" not in word


@HAS_ARPHIC
def test_docx_names_the_installed_faces_the_pdf_uses(tmp_path):
    from juesuan.render.docx import write_docx

    fonts.configure(font_dir=ARPHIC, system=False)
    write_docx(_doc(), tmp_path / "r.docx")
    styles, runs, declared = _docx_fonts(tmp_path / "r.docx")
    # the family names fontconfig and Word know (Typst calls the first "AR PL UKai")
    assert styles["Heading3"] == runs["（一）部门基本情况"] == "AR PL UKai CN"
    assert styles["JsTableText"] == runs["合计"] == "AR PL UMing CN"
    assert styles["Normal"] == runs["正文段落，说明本单位的基本情况。"] == "仿宋_GB2312"  # not installed: the 公文 name
    assert styles["Heading1"] == "黑体"
    assert declared["AR PL UKai CN"] == "楷体_GB2312" and declared["AR PL UMing CN"] == "宋体"
    summary = fonts.summary(("pdf", "docx"))
    assert "Word 字体：楷体_GB2312：AR PL UKai CN（本机字体）；宋体：AR PL UMing CN（本机字体）" in summary
    assert "PDF 字体：" in summary


@HAS_ARPHIC
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-writer-nogui")
def test_libreoffice_prints_the_docx_in_the_installed_faces(tmp_path):
    """Opened in LibreOffice, the DOCX's 楷体 heading and 宋体 table text are in the faces the PDF uses."""
    import subprocess

    from juesuan.render.docx import write_docx

    fonts.configure(font_dir=ARPHIC, system=False)
    write_docx(_doc(), tmp_path / "r.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), str(tmp_path / "r.docx")],
                   check=True, capture_output=True, timeout=300)
    used = _span_fonts(tmp_path / "lo" / "r.pdf")
    assert "UKai" in used["（一）部门基本情况"]
    assert "UMing" in used["合计"]


@HAS_ARPHIC
def test_build_summary_names_the_faces_found_in_font_dir(tmp_path):
    """`juesuan build --font-dir`: faces found there are used by the PDF and named by the DOCX, and the
    summary says so for both."""
    import zipfile

    from cli.helpers import juesuan
    from conftest import EXAMPLE_YAML

    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copyfile(ARPHIC / "ukai.ttc", folder / "ukai.ttc")
    out = juesuan("build", str(EXAMPLE_YAML), "-o", str(tmp_path / "out"), "--force", "-f", "docx,pdf",
                  "--font-dir", str(folder))
    assert out.returncode == 0, out.stderr
    text = re.sub(r"\s*\n\s*", "", out.stdout)  # rich wraps long lines
    assert "PDF 字体：" in text and "楷体_GB2312：AR PL UKai CN（本机字体）" in text
    assert "Word 字体：楷体_GB2312：AR PL UKai CN（本机字体）" in text
    docx_file = next((tmp_path / "out").glob("*.docx"))
    styles = zipfile.ZipFile(docx_file).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="AR PL UKai CN"' in styles
    pdf = _span_fonts(next((tmp_path / "out").glob("*.pdf")))
    assert any("UKai" in f for t, f in pdf.items() if t.startswith("（一）"))
