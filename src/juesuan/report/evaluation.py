"""Self-evaluation tables (部门整体支出 / 项目 绩效自评表) as TableBlocks with merged cells.

The grids follow the reference report: 13 columns for the overall table, 10 for a project table;
一级/二级指标 cells span the indicator rows they group.  Figures are the unit's stated ones.
"""

from __future__ import annotations

from decimal import Decimal

from juesuan.core.amounts import fmt_amount
from juesuan.core.document import Cell, TableBlock
from juesuan.core.model import Evaluation, Indicator
from juesuan.derive import task_totals
from juesuan.report.wording import pct, plain

DASH = "—"


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, align="center")


def _t(text: str | None, colspan: int = 1, rowspan: int = 1, align: str | None = None) -> Cell:
    return Cell(text or "", colspan=colspan, rowspan=rowspan, align=align)  # type: ignore[arg-type]


def _n(value: Decimal | None) -> Cell:
    return Cell(fmt_amount(value), numeric=True, align="right")


def _rate(value: Decimal | None) -> Cell:
    return Cell("" if value is None else f"{pct(value)}%", numeric=True, align="right")


def _score(value: Decimal | None) -> Cell:
    return Cell(plain(value), numeric=True, align="center")


def level1_label(ev: Evaluation, level1: str) -> str:
    points = ev.level1_points.get(level1)
    return f"{level1}（{plain(points)}分）" if points is not None else level1


def _indicator_rows(ev: Evaluation, name_span: int, value_span: int, score_span: int,
                    deviation: bool) -> list[list[Cell]]:
    """One row per indicator; 一级 and 二级 cells span their consecutive group."""
    inds = ev.indicators
    rows: list[list[Cell]] = []
    counters: dict[tuple[str, str], int] = {}
    for i, ind in enumerate(inds):
        row: list[Cell] = []
        if i == 0 or inds[i - 1].level1 != ind.level1:
            span = _run(inds, i, lambda x: x.level1)
            row.append(_t(level1_label(ev, ind.level1), rowspan=span, align="center"))
        if i == 0 or (inds[i - 1].level1, inds[i - 1].level2) != (ind.level1, ind.level2):
            span = _run(inds, i, lambda x: (x.level1, x.level2))
            row.append(_t(ind.level2, rowspan=span, align="center"))
        key = (ind.level1, ind.level2)
        counters[key] = counters.get(key, 0) + 1
        row.append(_t(f"指标{counters[key]}：{ind.name}", colspan=name_span))
        row.append(_t(ind.target, colspan=value_span, align="center"))
        row.append(_t(ind.achieved, colspan=value_span, align="center"))
        row.append(_score(ind.weight))
        row.append(Cell(plain(ind.score), colspan=score_span, numeric=True, align="center"))
        if deviation:
            row.append(_t(ind.deviation))
        rows.append(row)
    return rows


def _run(inds: list[Indicator], start: int, key) -> int:  # type: ignore[no-untyped-def]
    k = key(inds[start])
    n = 0
    for ind in inds[start:]:
        if key(ind) != k:
            break
        n += 1
    return n


