"""Performance self-evaluation tables (整体支出 / 项目 绩效自评表) -> model.Evaluation.

项目资金 columns are taken by their header words in the order printed (年初预算数 | 全年预算数 | 全年执行数 |
分值 | 执行率 | 得分, or Sichuan's 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分).  A text
export may leave out a merged first column (绩效指标) in the data rows: such a row is read one place to
the left.  A table whose cells were split at spaces (`Block.spaced`) has lost its blank cells: a 项目资金
row is read only when its figures fill the first three columns or all of them, indicator rows not at
all; what was not read is listed in `Evaluation.unread` and the rules needing it say "not checked".
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.model import Evaluation, FundLine, Indicator, Task
from juesuan.formats.published.blocks import Loc, clean
from juesuan.formats.published.tables import amount, cell_text, is_number


def _rate(text: str | None) -> Decimal | None:
    t = cell_text(text).rstrip("%％")
    return amount(t)


def _num(text: str | None) -> Decimal | None:
    t = cell_text(text)
    return None if t in ("—", "-", "——", "") else amount(t)


_UNIT_NAME = ("部门（单位）名称", "部门(单位)名称", "单位名称")  # an overall table's first row
_PROJECT_NAME = "项目名称"  # a project table's first row
NAME_WORD = _PROJECT_NAME[-2:]  # 名称: in every first row evaluation_role accepts (a cheap test before it)


def evaluation_role(row: list[str | None]) -> str | None:
    """perf.overall / perf.project for a self-evaluation table's first row (部门（单位）名称 / 项目名称),
    None for any other row: a table that starts with it is a new one, not a continuation."""
    first = next((t for t in (clean(c or "") for c in row) if t), "")
    if first.rstrip(":：") == _PROJECT_NAME:
        return "perf.project"
    return "perf.overall" if first.startswith(_UNIT_NAME) else None


def read_evaluation(rows: list[list[str | None]], kind: str, locs: list[Loc] | None = None,
                    spaced: bool = False) -> Evaluation:
    """Read one self-evaluation table (kind "overall" or "project").

    `locs`: where each row was printed (kept for the 项目资金 rows, the evidence of their findings);
    `spaced`: the cells were split at spaces, so blank cells are lost (see the module docstring)."""
    ev = Evaluation(kind=kind)
    mode = ""
    cols: dict[str, int] = {}
    fund_cols: list[str] = []
    shifted = False  # the header has a merged first column (绩效指标) that data rows may omit
    level1 = level2 = ""
    for i, r in enumerate(rows):
        texts = [clean((c or "").replace("\n", "")) for c in r]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        joined = "".join(texts)
        if texts[0].startswith(_UNIT_NAME) or _PROJECT_NAME in texts[:2]:
            rest = nonempty[1:]
            ev.name = ("".join(rest) if spaced else next(iter(rest), ev.name)) or ev.name
            continue
        if "主管部门" in texts:
            j = texts.index("主管部门")
            ev.department = next((t for t in texts[j + 1:] if t and t != "实施单位"), None)
            if "实施单位" in texts:
                j = texts.index("实施单位")
                ev.implementer = next((t for t in texts[j + 1:] if t), None)
            continue
        if nonempty[0].startswith("实施单位") and len(nonempty) > 1 and ev.implementer is None:
            ev.implementer = nonempty[1]
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
        keys = [k for k in (_fund_key(t) for t in texts) if k]
        if "initial" in keys and "actual" in keys and len(set(keys)) == len(keys):
            mode, fund_cols = "funds", keys
            continue
        if "预期目标" in joined:
            mode = "goals"
            continue
        if "一级指标" in texts:
            mode = "indicators"
            cols = {}
            for key, words in _INDICATOR_WORDS:
                j = next((k for k, t in enumerate(texts) if any(t.startswith(w) for w in words)), None)
                if j is not None:
                    cols[key] = j
            shifted = cols.get("l1", 0) >= 1
            continue
        if nonempty[0] == "总分" or (mode == "indicators" and nonempty[0] == "合计"):
            nums = [_num(t) for t in nonempty[1:] if is_number(t)]
            if spaced and len(nums) != 2:  # which of 分值 / 得分 is blank cannot be told
                ev.unread.setdefault("totals", []).append(nonempty[0])
            elif nums:
                ev.total_weight = nums[0]
                ev.total_score = nums[1] if len(nums) > 1 else None
            if mode == "indicators":
                mode = ""  # 评价结论 / 存在问题 … follow
            continue
        if mode == "tasks":
            if spaced:  # a task's amounts cannot be placed in their columns without the blank cells
                ev.unread.setdefault("tasks", []).append(nonempty[0])
                continue
            _task_row(ev, texts, cols)
        elif mode == "funds":
            _fund_row(ev, texts, fund_cols, spaced, locs[i] if locs and i < len(locs) else None)
        elif mode == "goals":
            nonempty = [t for t in nonempty if t != "|"]  # a spaced row keeps the cell rule between the two texts
            if len(nonempty) >= 1 and ev.goals_expected is None:
                ev.goals_expected = nonempty[0] if not nonempty[0].startswith("年度") else (nonempty[1] if len(nonempty) > 1 else None)
                rest = [t for t in nonempty if t != ev.goals_expected and not t.startswith("年度")]
                ev.goals_achieved = rest[0] if rest else None
        elif mode == "indicators":
            if spaced:  # an indicator's columns cannot be told apart without the blank cells
                ev.unread.setdefault("indicators", []).append(nonempty[0])
                continue
            off = 1 if shifted and texts[0] else 0  # the row omits the merged 绩效指标 column

            def get(key: str, texts: list[str] = texts, cols: dict[str, int] = cols, off: int = off) -> str:
                j = cols.get(key)
                return texts[j - off] if j is not None and 0 <= j - off < len(texts) else ""
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


_INDICATOR_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("l1", ("一级指标",)), ("l2", ("二级指标",)), ("name", ("三级指标", "指标内容")),
    ("target", ("年度指标值", "指标值")), ("achieved", ("实际完成值", "完成值")), ("weight", ("分值", "权重")),
    ("score", ("得分",)), ("deviation", ("偏差原因", "未完成原因")))
# 项目资金 column words, tried in this order on a header cell without its (A) / (万元) note
_FUND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rate", ("执行率",)), ("actual", ("全年执行数", "预算执行数", "执行数")), ("initial", ("年初预算",)),
    ("full_year", ("全年预算数", "调整后预算", "全年预算")), ("weight", ("分值", "权重")), ("score", ("得分",)))


_ANY_FUND_WORD = re.compile("|".join(w for _, words in _FUND_WORDS for w in words))


def _fund_key(text: str) -> str | None:
    if not _ANY_FUND_WORD.search(text):  # most cells: one search instead of a substitution and 14 tests
        return None
    t = re.sub(r"[（(][^）)]*[）)]", "", text)
    return next((key for key, words in _FUND_WORDS if any(w in t for w in words)), None)


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


def _fund_row(ev: Evaluation, texts: list[str], fund_cols: list[str], spaced: bool, loc: Loc | None) -> None:
    """A 项目资金 row: its label, then its figures in the header's column order."""
    first = next((k for k, t in enumerate(texts) if t), None)
    if first is None or is_number(texts[first]):
        return
    label, vals = texts[first].rstrip(":："), texts[first + 1:]
    if spaced:
        while vals and not _figure(vals[0]):  # a label printed with spaces (其中： 本年财政拨款)
            label += vals.pop(0)
        vals = [v for v in vals if v]
        if any(not _figure(v) for v in vals) or len(vals) not in (0, 3, len(fund_cols)) or (
                len(vals) == 3 and fund_cols[:3] != ["initial", "full_year", "actual"]):
            ev.unread.setdefault("funds", []).append(label)  # which column a figure sits in is not certain
            return
    got = {key: vals[j] if j < len(vals) else "" for j, key in enumerate(fund_cols)}
    line = FundLine(label, _num(got.get("initial")), _num(got.get("full_year")), _num(got.get("actual")),
                    _rate(got.get("rate")))
    ev.funds.append(line)
    if loc is not None:
        ev.locs[label] = {k: v for k, v in loc.to_dict().items() if k in ("page", "source_line")}
    if len(ev.funds) == 1:
        ev.budget_full_year, ev.budget_actual = line.full_year, line.actual
        ev.budget_weight, ev.budget_rate, ev.budget_score = _num(got.get("weight")), line.rate, _num(got.get("score"))
        if loc is not None:
            ev.locs["预算执行"] = ev.locs[label]


def _figure(text: str) -> bool:
    """A figure a 项目资金 cell may hold: an amount, a rate, or a dash for none."""
    t = cell_text(text).rstrip("%％")
    return is_number(t) or t in ("—", "-", "——", "/")
