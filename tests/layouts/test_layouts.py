"""The one definition per table layout (juesuan.layouts): what the readers, writers and report share."""

from __future__ import annotations

from juesuan.domain.profiles import load_profile
from juesuan.layouts import classified, economic, matrix, two_sided


def test_two_sided_pairs_income_line_n_with_the_nth_expenditure_row() -> None:
    layout = load_profile("shaanxi-2024").table("T01")
    pairs = two_sided.line_pairs(layout)
    assert len(pairs) == max(max(r.line or 0 for r in layout.left.rows), len(layout.right.rows))
    n, left, right, lined = pairs[0]
    assert (n, left.key, lined) == (1, "general_budget", True)
    assert right is layout.right.rows[0]
    last_income = max(r.line or 0 for r in layout.left.rows)
    assert pairs[last_income - 1][1].key == "income_grand_total"
    # past the income side's last 行次 only the expenditure side prints
    assert all(p[1] is None and not p[3] for p in pairs[last_income:])


def test_printed_lines_fill_the_blank_lines_between_spec_rows() -> None:
    left = load_profile("shaanxi-2024").table("T01").left
    printed = two_sided.printed_lines(left.rows)
    lines = [line for _, line in printed]
    assert lines == list(range(lines[0], lines[-1] + 1))
    assert any(spec is None for spec, _ in printed)  # 行次 without a row of this template
    assert {s.key for s, _ in printed if s is not None} == {r.key for r in left.rows}


def test_two_sided_totals_and_fund_balances() -> None:
    assert two_sided.GRAND_TOTALS == {"left": "income_grand_total", "right": "expenditure_grand_total"}
    assert two_sided.CLOSING_FUNDS == ("closing_general_budget", "closing_fund_budget",
                                       "closing_state_capital_budget")
    assert two_sided.opening("fund_budget") == "opening_fund_budget"
    t04 = load_profile("shaanxi-2024").table("T04")
    keys = {r.key for r in t04.left.rows + t04.right.rows}
    assert set(two_sided.CLOSING_FUNDS) <= keys and two_sided.opening("general_budget") in keys
    assert two_sided.INCOME_PARTS[:3] == ("general_budget", "fund_budget", "state_capital_budget")


def test_matrix_rows_and_column_pairs() -> None:
    for profile in ("shaanxi-2024", "shanghai-2024"):
        p = load_profile(profile)
        layout = next(t for t in p.tables.values() if t.layout == "matrix")
        assert [r.key for r in matrix.rows(layout)] == ["budget", "actual"]
        pairs = matrix.column_pairs(layout)
        assert len(pairs) == 2 * len(layout.columns)
        assert [s.key for _, s in pairs[:2]] == ["budget", "actual"]
    assert matrix.row_key("预算") == "budget" and matrix.row_key("决算数（万元）") == "actual"
    assert matrix.row_key("合计") is None


def test_economic_footer_is_read_with_or_without_heji() -> None:
    layout = next(t for t in load_profile("shaanxi-2024").tables.values() if t.layout == "economic")
    specs = economic.footer(layout)
    assert [s.key for s in specs] == ["personnel_total", "public_total"]
    assert [economic.footer_word(s) for s in specs] == ["人员经费", "公用经费"]


def test_classified_code_carried_down_split_columns() -> None:
    parts, carry = classified.carry_code(["201", "01", "01"], ["", "", ""])
    assert (parts, carry) == (["201", "01", "01"], ["201", "01", "01"])
    parts, carry = classified.carry_code(["", "", "02"], carry)  # 类 and 款 printed only where they change
    assert "".join(parts) == "2010102"
    parts, carry = classified.carry_code(["", "03", ""], carry)
    assert "".join(parts) == "20103" and carry == ["201", "03", ""]
    assert classified.CODE.match("2010102") and not classified.CODE.match("2010")
    assert set(classified.PARTS) == {"T02", "T03", "T05", "T07", "T08"}


def test_column_printed_labels_start_with_the_profiles() -> None:
    from juesuan.layouts import columns

    t02 = load_profile("shaanxi-2024").table("T02")
    total = next(c for c in t02.columns if c.key == "total")
    labels = columns.printed_labels(total)
    assert labels[0] == total.label and "本年收入合计" in labels
    other = next(c for c in t02.columns if c.key not in columns.ALIASES)
    assert columns.printed_labels(other) == (other.label,)
