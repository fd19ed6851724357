"""The mutation kinds planted into TXT, DOCX, HTML, our Document and a reader's blocks: each plant
changes exactly what its manifest says, at the place it says, and the same seed plants the same."""

from __future__ import annotations

import json

import pytest

from conftest import SEED
from juesuan.mutate import KINDS, plant_blocks, plant_document, plant_file, read_manifest, write_manifest

# direction_bare needs a direction word with no number, which our example's text does not have: its own test
ALL = [k for k in KINDS if k != "direction_bare"]


def _diff_lines(a: str, b: str) -> list[tuple[str, str]]:
    import difflib

    out = []
    sm = difflib.SequenceMatcher(a=a.split("\n"), b=b.split("\n"), autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            out.append(("\n".join(a.split("\n")[i1:i2]), "\n".join(b.split("\n")[j1:j2])))
    return out


@pytest.mark.parametrize("kind", ALL)
def test_plant_txt_changes_one_place(tmp_path, kind):
    dst = tmp_path / f"{kind}.txt"
    p = plant_file(SEED, dst, kind, seed=1)
    assert p is not None, f"no place for {kind} in the seed"
    before, after = SEED.read_text(encoding="utf-8"), dst.read_text(encoding="utf-8")
    diff = _diff_lines(before, after)
    assert len(diff) == 1, diff  # one line changed (or removed), nothing else
    old, new = diff[0]
    assert before.split("\n")[p.location["source_line"] - 1] == old.split("\n")[0]
    if kind == "row_removed":
        assert new == "" and p.found == "" and all(t in old for t in p.tokens)
    else:
        assert p.expected in old and p.found in new and p.found != p.expected
        assert old.replace(p.expected, p.found, 1) == new or old.count(p.expected) > 1
    # the same seed plants the same mistake; another seed may choose another place
    again = plant_file(SEED, tmp_path / "again.txt", kind, seed=1)
    assert again is not None and again.location == p.location and again.found == p.found


def test_kind_specific_edits(tmp_path):
    d = plant_file(SEED, tmp_path / "d.txt", "direction_word", seed=0)
    assert {d.expected, d.found} in ({"增加", "减少"}, {"增长", "下降"}, {"大于", "小于"}, {"高于", "低于"})
    y = plant_file(SEED, tmp_path / "y.txt", "year", seed=0)
    assert int(y.found) == int(y.expected) - 1
    h = plant_file(SEED, tmp_path / "h.txt", "heading_number", seed=0)
    assert h.location["part"] in ("heading", "para") and h.found != h.expected
    n = plant_file(SEED, tmp_path / "n.txt", "name_changed", seed=0)
    assert n.expected == "榆林市人事信息中心" and n.found != n.expected
    pc = plant_file(SEED, tmp_path / "p.txt", "percent_base", seed=0)
    assert abs(float(pc.found) - float(pc.expected)) >= 1  # ok-float: a test of percent text
    t = plant_file(SEED, tmp_path / "t.txt", "table_figure", seed=0)
    assert t.location["part"] == "cell" and t.location["table_title"] and t.location["row_text"]


def test_unknown_kind_and_format(tmp_path):
    with pytest.raises(ValueError):
        plant_file(SEED, tmp_path / "x.txt", "no_such_kind")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ValueError):
        plant_file(pdf, tmp_path / "b.pdf", "year")


def test_no_place_returns_none(tmp_path):
    src = tmp_path / "plain.txt"
    src.write_text("一段没有数字的文字。\n", encoding="utf-8")
    assert plant_file(src, tmp_path / "out.txt", "table_figure") is None
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("kind", ["prose_figure", "table_figure", "row_removed", "direction_word", "heading_number"])
def test_plant_docx_and_html(tmp_path, kind):
    import docx
    import lxml.html

    from audit.helpers import seed_to_docx, seed_to_html

    text = SEED.read_text(encoding="utf-8")
    src_docx, src_html = tmp_path / "s.docx", tmp_path / "s.html"
    seed_to_docx(text, src_docx)
    src_html.write_text(seed_to_html(text), encoding="utf-8")

    def docx_text(p):
        d = docx.Document(str(p))
        return [x.text for x in d.paragraphs] + ["\t".join(c.text for c in r.cells) for t in d.tables for r in t.rows]

    pd = plant_file(src_docx, tmp_path / "m.docx", kind, seed=2)
    ph = plant_file(src_html, tmp_path / "m.html", kind, seed=2)
    for p, before, after in ((pd, docx_text(src_docx), docx_text(tmp_path / "m.docx")),
                             (ph, lxml.html.parse(str(src_html)).getroot().text_content(),
                              lxml.html.parse(str(tmp_path / "m.html")).getroot().text_content())):
        assert p is not None
        assert before != after
        if kind == "row_removed":
            assert len("\n".join(after)) < len("\n".join(before))
        else:
            joined = "\n".join(after) if isinstance(after, list) else after
            assert p.location["context"].replace(p.expected, p.found, 1).replace(" ", "") in joined.replace(" ", "")


@pytest.mark.parametrize("kind", ALL)
def test_plant_document_and_blocks(example, kind):
    from juesuan.formats.published.text import read_text
    from juesuan.report import assemble

    doc = assemble(example)
    p = plant_document(doc, kind, seed=0)
    assert p is not None, kind
    raw = read_text(SEED)
    q = plant_blocks(raw, kind, seed=0)
    assert q is not None, kind
    texts = [b.text for b in raw.blocks] + ["\t".join(c or "" for c in r) for b in raw.blocks for r in b.rows]
    if kind != "row_removed":
        assert any(q.found in t for t in texts)


def test_manifest_round_trip(tmp_path):
    ps = [plant_file(SEED, tmp_path / f"{k}.txt", k, seed=0) for k in ("year", "prose_figure")]
    write_manifest(tmp_path / "m.json", ps)
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert {"file", "kind", "location", "found", "expected"} <= set(data[0])
    assert read_manifest(tmp_path / "m.json") == ps


@pytest.mark.parametrize("name", ["西南大学", "榆林市人事信息中心", "中共上海市普陀区委社会工作部"])
def test_a_changed_name_is_another_body_not_a_longer_form_of_the_same(name):
    # "西南大学院" would read as a part of 西南大学 (a subordinate body), not as the unit misnamed
    from juesuan.mutate.kinds import renamed

    new = renamed(name)
    assert new != name and name not in new and new not in name


def test_direction_bare_flips_a_word_with_no_number(tmp_path):
    """Only a direction word with no number in its clause (the seed's 培训费 “决算数较上年增加的主要原因”) is a
    place for direction_bare; one followed by its amount (增加372.90万元) or a placeholder is not."""
    from juesuan.formats.published.text import read_text
    from juesuan.mutate.kinds import Slot, candidates

    raw = read_text(SEED)
    q = plant_blocks(raw, "direction_bare", seed=0)
    assert q is not None and (q.expected, q.found) == ("增加", "减少")
    assert any("决算数较上年减少的主要原因是" in b.text for b in raw.blocks)
    slots = [Slot(0, "收入总计比上年增加20.00万元，支出同比有所下降；比上年增加（减少）。", "para")]
    assert [(e.old, e.new, e.tokens) for e in candidates("direction_bare", slots)] == [("下降", "增长", ("同比有所增长",))]
