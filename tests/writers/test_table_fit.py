"""The PDF writer settles from its height estimate whether a clearly short table fits a page and a
clearly long one breaks, and leaves the rest to Typst's measure: the PDF is the same as when Typst
measures every table (on the example in two profiles), only made with fewer layouts."""

from __future__ import annotations

import pytest

from juesuan.render import pdf


@pytest.mark.parametrize("profile", ["shaanxi-2024", "shanghai-2024"])
def test_settled_tables_lay_out_as_measured(profile, tmp_path, monkeypatch):
    from conftest import EXAMPLE_YAML
    from juesuan.core import codec
    from juesuan.core.document import TableBlock
    from juesuan.report import assemble

    model = codec.read_path(EXAMPLE_YAML)
    model.profile = profile
    document = assemble(model)
    fits = [pdf._table(b)["fit"] for b in document.blocks if isinstance(b, TableBlock)]
    assert fits.count("measure") < len(fits) // 2  # most tables are settled without measuring
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733443200")
    settled = pdf._compile(document)
    monkeypatch.setattr(pdf, "_fit", lambda *args: "measure")
    measured = pdf._compile(document)
    assert settled == measured
