"""Builds in one process do not leak into each other (the portal builds many reports in one process):
two different reports built one after the other in this process are, format by format, the same as
each built alone in a fresh process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from juesuan.app.build import build_report, output_name
from juesuan.core import codec

EPOCH = "1733443200"  # SOURCE_DATE_EPOCH: the same timestamps in every build


def _models():
    from conftest import EXAMPLE_YAML

    a = codec.read_path(EXAMPLE_YAML)
    b = codec.read_path(EXAMPLE_YAML)
    b.profile = "shanghai-2024"  # other wording, other tables, other chart set
    b.unit.name = "上海市某某区某某局"
    return {"a": a, "b": b}


def content(path: Path) -> dict[str, bytes]:
    """What a reader sees of an output: the file's bytes, or a package's parts (DOCX, XLSX); the
    XLSX's save time is left out (openpyxl stamps the clock, ignoring SOURCE_DATE_EPOCH)."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in sorted(z.namelist())}
        if path.suffix == ".xlsx":
            parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\1",
                                                parts["docProps/core.xml"])
        return parts
    return {"": path.read_bytes()}


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """Each report built alone, each in its own fresh process."""
    tmp = tmp_path_factory.mktemp("alone")
    out = {}
    for key, model in _models().items():
        src = tmp / f"{key}.yaml"
        src.write_text(codec.to_yaml(model), encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "JUESUAN_BUILD_JOBS": "1"}
        proc = subprocess.run([sys.executable, "-m", "juesuan", "build", str(src), "-o", str(tmp / key), "--force"],
                              capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
        out[key] = tmp / key
    return out


def test_two_builds_in_one_process_match_each_built_alone(alone, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("JUESUAN_BUILD_JOBS", "1")
    models = _models()
    for key in ("a", "b", "a"):  # a after b as well as b after a
        build_report(models[key], tmp_path / key, force=True)
        for fmt in ("html", "docx", "pdf", "xlsx"):
            name = output_name(models[key], fmt)
            mine, theirs = content(tmp_path / key / name), content(alone[key] / name)
            assert mine.keys() == theirs.keys(), (key, fmt)
            differ = [part for part in mine if mine[part] != theirs[part]]
            assert differ == [], f"{key} {fmt}: {differ}"


def test_a_cached_layout_is_not_reused_for_another_time_stamp_or_fonts(tmp_path, monkeypatch):
    """The PDF writer keeps its last layouts; a build with another SOURCE_DATE_EPOCH or other fonts
    must not get the earlier build's file (its date, its faces)."""
    import pymupdf

    from conftest import EXAMPLE_YAML
    from juesuan.render import fonts
    from juesuan.render.pdf import write_pdf
    from juesuan.report import assemble

    document = assemble(codec.read_path(EXAMPLE_YAML))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_pdf(document, tmp_path / "now.pdf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    write_pdf(document, tmp_path / "then.pdf")
    with pymupdf.open(tmp_path / "then.pdf") as pdf:
        assert pdf.metadata["creationDate"].startswith("D:20241206")  # 1733443200 = 2024-12-06 00:00 UTC
    try:
        fonts.configure(system=False)
        write_pdf(document, tmp_path / "bundled.pdf")
    finally:
        fonts.configure()
    with pymupdf.open(tmp_path / "bundled.pdf") as pdf:
        used = {f[3] for page in pdf for f in page.get_fonts()}
    assert not any("UKai" in name or "UMing" in name for name in used)
