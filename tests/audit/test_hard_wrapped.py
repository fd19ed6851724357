"""Hard-wrapped text (every paragraph broken into lines of one width, as a PDF copied line by line or a
web page's conversion prints it) reads like the same text with whole paragraphs."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS, SEED

from juesuan.app.audit import audit_file
from juesuan.formats.published.text import parse_text
from juesuan.formats.published.unwrap import display_width, wrap_width


def _wrap(line: str, width: int) -> list[str]:
    """Break a line into pieces of at most `width` display columns."""
    out, cur = [], ""
    for ch in line:
        if display_width(cur + ch) > width:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def _hard_wrapped(text: str, width: int) -> str:
    """Every long prose line of a text broken at `width` columns (headings, lists and tables kept)."""
    lines = []
    for line in text.split("\n"):
        prose = line and not line.startswith(("#", "-", "|")) and "\t" not in line
        lines.extend(_wrap(line, width) if prose else [line])
    return "\n".join(lines)


def _summary(path: Path) -> tuple[list[tuple[str, str, str]], int, int]:
    rep = audit_file(path)
    findings = sorted((f.rule, f.severity, f.status) for f in rep.findings if f.status == "fail")
    claims = rep.extra_summary["claims"]
    return findings, claims["found"], claims["checked"]


def test_seed_hard_wrapped_audits_like_the_seed(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    wrapped = _hard_wrapped(text, 60)
    assert wrapped.count("\n") > text.count("\n") + 100  # the test really wraps
    paras = [b.text for b in parse_text(text) if b.kind == "para"]
    assert [b.text for b in parse_text(wrapped) if b.kind == "para"] == paras  # every paragraph joined back
    path = tmp_path / "seed-wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    assert _summary(path) == _summary(SEED)


def test_whole_paragraph_lines_are_not_joined() -> None:
    blocks = parse_text(SEED.read_text(encoding="utf-8"))
    assert wrap_width(blocks) is None


def test_label_and_figure_on_two_lines_are_one_sentence() -> None:
    text = "\n".join([
        "8.上年结转和结余 8.02 万元,为以前年度支出预算因客",
        "观条件变化未执行完毕、结转到本年度按有关规定继续使用",
        "的资金。较 2022 年度决算数增加 0.78 万元,增长 10.8%,",
        "主要原因是:合理安排了费用的结算,按计划执行了预算工作。",
        "(二)本单位 2023 年度总支出 125.08 万元,其中本年",
        "支出 116.12 万元,较 2022 年度决算数增加 19.68 万元,增长",
        "20.41%,主要原因是:人员增加。",
        "9.其他收入 0.00 万元,为预算单位在“财政拨款收入”“事",
        "业收入”“经营收入”之外取得的收入。较 2022 年度决算数增",
        "加 0.00 万元,增长 0%,主要原因是:本单位无其他收入。",
    ])
    paras = [b.text for b in parse_text(text) if b.kind == "para"]
    assert paras[0].startswith("8.上年结转和结余8.02万元") and paras[0].endswith("按计划执行了预算工作。")
    assert paras[1] == "(二)本单位2023年度总支出125.08万元,其中本年支出116.12万元,较2022年度决算数增加19.68万元,增长20.41%,主要原因是:人员增加。"
    assert paras[2].startswith("9.其他收入") and "较2022年度决算数增加0.00万元" in paras[2]
    assert len(paras) == 3  # a numbered item starts its own paragraph


def test_a_wrapped_real_excerpt_reads_its_sentences_whole() -> None:
    path = next(CORPUS.glob("guangxi-wuzhou-unknown-unit-2023-*.txt"))
    paras = [b.text for b in parse_text(path.read_text(encoding="utf-8")) if b.kind == "para"]
    assert any("本单位2023年度总支出125.08万元,其中本年支出116.12万元,较2022年度决算数增加19.68万元" in p for p in paras)
