"""The fact sheets of the input workbook (单位概况, 人员情况, 上年数, 绩效 …), laid out in writers/xlsx_spec.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from juesuan.core.amounts import AmountOutOfRange, check_amount
from juesuan.core.errors import InputError
from juesuan.core.model import (
    Evaluation,
    FinalAccounts,
    FundLine,
    GlossaryEntry,
    Indicator,
    ItemBudget,
    Table,
    Task,
)
from juesuan.domain.profiles import load_profile
from juesuan.formats.workbook import spec as S
from juesuan.formats.workbook.grid import Grid, ReaderBase, as_text, profile_alias, set_path
from juesuan.formats.workbook.spec import canon_label, loose_label

UNIT_SUFFIX = re.compile(r"（(?:万元|%)）$")
# evaluation-sheet fields by the (row, column) labels the performance rules give their findings
EVALUATION_CELLS: dict[str, tuple[tuple[str, str], ...]] = {
    "total_weight": (("总分", "分值"),), "total_score": (("总分", "得分"),),
    "budget_weight": (("预算执行", "分值"),), "budget_score": (("预算执行", "得分"),),
    "budget_rate": (("预算执行", "执行率"), ("金额合计", "执行率")),
    "budget_full_year": (("金额合计", "全年预算数"),), "budget_actual": (("金额合计", "全年执行数"),),
}


class FactsReader(ReaderBase):
    """Reads the fact sheets into the model."""

    def kv_cell(self, g: Grid | None, label: str) -> tuple[int | None, int | None]:
        if g is None:
            return None, None
        for r in range(g.height):
            if g.text(r, 0) == canon_label(label):
                return r, 1
        return None, None

    def convert(self, g: Grid, r: int, c: int, kind: str) -> Any:
        v = g.raw(r, c)
        if v == "" or v is None:
            self.refuse_error(g, r, c)
            return None
        if kind == "amount":
            return self.amount(g, r, c)
        if kind == "int":
            if isinstance(v, float) and v.is_integer():
                return int(v)
            if isinstance(v, int) and not isinstance(v, bool):
                return v
            s = unicodedata.normalize("NFKC", str(v)).strip().replace(",", "")
            s = re.sub(r"(人次|人|个|辆|台（套）|台\(套\)|台|套|批次|批|年度|年)$", "", s)
            if re.fullmatch(r"\d+", s):
                return int(s)
            raise self.err(f"单元格里是“{as_text(v)}”，不是整数", g, r, c, expected="不小于 0 的整数")
        if kind == "decimal":
            if isinstance(v, float):
                d = Decimal(int(v)) if v.is_integer() else Decimal(repr(v))
            elif isinstance(v, int) and not isinstance(v, bool):
                d = Decimal(v)
            else:
                s = unicodedata.normalize("NFKC", str(v)).strip().rstrip("%").replace(",", "")
                try:
                    d = Decimal(s)
                except InvalidOperation:
                    raise self.err(f"单元格里是“{as_text(v)}”，不是数字", g, r, c, expected="数字") from None
            try:
                return check_amount(d)
            except AmountOutOfRange as exc:
                raise self.err(str(exc), g, r, c, expected="数字") from None
        text = as_text(v).strip()
        if kind == "list":
            return [p.strip() for p in re.split(r"[、,，;；\n]+", text) if p.strip()]
        return text or None

    def read_kv(self, g: Grid, fields: Sequence[S.Field], target: Any) -> None:
        index = {}
        for f in fields:
            index.setdefault(canon_label(f.label), f)
            index.setdefault(loose_label(f.label), f)
        for r in range(g.height):
            label = g.text(r, 0)
            f = index.get(label) or index.get(loose_label(label))
            if f is None:
                continue
            value = self.convert(g, r, 1, f.kind)
            if f.kind == "list" and value is None:
                value = []
            if f.path == "year" and value is None:
                continue
            if f.path == "profile":
                value = profile_alias(value)
                if value is None:
                    continue
            set_path(target, f.path, value)
            self.place(f"field|{f.path}", g, r, 1)

    def list_rows(self, g: Grid, header: Sequence[str],
                  optional: Sequence[str] = ()) -> tuple[dict[str, int], list[int]]:
        """Find the header row of a list table; returns label -> column and the record rows.
        Columns named in `optional` may be absent (older workbooks)."""
        want = [canon_label(h) for h in header]
        for r in range(g.height):
            texts = g.row_texts(r)
            loose = [loose_label(t) for t in texts]
            if want[0] in texts or loose_label(want[0]) in loose:
                if sum(1 for w in want if w in texts or loose_label(w) in loose) >= max(2, len(want) // 2):
                    cols = {}
                    for w, h in zip(want, header, strict=True):
                        c = texts.index(w) if w in texts else (loose.index(loose_label(w)) if loose_label(w) in loose else None)
                        if c is not None:
                            cols[h] = c
                    missing = [h for h in header if h not in cols and h not in optional]
                    if missing:
                        raise self.err(f"表头缺少“{missing[0]}”", g, r, 0, expected="、".join(f"“{h}”" for h in header))
                    rows = [rr for rr in range(r + 1, g.height)
                            if any(g.raw(rr, c) not in ("", None) for c in cols.values())]
                    return cols, rows
        raise self.err("找不到表头", g, expected="、".join(f"“{h}”" for h in header))

    def read_facts(self, facts: dict[str, Grid], m: FinalAccounts) -> None:
        for spec in S.KV_SHEETS:
            g = facts.get(spec.title)
            if g is not None and spec is not S.UNIT:
                self.read_kv(g, spec.fields, m)
        if (g := facts.get(S.STAFFING_TITLE)) is not None:
            self.read_staffing(g, m)
        if (g := facts.get(S.CONTENTS_TITLE)) is not None:
            self.read_contents(g, m)
        if (g := facts.get(S.ITEM_BUDGET_TITLE)) is not None:
            self.read_kv(g, (S.ITEM_BUDGET_TOTAL,), m)
            h = S.ITEM_BUDGET_HEADER
            cols, rows = self.list_rows(g, h, S.ITEM_BUDGET_OPTIONAL)
            carry: dict[str, str] = {}
            for r in rows:
                code = self.code(g, r, [cols["科目代码"]], "functional", carry)
                initial = self.amount(g, r, cols[h[4]])
                full = self.amount(g, r, cols[S.ITEM_BUDGET_FULL]) if S.ITEM_BUDGET_FULL in cols else None
                reason = self.convert(g, r, cols[h[7]], "text")
                purpose = self.convert(g, r, cols[h[8]], "text")
                if code is None:
                    if initial is not None or full is not None or reason:
                        raise self.err("这一行没有科目代码", g, r, cols["科目代码"], expected="7位数字的项级科目代码")
                    continue
                self.place(f"field|item_budgets[{code}].reason", g, r, cols[h[7]])
                if initial is None and full is None and reason is None and purpose is None:
                    continue
                m.item_budgets.append(ItemBudget(code, initial, reason, purpose, full))
        if (g := facts.get(S.REASONS_TITLE)) is not None:
            cols, rows = self.list_rows(g, S.REASONS_HEADER)
            by_label = {canon_label(label): key for key, label in S.REASONS}
            for r in rows:
                key = self.convert(g, r, cols["代码"], "text")
                label = g.text(r, cols["说明事项"])
                key = key if key in dict(S.REASONS) else by_label.get(label)
                if key is not None:
                    self.place(f"field|reasons.{key}", g, r, cols["主要原因"])
                text = self.convert(g, r, cols["主要原因"], "text")
                if text is None:
                    continue
                if key is None:
                    raise self.err(f"说明事项“{label}”无法识别", g, r, cols["说明事项"],
                                   expected="本表列出的说明事项之一")
                m.reasons[key] = text
        if (g := facts.get(S.ASSETS.title)) is not None:
            try:
                cols, rows = self.list_rows(g, S.VEHICLES_HEADER)
            except InputError:
                cols, rows = {}, []
            for r in rows:
                use = self.convert(g, r, cols["车辆用途"], "text")
                n = self.convert(g, r, cols["数量（辆）"], "int")
                if use and n is not None:
                    m.assets.vehicles[use] = n
        self.read_performance(facts, m)
        if (g := facts.get(S.OTHER_NOTES_TITLE)) is not None:
            cols, rows = self.list_rows(g, S.OTHER_NOTES_HEADER)
            for r in rows:
                t = self.convert(g, r, cols[S.OTHER_NOTES_HEADER[1]], "text")
                if t:
                    m.other_notes.append(t)
        if (g := facts.get(S.GLOSSARY_TITLE)) is not None:
            cols, rows = self.list_rows(g, S.GLOSSARY_HEADER)
            for r in rows:
                term = self.convert(g, r, cols["名词"], "text")
                definition = self.convert(g, r, cols["解释"], "text")
                if term or definition:
                    m.glossary.append(GlossaryEntry(term or "", definition or ""))

    def read_staffing(self, g: Grid, m: FinalAccounts) -> None:
        st = m.unit.staffing
        cols, rows = self.list_rows(g, S.STAFFING_HEADER)
        for r in rows:
            label = g.text(r, cols["类别"])
            if not label or label.startswith("（"):
                break
            a = self.convert(g, r, cols["编制人数"], "int")
            b = self.convert(g, r, cols["实有人数"], "int")
            if label == "合计":
                st.authorized_total, st.actual_total = a, b
                continue
            if a is not None:
                st.authorized[label] = a
            if b is not None:
                st.actual[label] = b
        self.read_kv(g, S.STAFFING_KV, m)

    def read_contents(self, g: Grid, m: FinalAccounts) -> None:
        profile = load_profile(m.profile)
        cols, rows = self.list_rows(g, S.CONTENTS_HEADER)
        for r in rows:
            title = g.text(r, cols["内容"])
            reason = self.convert(g, r, cols["表格为空的理由"], "text")
            lay = next((t for t in profile.ordered_tables() if title in map(canon_label, t.all_titles)), None)
            if lay is None or not reason:
                continue
            m.tables.setdefault(lay.id, Table(lay.id)).empty_reason = reason

    def read_performance(self, facts: dict[str, Grid], m: FinalAccounts) -> None:
        perf = m.performance
        evaluations: dict[tuple[str, str], Evaluation] = {}
        if (g := facts.get(S.EVALUATIONS_TITLE)) is not None:
            header = [f.label for f in S.EVALUATION_COLUMNS]
            cols, rows = self.list_rows(g, header)
            kinds = {v: k for k, v in S.KIND_LABELS.items()}
            for r in rows:
                e = Evaluation()
                points_at: dict[str, int] = {}  # 一级指标 -> the column its 分值 was read from
                for f in S.EVALUATION_COLUMNS:
                    c = cols[f.label]
                    for row_label, column_label in EVALUATION_CELLS.get(f.path, ()):
                        points_at[f"{row_label}|{column_label}"] = c
                    if f.path == "kind":
                        label = g.text(r, c)
                        if label not in kinds and label not in S.KIND_LABELS:
                            raise self.err(f"类型“{label}”无法识别", g, r, c, expected="“整体”或“项目”")
                        e.kind = kinds.get(label, label)
                    elif f.path == "level1_points.*":
                        text = self.convert(g, r, c, "text") or ""
                        for name, pts in re.findall(r"([^：:；;，,\s]+)\s*[：:]\s*(\d+(?:\.\d+)?)", text):
                            e.level1_points[name] = Decimal(pts)
                            points_at.setdefault(f"{name}|分值", c)
                    elif f.path.startswith("level1_points."):
                        v = self.convert(g, r, c, "decimal")
                        if v is not None:
                            e.level1_points[f.path.split(".", 1)[1]] = v
                            points_at[f"{f.path.split('.', 1)[1]}|分值"] = c
                    else:
                        v = self.convert(g, r, c, f.kind)
                        setattr(e, f.path, v if v is not None or f.path != "name" else "")
                for where, c in points_at.items():
                    self.place(f"perf|{e.kind}|{e.name}|{where}", g, r, c)
                if e.kind == "overall":
                    perf.overall = e
                else:
                    perf.projects.append(e)
                evaluations[(e.kind, e.name)] = e
        by_name: dict[str, Evaluation] = {}
        for (kind, name), e in evaluations.items():
            if kind == "overall" or name not in by_name:
                by_name[name] = e
        for title, columns, cls, key, attr in ((S.TASKS_TITLE, S.TASK_COLUMNS, Task, "name", "tasks"),
                                               (S.FUNDS_TITLE, S.FUND_COLUMNS, FundLine, "label", "funds")):
            if (g := facts.get(title)) is None:
                continue
            cols, recs = self.records(g, columns, cls, key)
            for owner, r, obj in recs:
                e = self.owner(g, r, by_name, owner, columns)
                getattr(e, attr).append(obj)
                self.place_perf(e, getattr(obj, key), g, r, cols)
        if (g := facts.get(S.INDICATORS_TITLE)) is not None:
            cols, rows = self.list_rows(g, [f.label for f in S.INDICATOR_COLUMNS])
            kinds = {v: k for k, v in S.KIND_LABELS.items()}
            for r in rows:
                kind = kinds.get(g.text(r, cols["类型"]), g.text(r, cols["类型"]))
                owner = self.convert(g, r, cols["评价对象名称"], "text") or ""
                e = evaluations.get((kind, owner)) or by_name.get(owner)
                if e is None:
                    raise self.err(f"评价对象“{owner}”不在“绩效自评表”中", g, r, cols["评价对象名称"],
                                   expected="“绩效自评表”中的名称")
                vals = {f.path: self.convert(g, r, cols[f.label], f.kind) for f in S.INDICATOR_COLUMNS
                        if not f.path.startswith("@")}
                e.indicators.append(Indicator(**{k: (v if v is not None or k not in ("level1", "level2", "name") else "")
                                                 for k, v in vals.items()}))
                self.place_perf(e, e.indicators[-1].name, g, r, cols)

    def records(self, g: Grid, columns: Sequence[S.Field], cls: type,
                required: str) -> tuple[dict[str, int], list[tuple[str, int, Any]]]:
        """The columns of a list sheet and its records as (owner, row, object)."""
        cols, rows = self.list_rows(g, [f.label for f in columns])
        out = []
        for r in rows:
            vals = {f.path: self.convert(g, r, cols[f.label], f.kind) for f in columns}
            owner = vals.pop("@owner") or ""
            if all(v is None for k, v in vals.items() if k != required) and (not owner or vals.get(required) is None):
                continue
            if vals.get(required) is None:
                vals[required] = ""
            out.append((owner, r, cls(**vals)))
        return cols, out

    def place_perf(self, e: Evaluation, row_label: str, g: Grid, r: int, cols: dict[str, int]) -> None:
        """Where a performance row's cells were read, under the row and column labels the rules name
        (指标1：… / 得分, 年度资金总额 / 全年预算数 …: the column header without its unit)."""
        for label, c in cols.items():
            self.place(f"perf|{e.kind}|{e.name}|{row_label}|{UNIT_SUFFIX.sub('', label)}", g, r, c)

    def owner(self, g: Grid, r: int, by_name: dict[str, Evaluation], owner: str, columns: Sequence[S.Field]) -> Evaluation:
        e = by_name.get(owner)
        if e is None:
            what = f"评价对象“{owner}”不在“绩效自评表”中" if owner else f"这一行没有填写{columns[0].label}"
            raise self.err(what, g, r, 0, expected="“绩效自评表”中的名称")
        return e