def overall_table(ev: Evaluation, *, block_id: str, title: str, subtitle: str) -> TableBlock:
    """部门（单位）整体支出绩效自评表: 13 columns; the 名称 row is the header (repeats on each page)."""
    header: list[list[Cell]] = [[_h("部门（单位）名称", colspan=3), _t(ev.name, colspan=10, align="center")]]
    body: list[list[Cell]] = []
    tasks = ev.tasks
    body.append([_h("年度主要任务完成情况", rowspan=2 + len(tasks)), _h("任务名称", rowspan=2),
                 _h("主要内容", rowspan=2), _h("完成情况", rowspan=2), _h("全年预算数（万元）", colspan=3),
                 _h("全年执行数（万元）", colspan=3), _h("分值", rowspan=2), _h("执行率", rowspan=2),
                 _h("得分", rowspan=2)])
    body.append([_h("总额"), _h("财政拨款"), _h("其他资金"), _h("总额"), _h("财政拨款"), _h("其他资金")])
    for task in tasks:
        body.append([_t(task.name), _t(task.content), _t(task.completion, align="center"),
                     _n(task.budget_total), _n(task.budget_fiscal), _n(task.budget_other),
                     _n(task.actual_total), _n(task.actual_fiscal), _n(task.actual_other),
                     _t(DASH, align="center"), _rate(task.rate), _t(DASH, align="center")])
    tot = task_totals(tasks)
    budget_total = ev.budget_full_year if ev.budget_full_year is not None else tot["budget_total"]
    actual_total = ev.budget_actual if ev.budget_actual is not None else tot["actual_total"]
    body.append([_h("金额合计", colspan=4), _n(budget_total), _n(tot["budget_fiscal"]), _n(tot["budget_other"]),
                 _n(actual_total), _n(tot["actual_fiscal"]), _n(tot["actual_other"]),
                 _score(ev.budget_weight), _rate(ev.budget_rate), _score(ev.budget_score)])
    body.append([_h("年度总体目标完成情况", rowspan=2), _h("预期目标（年初设定）", colspan=6),
                 _h("目标实际完成情况", colspan=6)])
    body.append([_t(ev.goals_expected, colspan=6), _t(ev.goals_achieved, colspan=6)])
    inds = _indicator_rows(ev, name_span=3, value_span=2, score_span=2, deviation=False)
    body.append([_h("年度绩效指标完成情况", rowspan=1 + len(inds)), _h("一级指标"), _h("二级指标"),
                 _h("指标内容", colspan=3), _h("年度指标值", colspan=2), _h("实际完成值", colspan=2),
                 _h("分值"), _h("得分", colspan=2)])
    body += inds
    body.append([_h("总分", colspan=10), _score(ev.total_weight), Cell(plain(ev.total_score), colspan=2,
                                                                      numeric=True, align="center")])
    return TableBlock(id=block_id, title=title, number=subtitle, unit_name=None, unit_label=None,
                      header=header, body=body, widths=[0.8, 1.4, 2.6, 0.9, 1, 1, 1, 1, 1, 1, 0.7, 0.9, 0.7],
                      landscape=False)  # a form printed portrait, as the published reports do


def project_table(ev: Evaluation, *, block_id: str, title: str, subtitle: str) -> TableBlock:
    """项目绩效自评表: 10 columns; the 项目名称 and 主管部门 rows are the header (repeat on each page)."""
    header: list[list[Cell]] = [
        [_h("项目名称", colspan=3), _t(ev.name, colspan=7, align="center")],
        [_h("主管部门", colspan=3), _t(ev.department, colspan=3, align="center"), _h("实施单位", colspan=2),
         _t(ev.implementer, colspan=2, align="center")]]
    body: list[list[Cell]] = []
    funds = ev.funds
    body.append([_h("项目资金（万元）", colspan=3, rowspan=1 + len(funds)), _h(""), _h("年初预算数"),
                 _h("全年预算数（A）"), _h("全年执行数（B）"), _h("分值"), _h("执行率（B/A）"), _h("得分")])
    for i, f in enumerate(funds):
        first = i == 0
        body.append([_t(f.label), _n(f.initial), _n(f.full_year), _n(f.actual),
                     _score(ev.budget_weight) if first else _t(DASH, align="center"),
                     _rate(f.rate),
                     _score(ev.budget_score) if first else _t(DASH, align="center")])
    body.append([_h("年度总体目标完成情况", rowspan=2), _h("预期目标（年初设定）", colspan=5),
                 _h("实际完成情况", colspan=4)])
    body.append([_t(ev.goals_expected, colspan=5), _t(ev.goals_achieved, colspan=4)])
    inds = _indicator_rows(ev, name_span=2, value_span=1, score_span=1, deviation=True)
    body.append([_h("绩效指标", rowspan=1 + len(inds)), _h("一级指标"), _h("二级指标"), _h("三级指标", colspan=2),
                 _h("年度指标值"), _h("实际完成值"), _h("分值"), _h("得分"), _h("偏差原因分析及改进措施")])
    body += inds
    body.append([_h("总分", colspan=7), _score(ev.total_weight), _score(ev.total_score), _t("")])
    return TableBlock(id=block_id, title=title, number=subtitle, unit_name=None, unit_label=None,
                      header=header, body=body, widths=[0.8, 1.2, 1.0, 2.4, 1.2, 1.2, 1.2, 0.7, 0.7, 2.0],
                      landscape=False)  # a form printed portrait, as the published reports do
