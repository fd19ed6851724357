"""Performance self-evaluation tables (整体支出 / 项目 绩效自评表) -> model.Evaluation."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.model import Evaluation, FundLine, Indicator, Task
from juesuan.formats.published.blocks import clean
from juesuan.formats.published.tables import amount, cell_text, is_number


def _rate(text: str | None) -> Decimal | None:
    t = cell_text(text).rstrip("%％")
    return amount(t)


def _num(text: str | None) -> Decimal | None:
    t = cell_text(text)
    return None if t in ("—", "-", "——", "") else amount(t)


_UNIT_NAME = ("部门（单位）名称", "部门(单位)名称", "单位名称")  # an overall table's first row
_PROJECT_NAME = "项目名称"  # a project table's first row


def evaluation_role(row: list[str | None]) -> str | None:
    """perf.overall / perf.project for a self-evaluation table's first row (部门（单位）名称 / 项目名称),
    None for any other row: a table that starts with it is a new one, not a continuation."""
    first = next((t for t in (clean(c or "") for c in row) if t), "")
    if first.rstrip(":：") == _PROJECT_NAME:
        return "perf.project"
    return "perf.overall" if first.startswith(_UNIT_NAME) else None


def read_evaluation(rows: list[list[str | None]], kind: str) -> Evaluation:
    """Read one self-evaluation table (kind "overall" or "project")."""
    ev = Evaluation(kind=kind)
    mode = ""
    cols: dict[str, int] = {}
    level1 = level2 = ""
    for r in rows:
        texts = [clean((c or "").replace("\n", "")) for c in r]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        joined = "".join(texts)
        if texts[0].startswith(_UNIT_NAME) or _PROJECT_NAME in texts[:2]:
            ev.name = next((t for t in nonempty[1:]), ev.name)
            continue
        if "主管部门" in texts:
            i = texts.index("主管部门")
            ev.department = next((t for t in texts[i + 1:] if t and t != "实施单位"), None)
            if "实施单位" in texts:
                j = texts.index("实施单位")
                ev.implementer = next((t for t in texts[j + 1:] if t), None)
            continue
        if "任务名称" in texts:
            mode = "tasks"
            cols = {"name": texts.index("任务名称")}
            for key, word in (("content", "主要内容"), ("completion", "完成情况"), ("budget", "全年预算数"),
                              ("actual", "全年执行数"), ("weight", "分值"), ("rate", "执行率"), ("score", "得分")):
                j = next((k for k, t in enumerate(texts) if t.startswith(word)), None)
                if j is not None:
                    cols[key] = j
            continue
        if "年初预算数" in joined and "全年执行数" in joined:
            mode = "funds"
            continue
        if "预期目标" in joined:
            mode = "goals"
            continue
        if "一级指标" in texts:
            mode = "indicators"
            cols = {}
            for key, words in (("l1", ("一级指标",)), ("l2", ("二级指标",)), ("name", ("三级指标", "指标内容")),
                               ("target", ("年度指标值",)), ("achieved", ("实际完成值",)), ("weight", ("分值",)),
                               ("score", ("得分",)), ("deviation", ("偏差原因",))):
                j = next((k for k, t in enumerate(texts) if any(t.startswith(w) for w in words)), None)
                if j is not None:
                    cols[key] = j
            continue
        if nonempty[0] == "总分":
            nums = [_num(t) for t in nonempty[1:] if is_number(t)]
            if nums:
                ev.total_weight = nums[0]
                ev.total_score = nums[1] if len(nums) > 1 else None
            continue
        if mode == "tasks":
            _task_row(ev, texts, cols)
        elif mode == "funds":
            _fund_row(ev, nonempty)
        elif mode == "goals":
            if len(nonempty) >= 1 and ev.goals_expected is None:
                ev.goals_expected = nonempty[0] if not nonempty[0].startswith("年度") else (nonempty[1] if len(nonempty) > 1 else None)
                rest = [t for t in nonempty if t != ev.goals_expected and not t.startswith("年度")]
                ev.goals_achieved = rest[0] if rest else None
        elif mode == "indicators":
            def get(key: str, texts: list[str] = texts, cols: dict[str, int] = cols) -> str:
                j = cols.get(key)
                return texts[j] if j is not None and j < len(texts) else ""
            if get("l1"):
                level1 = get("l1")
                m = re.match(r"^(.*?指标)[（(](\d+(?:\.\d+)?)分[）)]$", level1)
                if m:
                    level1 = m.group(1)
                    ev.level1_points[level1] = Decimal(m.group(2))
            if get("l2"):
                level2 = get("l2")
            name = re.sub(r"^指标\d+[：:]", "", get("name"))
            if not name:
                continue
            ev.indicators.append(Indicator(level1, level2, name, get("target") or None, get("achieved") or None,
                                           _num(get("weight")), _num(get("score")), get("deviation") or None))
    return ev


def _task_row(ev: Evaluation, texts: list[str], cols: dict[str, int]) -> None:
    def at(key: str, off: int = 0) -> str:
        j = cols.get(key)
        return texts[j + off] if j is not None and j + off < len(texts) else ""
    first = next((t for t in texts if t), "")
    if first in ("金额合计", "合计"):
        ev.budget_full_year = _num(at("budget"))
        ev.budget_actual = _num(at("actual"))
        ev.budget_weight = _num(at("weight"))
        ev.budget_rate = _rate(at("rate"))
        ev.budget_score = _num(at("score"))
        return
    if not at("name"):
        return
    ev.tasks.append(Task(at("name"), at("content") or None, at("completion") or None,
                         _num(at("budget")), _num(at("budget", 1)), _num(at("budget", 2)),
                         _num(at("actual")), _num(at("actual", 1)), _num(at("actual", 2)), _rate(at("rate"))))


def _fund_row(ev: Evaluation, nonempty: list[str]) -> None:
    label = nonempty[0]
    vals = nonempty[1:]
    if is_number(label) or not vals:
        return
    def pick(i: int) -> str:
        return vals[i] if i < len(vals) else ""
    line = FundLine(label, _num(pick(0)), _num(pick(1)), _num(pick(2)), _rate(pick(4)))
    ev.funds.append(line)
    if len(ev.funds) == 1:
        ev.budget_full_year, ev.budget_actual = line.full_year, line.actual
        ev.budget_weight, ev.budget_rate, ev.budget_score = _num(pick(3)), _rate(pick(4)), _num(pick(5))
