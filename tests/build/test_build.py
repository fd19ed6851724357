"""`juesuan build`: the gate (errors block with exit 1, nothing written), --force drafts, all four
formats, file names, unreadable input (exit 2), and reading every output back (read_embedded)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from juesuan.app.build import BuildBlocked, build_report, output_name, parse_formats
from juesuan.core import codec
from juesuan.core.errors import InputError
from juesuan.formats.embedded import read_embedded

NAME = "榆林市人事信息中心-2024年度部门决算"


def clean(model):
    """The example without the seed's inconsistent indicator points (rule P-001): no error findings."""
    model.performance.overall.level1_points = {}
    for p in model.performance.projects:
        p.level1_points = {}
    return model


def run_cli(*args: str, cwd: Path, jobs: str = "2") -> subprocess.CompletedProcess[str]:
    """The real command line; two writer processes unless `jobs` says otherwise."""
    return subprocess.run([sys.executable, "-m", "juesuan", "build", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "COLUMNS": "200",
                                                     "LANG": "C.UTF-8", "JUESUAN_BUILD_JOBS": jobs})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full build of the clean example in all four formats, through the command line."""
    from conftest import EXAMPLE_YAML

    tmp = tmp_path_factory.mktemp("built")
    src = tmp / "unit.yaml"
    src.write_text(codec.to_yaml(clean(codec.read_path(EXAMPLE_YAML))), encoding="utf-8")
    out = tmp / "out"
    proc = run_cli(str(src), "-o", str(out), cwd=tmp)
    return proc, out, codec.read_path(src)


def test_build_writes_all_four_formats(built):
    proc, out, _ = built
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{NAME}.{ext}" for ext in ("docx", "html", "pdf", "xlsx"))
    for ext in ("docx", "html", "pdf", "xlsx"):
        assert f"{NAME}.{ext}" in proc.stdout
    assert "错误 0 个" in proc.stdout


@pytest.mark.parametrize("ext", ["html", "docx", "pdf", "xlsx"])
def test_every_output_reads_back_to_the_same_model(built, ext):
    _, out, model = built
    assert read_embedded(out / f"{NAME}.{ext}") == model


def test_outputs_are_not_drafts(built):
    _, out, _ = built
    assert "draft-banner" not in (out / f"{NAME}.html").read_text(encoding="utf-8").split("</style>")[1]


def test_errors_block_the_build_and_nothing_is_written(tmp_path):
    from conftest import EXAMPLE_YAML

    out = tmp_path / "out"
    proc = run_cli(str(EXAMPLE_YAML), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    assert "未生成任何文件" in proc.stderr and "P-001" in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_force_stamps_every_format_as_draft(tmp_path):
    from conftest import EXAMPLE_YAML

    out = tmp_path / "out"
    proc = run_cli(str(EXAMPLE_YAML), "-o", str(out), "--force", "--format", "html,xlsx,docx", cwd=tmp_path,
                   jobs="1")
    assert proc.returncode == 0, proc.stderr
    assert "草稿" in proc.stdout
    html = (out / f"{NAME}.html").read_text(encoding="utf-8")
    assert 'class="draft-banner"' in html and "<title>【草稿】" in html
    from openpyxl import load_workbook

    wb = load_workbook(out / f"{NAME}.xlsx")
    assert all("草稿" in ws.oddHeader.center.text for ws in wb.worksheets)
    with zipfile.ZipFile(out / f"{NAME}.docx") as z:
        headers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
    assert "草稿" in headers
    assert read_embedded(out / f"{NAME}.html") == codec.read_path(EXAMPLE_YAML)


def test_unreadable_input_exits_2_with_a_chinese_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [unclosed\n", encoding="utf-8")
    proc = run_cli(str(bad), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "无法读取输入" in proc.stderr and "YAML" in proc.stderr
    missing = run_cli(str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert missing.returncode == 2 and "不存在" in missing.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_format_is_refused(tmp_path):
    from conftest import EXAMPLE_YAML

    proc = run_cli(str(EXAMPLE_YAML), "-o", str(tmp_path / "out"), "--format", "html,odt", cwd=tmp_path)
    assert proc.returncode == 2 and "odt" in proc.stderr
    proc = run_cli(str(EXAMPLE_YAML), "-o", str(tmp_path / "out"), "--profile", "nowhere", cwd=tmp_path)
    assert proc.returncode == 2 and "nowhere" in proc.stderr and "shanghai-2024" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_build_report_api_blocks_and_forces(example, tmp_path):
    with pytest.raises(BuildBlocked) as exc:
        build_report(example, tmp_path / "a", formats="html")
    assert "P-001" in str(exc.value) and not any((tmp_path / "a").glob("*.html"))
    steps: list[tuple[str, int, int]] = []
    paths = build_report(example, tmp_path / "b", formats=["html"], force=True,
                         progress=lambda *a: steps.append(a))
    assert [p.name for p in paths] == [f"{NAME}.html"]
    assert steps[0] == ("校验数据", 0, 3) and steps[-1][1] == 3
    assert [p.name for p in (tmp_path / "b").iterdir()] == [f"{NAME}.html"]  # no temp folder left


def test_severity_overrides_and_the_draft_choice(example, tmp_path):
    def is_draft(path: Path) -> bool:
        return 'class="draft-banner"' in path.read_text(encoding="utf-8")

    # the deployment makes P-001 a warning: nothing blocks, nothing is stamped
    [page] = build_report(example, tmp_path / "a", formats="html", overrides={"P-001": "warning"})
    assert not is_draft(page)
    # a reviewer approved the report with its errors explained: forced, but not a draft
    [page] = build_report(example, tmp_path / "b", formats="html", force=True, draft=False)
    assert not is_draft(page)
    [page] = build_report(example, tmp_path / "c", formats="html", force=True)
    assert is_draft(page)
    # a clean model stamped on request
    [page] = build_report(clean(example), tmp_path / "d", formats="html", draft=True)
    assert is_draft(page)


def test_a_failing_writer_leaves_no_partial_output(example, tmp_path, monkeypatch):
    from juesuan.app import build as build_mod

    def boom(fmt, model, document, path):
        if fmt == "xlsx":
            raise RuntimeError("disk full")
        path.write_text("x")

    monkeypatch.setattr(build_mod, "_write", boom)
    monkeypatch.setenv("JUESUAN_BUILD_JOBS", "2")
    for formats in ("html,xlsx", "docx,xlsx,pdf"):  # one process, and two (xlsx in the forked worker)
        with pytest.raises(Exception, match="disk full"):
            build_report(clean(example), tmp_path, formats=formats)
        assert list(tmp_path.iterdir()) == []


def test_two_processes_by_default_on_two_cores(monkeypatch):
    from juesuan.app import build as build_mod

    monkeypatch.delenv("JUESUAN_BUILD_JOBS", raising=False)
    monkeypatch.setattr(build_mod.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(build_mod.os, "getloadavg", lambda: (8.0, 8.0, 8.0), raising=False)  # busy: still two
    assert build_mod._parallel(("docx", "pdf", "html", "xlsx"))
    assert not build_mod._parallel(("html", "xlsx"))  # nothing left for the main process
    assert not build_mod._parallel(("docx", "pdf"))  # nothing for the second one
    monkeypatch.setenv("JUESUAN_BUILD_JOBS", "1")
    assert not build_mod._parallel(("docx", "pdf", "html", "xlsx"))
    monkeypatch.delenv("JUESUAN_BUILD_JOBS")
    monkeypatch.setattr(build_mod.os, "cpu_count", lambda: 1)
    assert not build_mod._parallel(("docx", "pdf", "html", "xlsx"))


def test_file_names_and_formats():
    from juesuan.core.model import FinalAccounts, UnitProfile

    m = FinalAccounts(year=2024, unit=UnitProfile(name='某/单位:"A"'))
    assert output_name(m, "pdf") == "某_单位__A_-2024年度部门决算.pdf"
    assert parse_formats("HTML, pdf,html") == ("html", "pdf")


def test_a_foreign_file_is_not_a_juesuan_output(tmp_path):
    page = tmp_path / "other.html"
    page.write_text("<html><body><p>某单位2024年度部门决算</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="juesuan audit"):
        read_embedded(page)
    docx = tmp_path / "other.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="不是 juesuan 生成的文件"):
        read_embedded(docx)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InputError, match="broken.pdf"):
        read_embedded(broken)
