"""Our own build outputs (DOCX, PDF, HTML) audit clean: the nine tables read back exactly, the
generated prose agrees with the tables, and the only errors are those the data itself carries
(the check of the model reports the same)."""

from __future__ import annotations

import importlib.util

import pytest

from juesuan.core.model import TABLE_IDS

from .helpers import cells

pytestmark = pytest.mark.skipif(importlib.util.find_spec("juesuan.app.build") is None,
                                reason="juesuan.app.build not available yet")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import EXAMPLE_YAML
    from juesuan.app.build import build_report
    from juesuan.core import codec

    model = codec.read_path(EXAMPLE_YAML)
    out = tmp_path_factory.mktemp("build")
    paths = build_report(model, out, "docx,pdf,html", force=True)
    return model, {p.suffix: p for p in paths}


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_own_output_audits_clean(built, suffix):
    from juesuan.app.audit import audit_published
    from juesuan.app.check import run_checks
    from juesuan.formats.published.read import read_published

    model, paths = built
    published = read_published(paths[suffix])
    for tid in TABLE_IDS:
        assert cells(published.model, tid) == cells(model, tid), (suffix, tid)
    report = audit_published(published)
    own_errors = sorted((f.rule, str(f.found), str(f.expected)) for f in report.findings
                        if f.severity == "error" and f.status == "fail")
    data_errors = sorted((f.rule, str(f.found), str(f.expected)) for f in run_checks(model).findings
                         if f.severity == "error" and f.status == "fail")
    assert own_errors == data_errors
    narrative = [f for f in report.findings if f.rule in ("NAR-001", "NAR-002", "NAR-003", "NAR-004", "NAR-005")
                 and f.status == "fail" and f.severity != "info"]
    assert narrative == []
    claims = report.summary()["claims"]
    assert claims["checked"] / claims["found"] >= 0.95
    if suffix == ".pdf":
        assert report.summary()["pages"] > 20
        assert all("page" in f.location for f in report.findings if f.location.get("table"))
