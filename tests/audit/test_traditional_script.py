"""Reports printed in traditional characters (繁体字) are read and audited like simplified ones
(formats/published/script.py): the seed converted to traditional with OpenCC gives the seed's own
findings and claims, a simplified report quoting a few traditional characters is left as it is, and the
Ürümqi excerpt (a real report a mirror turned into traditional characters) is recognised and read."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, SEED
from juesuan.app.audit import audit_file
from juesuan.core.model import FinalAccounts
from juesuan.formats.published.blocks import Block
from juesuan.formats.published.script import is_traditional, reading_script, to_simplified
from juesuan.formats.published.text import parse_text, read_text
from juesuan.prose.binding import read_prose

XINJIANG = CORPUS / "xinjiang-urumqi-gov-service-center-2023-dept-final-excerpt.txt"


def _s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def _findings(report) -> list[tuple]:
    return sorted((f.rule, f.severity, f.status, str(f.found), str(f.expected), str(f.difference), f.rounding,
                   f.message) for f in report.findings)


def _claims(report) -> tuple:
    c = report.summary()["claims"]
    return c["found"], c["bound"], c["checked"], len(c["context"])


@pytest.fixture(scope="module")
def seed_traditional(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("trad") / "seed-traditional.txt"
    text = _s2t(SEED.read_text(encoding="utf-8"))
    assert text != SEED.read_text(encoding="utf-8") and "決算" in text
    path.write_text(text, encoding="utf-8")
    return path


def test_traditional_only_characters_match_opencc():
    """script.yaml is what its comment says: CJK characters outside GB2312 that t2s maps to one other
    character (regenerate it when OpenCC's tables change)."""
    import opencc
    import yaml

    from juesuan.formats.published import script

    t2s = opencc.OpenCC("t2s")
    want = []
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        try:
            ch.encode("gb2312")
            continue
        except UnicodeEncodeError:
            pass
        out = t2s.convert(ch)
        if out != ch and len(out) == 1:
            want.append(ch)
    data = yaml.safe_load(Path(script.__file__).with_name("script.yaml").read_text(encoding="utf-8"))
    assert "".join(data["traditional_only"].split()) == "".join(want)
    assert {"決", "預", "財", "經", "費", "說", "與", "這"} <= set(want)
    assert not {"决", "预", "财", "著", "于", "后"} & set(want)  # simplified (著 and 于 are both)


def test_seed_in_traditional_gives_the_seeds_findings(seed_report, seed_traditional):
    trad = audit_file(seed_traditional)
    assert trad.summary()["script"] == "traditional"
    assert "script" not in seed_report.summary()
    assert _findings(trad) == _findings(seed_report)
    assert _claims(trad) == _claims(seed_report)
    s, t = seed_report.summary(), trad.summary()
    assert [s[k] for k in ("error", "warning", "info", "passed", "not_checked")] == \
           [t[k] for k in ("error", "warning", "info", "passed", "not_checked")]
    assert s["error"] > 0 and s["claims"]["checked"] > 100  # the comparison is not between two empty audits


def test_seed_in_traditional_reads_the_same_tables(seed_published, seed_traditional):
    from juesuan.formats.published.read import read_published

    from .helpers import table_lines

    trad = read_published(seed_traditional)
    assert trad.script == "traditional" and seed_published.script == "simplified"
    assert table_lines(trad.model) == table_lines(seed_published.model)
    assert trad.model.unit.name == "榆林市人事信息中心"
    assert trad.detected_profile == seed_published.detected_profile


def test_conversion_keeps_every_length_and_place(seed_traditional):
    """Quoted places (line, block, offset) of the simplified reading are the original's."""
    original = read_text(seed_traditional)
    read = reading_script(original)
    assert read.script == "traditional"
    assert len(read.blocks) == len(original.blocks)
    for a, b in zip(original.blocks, read.blocks, strict=True):
        assert (a.kind, a.loc, a.row_locs, len(a.text)) == (b.kind, b.loc, b.row_locs, len(b.text))
        assert [[len(c) if c else c for c in r] for r in a.rows] == [[len(c) if c else c for c in r] for r in b.rows]
    text = XINJIANG.read_text(encoding="utf-8")
    assert len(to_simplified(text)) == len(text)


def test_simplified_report_quoting_traditional_characters_is_not_converted(tmp_path):
    """A simplified report quoting a title or a name in traditional characters stays as printed."""
    quote = "本报告的说明部分参照了香港《財政預算案》與“決算說明”的写法。"
    text = SEED.read_text(encoding="utf-8").replace("主要负责人审签情况：已审签\n", f"主要负责人审签情况：已审签\n\n{quote}\n", 1)
    assert quote in text
    assert not is_traditional(parse_text(text))
    path = tmp_path / "quoted.txt"
    path.write_text(text, encoding="utf-8")
    raw = read_text(path)
    assert reading_script(raw) is raw
    report = audit_file(path)
    assert "script" not in report.summary()
    assert any(b.text == quote for b in raw.blocks)


def test_a_title_alone_in_traditional_is_not_a_traditional_document():
    blocks = [Block("heading", "烏魯木齊市政務服務中心2023年度部門決算"),
              *[Block("para", "本年收入合计434.16万元，其中财政拨款收入434.16万元，比上年增加58.21万元。")] * 20]
    assert not is_traditional(blocks)
    assert is_traditional([Block("heading", "烏魯木齊市政務服務中心2023年度部門決算")] * 3)


def test_xinjiang_excerpt_is_recognised_and_its_sentences_read():
    raw = read_text(XINJIANG)
    assert is_traditional(raw.blocks)
    read = reading_script(raw)
    texts = [b.text for b in read.blocks]
    assert "乌鲁木齐市政务服务中心2023年度部门决算公开说明" in texts
    assert any(t.startswith("第二部分") and t.endswith("部门决算情况说明") for t in texts)
    model = FinalAccounts(year=2023, profile="shaanxi-2024")
    prose = read_prose(read.blocks, model, set(), None)
    income = [c for c in prose.claims if c.sentence.text.startswith("2023年度收入总计")]
    assert [c.text for c in income] == ["434.72万元", "434.16万元", "0.00万元", "0.55万元"]
    assert all(c.bound for c in income)
    assert sum(1 for c in prose.claims if c.bound) >= 12
    unconverted = read_prose(raw.blocks, FinalAccounts(year=2023, profile="shaanxi-2024"), set(), None)
    assert sum(1 for c in unconverted.claims if c.bound) < 6  # read as printed, the figures are mostly lost


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_docx_and_html_in_traditional_give_their_findings(tmp_path, seed_traditional, suffix):
    from .helpers import seed_to_docx, seed_to_html

    simplified, traditional = tmp_path / f"seed{suffix}", tmp_path / f"seed-traditional{suffix}"
    for text, path in ((SEED.read_text(encoding="utf-8"), simplified),
                       (seed_traditional.read_text(encoding="utf-8"), traditional)):
        if suffix == ".docx":
            seed_to_docx(text, path)
        else:
            path.write_text(seed_to_html(text), encoding="utf-8")
    s, t = audit_file(simplified), audit_file(traditional)
    assert t.summary()["script"] == "traditional" and "script" not in s.summary()
    assert _findings(t) == _findings(s)
    assert _claims(t) == _claims(s)
    assert s.summary()["claims"]["checked"] > 100


def test_console_and_html_say_the_report_was_read_from_traditional(seed_traditional, seed_report):
    from rich.console import Console

    from juesuan.findings.console import print_report, summary_line
    from juesuan.findings.html import render

    trad = audit_file(seed_traditional)
    note = "原文为繁体字，已转换为简体字后审核"
    console = Console(record=True, width=200)
    print_report(trad, str(seed_traditional), console, heading="审核结果")
    assert note in console.export_text()
    assert note not in summary_line(seed_report)
    page = render([trad.to_contract(str(seed_traditional)), seed_report.to_contract(str(SEED))])
    assert page.count(note) == 1


def test_big5_text_reads_like_the_same_text_in_utf8(tmp_path):
    """A report saved in Big5 (Taiwan / Hong Kong tools and pages) is decoded as Big5, not as the
    GB18030 nonsense the same bytes also give; a GB18030 file stays GB18030."""
    import opencc

    from juesuan.formats.published.script import decode_text

    text = opencc.OpenCC("s2tw").convert(SEED.read_text(encoding="utf-8")).replace("≥", "不低於")  # ≥: not in Big5
    big5, utf8 = tmp_path / "seed-big5.txt", tmp_path / "seed-utf8.txt"
    big5.write_bytes(text.encode("cp950"))
    utf8.write_text(text, encoding="utf-8")
    assert decode_text(big5.read_bytes()) == text
    assert big5.read_bytes().decode("gb18030") != text  # what reading it as GB18030 would give
    b, u = audit_file(big5), audit_file(utf8)
    assert b.summary()["script"] == "traditional"
    assert _findings(b) == _findings(u) and _claims(b) == _claims(u)
    assert b.summary()["claims"]["checked"] > 100
    seed = SEED.read_text(encoding="utf-8")
    assert decode_text(seed.encode("gb18030")) == seed
    excerpt = XINJIANG.read_text(encoding="utf-8")
    assert decode_text(excerpt.encode("big5hkscs")) == excerpt


def test_xinjiang_excerpt_audited_from_traditional():
    """The Ürümqi excerpt is audited (a 决算 narrative, its table not in the excerpt), said to be read from
    traditional characters; 434.16 + 0.00 + 0.55 = 434.71 against 收入总计 434.72 is 尾差, never an error."""
    report = audit_file(XINJIANG)
    s = report.summary()
    assert s["script"] == "traditional" and s["error"] == 0
    assert s["claims"]["found"] >= 14 and s["claims"]["checked"] >= 12
    sums = [f for f in report.findings if f.status == "fail" and f.rule == "NAR-004"]
    assert [(f.severity, f.rounding, str(f.found), str(f.expected), str(f.difference)) for f in sums] == \
           [("info", True, "434.72", "434.71", "0.01")]
    assert sums[0].location["sentence"].startswith("2023年度收入总计434.72万元,其中:本年收入合计434.16万元")


def test_every_mutation_kind_is_found_in_the_traditional_seed(tmp_path):
    """benchmarks/accuracy `seed-traditional-txt`: each kind of mistake planted once (seed 0) in the seed,
    the copy printed in traditional characters, is found as in the simplified seed."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks" / "accuracy"))
    from harness import run

    from juesuan.mutate import KINDS

    # direction_bare: the seed's one such word has no 上年数 anywhere (counted apart, test_accuracy_sample)
    trials = run(["seed-traditional-txt"], range(1), [k for k in KINDS if k != "direction_bare"], work=tmp_path)
    assert len(trials) == 9 and all(t.planted is not None for t in trials)
    lost = sorted(t.kind for t in trials if not t.found)
    assert not lost, f"mistakes not found in the traditional copy: {lost}"
    assert sum(t.pointed for t in trials) / sum(t.new for t in trials) >= 0.9
