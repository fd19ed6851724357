"""Assemble the whole report: cover, 目录, 概况, 情况说明, the nine tables, 名词解释, 附件.

Every figure comes from derive.py (or is the model's printed figure); every reason is the unit's
own text.  A reason or fact the wording needs but the model lacks is never invented: the text
gets a visible placeholder and the gap is recorded in `Assembler.missing` (rule NAR-REASON-MISSING
and NAR-FACT-MISSING report it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan import derive
from juesuan.core.codec import to_json
from juesuan.core.document import Chart, Document, Heading, PageBreak, Paragraph, TableBlock, Toc, TocEntry
from juesuan.core.model import FinalAccounts
from juesuan.domain.profiles import cn_ordinal, load_profile
from juesuan.report.evaluation import overall_table, project_table
from juesuan.report.tables import group_thousands, printed_empty, table_block
from juesuan.report.wording import amount, load_wording, pct, plain, renumber, sentence


@dataclass(frozen=True)
class Missing:
    """A reason or fact the wording needs and the model lacks."""

    kind: str  # "reason" | "fact"
    field: str  # model path, e.g. "reasons.total_change", "item_budgets[2080101].reason"
    what: str  # Chinese description
    section: str  # heading of the section where the placeholder stands
    anchor: str


def _dec(value: Decimal | None) -> str:
    """A chart value as a decimal string (blank = 0)."""
    return f"{derive.or_zero(value):f}"


class Assembler:
    """Builds a Document for one model; `missing` lists the placeholders written."""

    def __init__(self, model: FinalAccounts, profile_id: str | None = None, gaps_only: bool = False) -> None:
        self.m = model
        self.gaps_only = gaps_only  # only `missing` is wanted: no tables, charts or embedded model
        self.pid = profile_id or model.profile
        self.profile = load_profile(self.pid)
        self.wording = load_wording(self.profile.id)
        self.blocks: list[Any] = []
        self.toc: list[TocEntry] = []
        self.missing: list[Missing] = []
        self.section = ""
        self.anchor = ""
        name = model.unit.name or "（单位名称）"
        self.common = {"year": model.year, "prior_year": model.year - 1, "unit": name}
        self.common["unit_ref"] = str(self.wording.get("unit_ref", "本单位")).format(**self.common)

    # --- helpers ---------------------------------------------------------------------------

    def text(self, path: str, **kw: Any) -> str:
        """The template at a dotted path, filled with the common fields and `kw`."""
        node: Any = self.wording
        for part in path.split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return str(node).format(**{**self.common, **kw}) if node else ""

    def has(self, path: str) -> bool:
        node: Any = self.wording
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return bool(node)

    def para(self, text: str, anchor: str | None = None, style: str = "body") -> None:
        if text:
            self.blocks.append(Paragraph(text, style=style, anchor=anchor))  # type: ignore[arg-type]

    def heading(self, level: int, text: str, anchor: str | None = None, toc: bool = False) -> None:
        self.blocks.append(Heading(level, text, anchor=anchor, in_toc=toc))
        if toc:
            self.toc.append(TocEntry(level, text, anchor))

    def reason(self, text: str | None, field: str, what: str) -> str:
        """The unit's reason as a sentence, or the visible placeholder (recorded as missing)."""
        s = sentence(text)
        if s:
            return s
        self.missing.append(Missing("reason", field, what, self.section, self.anchor))
        return str(self.wording.get("placeholder_reason", "【请填写原因】")) + "。"

    def with_reason(self, path: str, text: str | None, field: str, what: str, **kw: Any) -> str:
        """The template at `path` with the unit's reason; nothing (and no gap) when the wording has none."""
        if not self.has(path):
            return ""
        return self.text(path, reason=self.reason(text, field, what), **kw)

    def fact(self, value: Any, field: str, what: str) -> str:
        if value not in (None, "", [], {}):
            return str(value)
        self.missing.append(Missing("fact", field, what, self.section, self.anchor))
        return str(self.wording.get("placeholder_fact", "【请填写】"))

    def note_missing(self, field: str, what: str) -> None:
        self.missing.append(Missing("fact", field, what, self.section, self.anchor))

    def chart(self, id: str, kind: str, labels: list[str], series: list[tuple[str, list[str]]],
              unit: str = "万元", shares: list[Decimal | None] | None = None) -> None:
        if self.gaps_only:
            return
        title = self.text(f"charts.{id}") or id
        self.blocks.append(Chart(id=id, title=title, kind=kind, labels=labels, series=series,  # type: ignore[arg-type]
                                 unit=unit, shares=[pct(x) for x in shares or []]))

    # --- the document ----------------------------------------------------------------------

    def run(self) -> Document:
        """The document (in gaps-only mode without tables, charts and the embedded model)."""
        m = self.m
        self.para(self.common["unit"], style="cover-title")
        subtitle = self.text("cover.subtitle")
        self.para(subtitle, style="cover-subtitle")
        if self.wording.get("cover", {}).get("header_lines", True):
            for line in self.profile.header_lines:
                value = getattr(m.unit, line.get("key", ""), None) or line.get("default", "")
                self.para(f"{line['label']}：{value}", style="cover-line")
        cover_end = len(self.blocks)
        parts: dict[str, Callable[[str], None]] = {
            "overview": self.part_overview, "narrative": self.part_narrative, "tables": self.part_tables,
            "glossary": self.part_glossary, "annex": self.part_annex,
        }
        for part in self.wording["parts"]:
            self.blocks.append(PageBreak())
            parts[part](self.text(f"part_titles.{part}"))
        toc = Toc(title=str(self.wording.get("toc_title", "目 录")), entries=list(self.toc))
        self.blocks[cover_end:cover_end] = [PageBreak(), toc]
        if self.profile.thousands_separator:
            for b in self.blocks:
                if isinstance(b, TableBlock):
                    group_thousands(b)
        return Document(title=self.common["unit"], subtitle=subtitle, blocks=self.blocks,
                        model_json="" if self.gaps_only else to_json(m), profile=self.profile.id)

    def _part(self, key: str, title: str) -> None:
        self.section = title
        self.anchor = f"part.{key}"
        self.heading(1, title, self.anchor, toc=True)

    def _sections(self, ids: list[str], builders: dict[str, Callable[[], None]], prefix: str) -> None:
        for n, sid in enumerate(ids, 1):
            title = f"{cn_ordinal(n)}、{self.text(f'headings.{sid}')}"
            self.section, self.anchor = title, f"{prefix}.{sid}"
            self.heading(2, title, self.anchor, toc=True)
            builders[sid]()

    # --- 第一部分 概况 ----------------------------------------------------------------------

    def part_overview(self, title: str) -> None:
        self._part("overview", title)
        builders = {"duties": self.ov_duties, "functions": self.ov_functions,
                    "composition": self.ov_composition, "staffing": self.ov_staffing}
        self._sections(list(self.wording["overview_sections"]), builders, "s1")

    def ov_duties(self) -> None:
        u = self.m.unit
        self.para(self.text("overview.duties_intro"))
        self.heading(3, self.text("overview.duties_heading"))
        self.para(self.text("overview.duties", duties=self.fact(u.duties, "unit.duties", "单位主要职责")))
        self.heading(3, self.text("overview.departments_heading"))
        if u.departments:
            self.para(self.text("overview.departments", count=len(u.departments), names="、".join(u.departments)))
        else:
            self.para(self.text("overview.no_departments"))

    def ov_functions(self) -> None:
        self.para(self.fact(self.m.unit.duties, "unit.duties", "单位主要职能"))

    def ov_composition(self) -> None:
        u = self.m.unit
        covered = u.units_covered
        if len(covered) > 1:
            self.para(self.text("overview.composition_many", count=len(covered), names="、".join(covered)))
        elif u.superior and u.budget_level:
            self.para(self.text("overview.composition_secondary", superior=u.superior, level=u.budget_level))
        else:
            self.para(self.text("overview.composition_single"))

    def ov_staffing(self) -> None:
        s = self.m.unit.staffing
        if s.authorized_total is None and s.actual_total is None:
            self.para(self.fact(None, "unit.staffing", "人员编制和实有人数"))
            return
        auth = "、".join(self.text("overview.staffing_authorized_item", kind=k, n=n) for k, n in s.authorized.items())
        act = "、".join(self.text("overview.staffing_actual_item", kind=k, n=n) for k, n in s.actual.items())
        self.para(self.text("overview.staffing", as_of=s.as_of or f"{self.m.year}年底",
                      authorized_total=self.fact(s.authorized_total, "unit.staffing.authorized_total", "人员编制数"),
                      authorized=auth or "—", actual_total=self.fact(s.actual_total, "unit.staffing.actual_total",
                                                                       "实有人数"),
                      actual=act or "—", retirees=s.retirees if s.retirees is not None else 0))
        kinds = list(dict.fromkeys([*s.authorized, *s.actual]))
        if kinds:
            self.chart("staff", "grouped_bar", kinds,
                       [("编制人数", [str(s.authorized.get(k, 0)) for k in kinds]),
                        ("实有人数", [str(s.actual.get(k, 0)) for k in kinds])], unit="人")

    # --- 第二部分 情况说明 --------------------------------------------------------------------

    def part_narrative(self, title: str) -> None:
        self._part("narrative", title)
        builders = {
            "total": self.s_total, "income": self.s_income, "expenditure": self.s_expenditure,
            "appropriation": self.s_appropriation, "general_budget": self.s_general_budget,
            "basic": self.s_basic, "fund": self.s_fund, "state_capital": self.s_state_capital,
            "three_public": self.s_three_public, "agency_running": self.s_agency_running,
            "procurement": self.s_procurement, "assets": self.s_assets, "performance": self.s_performance,
            "performance_management": self.s_performance_management, "other_important": self.s_other_important,
            "other": self.s_other,
        }
        self._sections(list(self.wording["narrative_sections"]), builders, "s2")

    def change_text(self, key: str, current: Decimal, prior: Decimal | None, reason_key: str, what: str,
                    **kw: Any) -> str:
        """The comparison with last year in the wording of `key` (change / change_no_rate / flat / no_prior)."""
        c = derive.change(current, prior)
        if c is None:
            return self.text(f"{key}.no_prior", **kw)
        if c.amount == 0:
            return self.text(f"{key}.flat", **kw)
        reason = self.reason(self.m.reasons.get(reason_key), f"reasons.{reason_key}", what)
        variant = "change" if c.rate is not None else "change_no_rate"
        return self.text(f"{key}.{variant}", direction=c.direction, rate_word=c.rate_word, amount=amount(abs(c.amount)),
                      rate=pct(c.rate), reason=reason, **kw)

    def s_total(self) -> None:
        m = self.m
        inc, exp = derive.income_grand_total(m), derive.expenditure_grand_total(m)
        if inc != exp:
            self.para(self.text("total.unequal", income=amount(inc), expenditure=amount(exp)), self.anchor)
        else:
            self.para(self.change_text("total", inc, m.prior.income_grand_total, "total_change",
                                    "收入支出总计与上年相比变动的原因", total=amount(inc)), self.anchor)
        self._year_bars("totals", (m.prior.income_grand_total, m.prior.expenditure_grand_total), (inc, exp))

    def _year_bars(self, chart_id: str, prior: tuple[Decimal | None, Decimal | None],
                   current: tuple[Decimal | None, Decimal | None]) -> None:
        """收入总计 and 支出总计 side by side, last year's pair first when it is known."""
        years = ([(self.m.year - 1, prior)] if any(v is not None for v in prior) else []) + [(self.m.year, current)]
        labels = [f"{year}年度" for year, _ in years]
        self.chart(chart_id, "grouped_bar", labels, [("收入总计", [_dec(pair[0]) for _, pair in years]),
                                                     ("支出总计", [_dec(pair[1]) for _, pair in years])])

    def _structure(self, key: str, total: Decimal, parts: list[tuple[str, str, Decimal, Decimal | None]],
                   chart_id: str) -> None:
        if not parts:
            self.para(self.text(f"{key}.none"), self.anchor)
            return
        text = "；".join(self.text(f"{key}.part", name=name, amount=amount(a), share=pct(s)) for _, name, a, s in parts)
        self.para(self.text(f"{key}.sentence", total=amount(total), parts=text), self.anchor)
        self.chart(chart_id, "pie", [name for _, name, _, _ in parts], [("决算数", [_dec(a) for _, _, a, _ in parts])],
                   shares=[sh for _, _, _, sh in parts])

    def s_income(self) -> None:
        self._structure("income", derive.income_total(self.m), derive.income_structure(self.m), "income")

    def s_expenditure(self) -> None:
        self._structure("expenditure", derive.expenditure_total(self.m), derive.expenditure_structure(self.m),
                        "expenditure")

    def s_appropriation(self) -> None:
        m = self.m
        total = derive.appropriation_grand_total(m)
        self.para(self.change_text("appropriation", total, m.prior.appropriation_grand_total, "appropriation_change",
                                "财政拨款收入支出总计与上年相比变动的原因", total=amount(total)), self.anchor)
        spent = derive.appropriation_expenditure_grand_total(m)
        prior = m.prior.appropriation_grand_total
        self._year_bars("appropriation", (prior, prior), (total, spent))

    def s_general_budget(self) -> None:
        m = self.m
        actual = derive.general_budget_expenditure(m)
        initial = m.general_budget_initial
        sub = self.has("general_budget.overall_heading")
        if sub:
            self.heading(3, self.text("general_budget.overall_heading"))
        text = ""
        if not sub:
            rate = derive.completion_rate(actual, initial)
            text += (self.text("general_budget.budget", initial=amount(initial), actual=amount(actual), rate=pct(rate))
                     if rate is not None else self.text("general_budget.budget_none", actual=amount(actual)))
            text += self.general_budget_variance(actual, initial, rate, only_given=True)  # the seed gives none
        text += self.text("general_budget.share", share=pct(derive.share(actual, derive.expenditure_total(m))),
                       actual=amount(actual))
        text += self.change_text("general_budget", actual, m.prior.general_budget_expenditure,
                                 "general_budget_change", "一般公共预算财政拨款支出与上年相比变动的原因")
        self.para(text, self.anchor)
        compare_labels, compare_values = [], []
        if m.prior.general_budget_expenditure is not None:
            compare_labels.append(f"{m.year - 1}年度决算")
            compare_values.append(_dec(m.prior.general_budget_expenditure))
        if initial is not None:
            compare_labels.append(f"{m.year}年度年初预算")
            compare_values.append(_dec(initial))
        compare_labels.append(f"{m.year}年度决算")
        compare_values.append(_dec(actual))
        self.chart("gb_compare", "bar", compare_labels, [("金额", compare_values)])
        classes = derive.class_structure(m)
        if sub:
            self.heading(3, self.text("general_budget.structure_heading"))
            parts = "；".join(self.text("general_budget.class_part", name=name, amount=amount(a), share=pct(s))
                             for _, name, a, s in classes)
            self.para(self.text("general_budget.structure", actual=amount(actual), parts=parts), self.anchor)
        if classes:
            self.chart("gb_structure", "pie", [name for _, name, _, _ in classes],
                       [("决算数", [_dec(a) for _, _, a, _ in classes])], shares=[sh for _, _, _, sh in classes])
        if sub:
            self.heading(3, self.text("general_budget.detail_heading"))
            rate = derive.completion_rate(actual, initial)
            text = (self.text("general_budget.budget", initial=amount(initial), actual=amount(actual), rate=pct(rate))
                    if rate is not None else self.text("general_budget.budget_none", actual=amount(actual)))
            text += self.general_budget_variance(actual, initial, rate, only_given=False)
            self.para(text + self.text("general_budget.items_intro"), self.anchor)
        else:
            self.para(self.text("general_budget.items_intro"))
        self.items()

    def general_budget_variance(self, actual: Decimal, initial: Decimal | None, rate: Decimal | None,
                                only_given: bool) -> str:
        """决算数大于/小于年初预算数的主要原因 for the total; `only_given`: written only when the unit gives
        one (a template whose report may leave it out), else the placeholder marks the gap."""
        cmp = derive.comparison_word(actual, initial)
        given = self.m.reasons.get("general_budget_variance")
        if rate is None or cmp == "等于" or (only_given and not (given or "").strip()):
            return ""
        return self.with_reason("general_budget.variance_reason", given, "reasons.general_budget_variance",
                                "一般公共预算财政拨款支出决算数与年初预算数差异的原因", comparison=cmp)

    def items(self) -> None:
        """Every 项 of T05: 年初预算, 决算, completion rate and the unit's reason."""
        variances = derive.item_variances(self.m)
        if not variances:
            self.para(self.text("general_budget.items_none"))
            return
        for n, iv in enumerate(variances, 1):
            anchor = f"s2.item.{iv.code}"
            self.anchor = anchor
            text = self.text("general_budget.item_head", n=n, class_name=iv.class_name, section_name=iv.section_name,
                          item_name=iv.item_name)
            b = self.m.item_budget(iv.code)
            if b and b.purpose:
                text += self.text("general_budget.item_purpose", purpose=b.purpose.rstrip("。"))
            field = f"item_budgets[{iv.code}].reason"
            fig = {"initial": amount(iv.initial), "actual": amount(iv.actual), "rate": pct(iv.rate)}
            # a region that compares with 全年预算数 (Shanghai) states 年初 and 全年 when the unit has both
            full = iv.full_year is not None and self.has("general_budget.item_full_budget")
            comparison = iv.full_comparison if full else iv.comparison
            what = f"{iv.code} {iv.item_name}（项）决算数与{'全年' if full else '年初'}预算数差异的原因"
            if full:
                fig |= {"full_year": amount(iv.full_year), "full_rate": pct(iv.full_rate)}
            kind = {"新增": "new", "等于": "equal"}.get(str(comparison), "budget")
            kw: dict[str, Any] = {} if kind == "equal" else {"reason": self.reason(iv.reason, field, what)}
            if kind == "budget":
                kw["comparison"] = comparison
            text += self.text(f"general_budget.item_{'full_' if full else ''}{kind}", **kw, **fig)
            self.para(text, anchor)

    def s_basic(self) -> None:
        m = self.m
        parts = [self.text("basic.intro", basic=amount(derive.general_budget_basic(m)))]
        for key, value, classes in (("personnel", derive.personnel_expenses(m), self.profile.personnel_classes),
                                    ("public", derive.public_expenses(m), self.profile.public_classes)):
            names = "、".join(r.label for r in derive.economic_items(m, classes))
            if value == 0 and not names:
                parts.append(self.text(f"basic.{key}_none"))
            else:
                parts.append(self.text(f"basic.{key}", amount=amount(value), names=names))
        if self.wording["basic"].get("single_paragraph"):
            self.para("".join(parts), self.anchor)
        else:
            for text in parts:
                self.para(text, self.anchor)

    def _fund_table(self, key: str, table_id: str) -> None:
        t = self.m.table(table_id)
        if t.is_empty:
            self.para(self.text(f"{key}.empty"), self.anchor)
            return
        tot = t.row("total")
        g = (lambda c: derive.or_zero(tot.get(c) if tot else None))  # noqa: E731
        self.para(self.text(f"{key}.sentence", opening=amount(g("opening_balance")), income=amount(g("income")),
                      expenditure=amount(g("total")), closing=amount(g("closing_balance"))), self.anchor)
        for n, r in enumerate(derive.item_rows(t), 1):
            c, s, i = derive.item_path(t, r.key)
            self.para(self.text(f"{key}.item", n=n, class_name=c, section_name=s, item_name=i,
                          actual=amount(r.get("total"))), f"{self.anchor}.{r.key}")

    def s_fund(self) -> None:
        self._fund_table("fund", "T07")

    def s_state_capital(self) -> None:
        self._fund_table("state_capital", "T08")

    def s_three_public(self) -> None:
        m = self.m
        tp = "three_public"
        if self.has(f"{tp}.heading"):
            self.heading(3, self.text(f"{tp}.heading"))
        budget, actual = derive.three_public(m, "budget", "total"), derive.three_public(m, "actual", "total")
        if budget == 0 and actual == 0:
            self.para(self.text(f"{tp}.none"), self.anchor)
        else:
            rate = derive.completion_rate(actual, budget)
            text = (self.text(f"{tp}.total", budget=amount(budget), actual=amount(actual), rate=pct(rate))
                    if rate is not None else self.text(f"{tp}.total_no_budget", actual=amount(actual)))
            cmp = derive.comparison_word(actual, budget)
            if rate is not None and cmp != "等于":
                text += self.with_reason(f"{tp}.variance", m.reasons.get("three_public_variance"),
                                         "reasons.three_public_variance", "“三公”经费决算数与预算数差异的原因",
                                         comparison=cmp)
            c = derive.change(actual, m.prior.three_public_actual)
            if c is None:
                self.note_missing("prior.three_public_actual", "上年“三公”经费决算数")
            elif c.amount == 0:
                text += self.text(f"{tp}.flat")
            else:
                text += self.with_reason(f"{tp}.change" if c.rate is not None else f"{tp}.change_no_rate",
                                         m.reasons.get("three_public_change"), "reasons.three_public_change",
                                         "“三公”经费与上年相比变动的原因", direction=c.direction,
                                         rate_word=c.rate_word, amount=amount(abs(c.amount)), rate=pct(c.rate))
            self.para(text, self.anchor)
        facts = m.three_public
        headings = self.wording.get(tp, {}).get("items", {}) or {}
        none = budget == 0 and actual == 0
        if none and not self.wording[tp].get("items_when_none", True):
            return self.meeting_training_sections()
        if not none and self.has(f"{tp}.detail_heading"):
            self.heading(3, self.text(f"{tp}.detail_heading"))
        for key in ("overseas", "vehicle_purchase", "vehicle_operation", "reception"):
            if headings.get(key):
                self.heading(4, headings[key])
            name = self.text(f"{tp}.item_names.{key}")
            b, a = derive.three_public(m, "budget", key), derive.three_public(m, "actual", key)
            if a == 0 and b == 0:
                self.para(self.text(f"{tp}.item_none", name=name), f"{self.anchor}.{key}")
                continue
            rate = derive.completion_rate(a, b)
            share = pct(derive.share(a, actual))
            text = (self.text(f"{tp}.item", name=name, budget=amount(b), actual=amount(a), rate=pct(rate), share=share)
                    if rate is not None else self.text(f"{tp}.item_no_budget", name=name, actual=amount(a), share=share))
            if key == "overseas" and a:
                text += self.text(f"{tp}.overseas_counts",
                               groups=self.fact(facts.overseas_groups, "three_public.overseas_groups", "因公出国（境）团组数"),
                               persons=self.fact(facts.overseas_persons, "three_public.overseas_persons", "因公出国（境）人次"))
            elif key == "vehicle_purchase" and a:
                text += self.text(f"{tp}.vehicle_purchase_counts", count=self.fact(
                    facts.vehicles_purchased, "three_public.vehicles_purchased", "公务用车购置数量"))
            elif key == "vehicle_operation" and a:
                text += self.text(f"{tp}.vehicle_operation_counts", count=self.fact(
                    facts.vehicles_held, "three_public.vehicles_held", "公务用车保有量"))
            elif key == "reception" and a:
                text += self.text(f"{tp}.reception_counts",
                               batches=self.fact(facts.reception_batches, "three_public.reception_batches", "国内公务接待批次"),
                               persons=self.fact(facts.reception_persons, "three_public.reception_persons", "国内公务接待人次"))
            self.para(text, f"{self.anchor}.{key}")
        self.meeting_training_sections()

    def meeting_training_sections(self) -> None:
        tp = "three_public"
        if self.profile.three_public_includes_meeting_training and self.has(f"{tp}.training_heading"):
            order = ["training", "meeting"] if self.wording[tp].get("training_first", True) else ["meeting", "training"]
            for key in order:
                self.heading(3, self.text(f"{tp}.{key}_heading"))
                self.meeting_training(key)

    def meeting_training(self, key: str) -> None:
        m = self.m
        name = "培训费" if key == "training" else "会议费"
        budget, actual = derive.three_public(m, "budget", key), derive.three_public(m, "actual", key)
        anchor = f"{self.anchor}.{key}"
        if budget == 0 and actual == 0:
            self.para(self.text("mt.none", name=name), anchor)
            return
        rate = derive.completion_rate(actual, budget)
        text = (self.text("mt.sentence", name=name, budget=amount(budget), actual=amount(actual), rate=pct(rate))
                if rate is not None else self.text("mt.no_budget", name=name, actual=amount(actual)))
        if rate is not None:
            diff = derive.variance(actual, budget)
            if diff == 0:
                text += self.text("mt.equal")
            else:
                text += self.with_reason("mt.variance", m.reasons.get(f"{key}_variance"), f"reasons.{key}_variance",
                                         f"{name}决算数与预算数差异的原因", direction="增加" if diff > 0 else "减少",
                                         amount=amount(abs(diff)))
        prior = m.prior.training_actual if key == "training" else m.prior.meeting_actual
        c = derive.change(actual, prior)
        given = m.reasons.get(f"{key}_change")
        if c is None:
            self.note_missing(f"prior.{key}_actual", f"上年{name}决算数")
            if given:  # the unit explained a change but the prior-year figure is unknown: no direction word
                text += self.text("mt.change", direction="变动", reason=sentence(given))
        elif c.amount == 0:
            text += self.text("mt.flat")
        else:
            text += self.with_reason("mt.change", given, f"reasons.{key}_change", f"{name}与上年相比变动的原因",
                                     direction=c.direction, amount=amount(abs(c.amount)))
        f = m.three_public
        count, persons = ((f.trainings, f.training_persons) if key == "training" else (f.meetings, f.meeting_persons))
        if count is not None:
            text += self.text(f"mt.counts_{key}", count=count, persons=persons if persons is not None else "—")
        if key == "training" and f.training_purpose:
            text += self.text("mt.purpose", purpose=f.training_purpose.rstrip("。"))
        self.para(text, anchor)

    def s_agency_running(self) -> None:
        m = self.m
        arc = m.agency_running_costs
        if derive.or_zero(arc.actual) == 0 and derive.or_zero(arc.budget) == 0:
            if arc.actual is None and arc.budget is None:
                self.note_missing("agency_running_costs.actual", "机关运行经费支出决算数")
            self.para(self.text("agency_running.none"), self.anchor)
            return
        rate = derive.completion_rate(arc.actual, arc.budget)
        text = (self.text("agency_running.sentence", budget=amount(arc.budget), actual=amount(arc.actual), rate=pct(rate))
                if rate is not None else self.text("agency_running.no_budget", actual=amount(arc.actual)))
        cmp = derive.comparison_word(arc.actual, arc.budget)
        if rate is not None and cmp != "等于":
            text += self.with_reason("agency_running.variance", m.reasons.get("agency_running_costs_variance"),
                                     "reasons.agency_running_costs_variance", "机关运行经费决算数与预算数差异的原因",
                                     comparison=cmp)
        c = derive.change(derive.or_zero(arc.actual), m.prior.agency_running_costs)
        if c is None:
            self.note_missing("prior.agency_running_costs", "上年机关运行经费决算数")
            text += self.text("agency_running.no_prior")
        elif c.amount == 0:
            text += self.text("agency_running.flat")
        else:
            text += self.with_reason("agency_running.change" if c.rate is not None else "agency_running.change_no_rate",
                                     m.reasons.get("agency_running_costs_change"),
                                     "reasons.agency_running_costs_change", "机关运行经费与上年相比变动的原因",
                                     direction=c.direction, rate_word=c.rate_word, amount=amount(abs(c.amount)),
                                     rate=pct(c.rate))
        self.para(text, self.anchor)

    def s_procurement(self) -> None:
        p = self.m.procurement
        if p.total is None:
            self.para(self.fact(None, "procurement.total", "政府采购支出总额"), self.anchor)
            return
        if p.total == 0:
            self.para(self.text("procurement.none"), self.anchor)
            return
        self.para(self.text("procurement.totals", total=amount(p.total), goods=amount(p.goods), works=amount(p.works),
                      services=amount(p.services)), self.anchor)
        sh = derive.procurement_shares(self.m)
        self.para(self.text("procurement.sme", sme=amount(p.sme_total), small_micro=amount(p.small_micro),
                      **{f"{k}_share": pct(val) for k, val in sh.items()}), self.anchor)

    def s_assets(self) -> None:
        a = self.m.assets
        if a.statement:
            self.para(sentence(a.statement), self.anchor)
            return
        parts = []
        if a.vehicles:
            items = "、".join(self.text("assets.vehicle_item", kind=k, n=n) for k, n in a.vehicles.items())
            parts.append(self.text("assets.vehicles", total=sum(a.vehicles.values()), items=items))
        if a.large_equipment is not None:
            parts.append(self.text("assets.equipment", count=a.large_equipment,
                                threshold=plain(a.large_equipment_threshold or Decimal(100))))
        if a.total is not None:
            parts.append(self.text("assets.total", total=amount(a.total)))
        if a.purchases is not None:
            parts.append(self.text("assets.purchases", amount=amount(a.purchases)))
        self.para("".join(parts) or self.fact(None, "assets", "国有资产占用情况（车辆、大型设备）"), self.anchor)

    def s_performance(self) -> None:
        m = self.m
        perf = m.performance
        self.heading(3, self.text("performance.management_heading"))
        self.para(self.fact(perf.management, "performance.management", "预算绩效管理工作开展情况"), self.anchor)
        pe = derive.project_evaluations(m)
        if pe.count:
            self.para(self.text("performance.projects_line", count=pe.count, budget=amount(pe.budget),
                          share=pct(pe.share)), self.anchor)
        self.heading(3, self.text("performance.overall_heading"))
        ov = perf.overall
        if ov is None:
            self.para(self.fact(None, "performance.overall", "单位整体支出绩效自评结果"), self.anchor)
        else:
            self.para(self.text("performance.overall", score=plain(ov.total_score), budget=amount(ov.budget_full_year),
                          actual=amount(ov.budget_actual),
                          rate=pct(derive.execution_rate(ov.budget_actual, ov.budget_full_year)),
                          summary=sentence(ov.summary), problems=sentence(ov.problems),
                          measures=sentence(ov.measures)), self.anchor)
            if not self.gaps_only:
                self.blocks.append(self.overall_block("perf.overall"))
        self.heading(3, self.text("performance.projects_heading"))
        if not perf.projects:
            self.para(self.text("performance.no_projects"), self.anchor)
        else:
            self.para(self.text("performance.projects_intro", names="、".join(p.name for p in perf.projects),
                          count=len(perf.projects)), self.anchor)
            for n, ev in enumerate(perf.projects, 1):
                self.para(self.text("performance.project", n=n, name=ev.name, budget=amount(ev.budget_full_year),
                              actual=amount(ev.budget_actual),
                              rate=pct(derive.execution_rate(ev.budget_actual, ev.budget_full_year)),
                              summary=sentence(ev.summary), problems=sentence(ev.problems),
                              measures=sentence(ev.measures)), f"{self.anchor}.project.{n}")
                if not self.gaps_only:
                    self.blocks.append(project_table(ev, block_id=f"perf.project.{n}",
                                                     title=self.text("performance.project_table_title"),
                                                     subtitle=self.text("performance.table_subtitle")))
        for key, attr, what in (("special", "special_funds", "专项资金绩效自评结果"),
                                ("unit_key", "unit_key_projects", "单位重点评价项目绩效评价结果"),
                                ("fiscal_key", "fiscal_key_projects", "财政重点评价项目绩效评价结果")):
            self.heading(3, self.text(f"performance.{key}_heading"))
            self.para(sentence(self.fact(getattr(perf, attr), f"performance.{attr}", what)), self.anchor)

    def overall_block(self, block_id: str) -> TableBlock:
        assert self.m.performance.overall is not None
        return overall_table(self.m.performance.overall, block_id=block_id,
                             title=self.text("performance.overall_table_title"),
                             subtitle=self.text("performance.table_subtitle"))

    def s_performance_management(self) -> None:
        perf = self.m.performance
        pe = derive.project_evaluations(self.m)
        text = self.text("performance_management.intro")
        text += sentence(self.fact(perf.management, "performance.management", "预算绩效管理工作开展情况"))
        if pe.count:
            avg = derive.average_score(perf.projects)
            text += self.text("performance_management.projects", count=pe.count, budget=amount(pe.budget),
                           average=plain(avg))
        self.para(text, self.anchor)

    def s_other_important(self) -> None:
        for n, (key, builder) in enumerate((("agency_running", self.s_agency_running),
                                            ("procurement", self.s_procurement), ("assets", self.s_assets)), 1):
            self.heading(3, f"（{cn_ordinal(n)}）{self.text(f'headings.{key}')}")
            builder()

    def s_other(self) -> None:
        m = self.m
        notes = [sentence(n) for n in m.other_notes]
        units = self.text("other.units", count=max(1, len(m.unit.units_covered)))
        if units and not any("决算数据反映" in n for n in notes):
            notes.append(units)
        notes.append(self.text("other.contact", phone=self.fact(m.unit.contact_phone, "unit.contact_phone", "联系电话")))
        for n, text in enumerate(notes, 1):
            self.para(f"{n}. {text}", self.anchor)

    # --- 第三部分 决算表 -----------------------------------------------------------------------

    def part_tables(self, title: str) -> None:
        self._part("tables", title)
        if self.gaps_only:  # the tables print the model's figures: nothing can be missing there
            return
        m, prof = self.m, self.profile
        layouts = prof.ordered_tables()
        toc_body = []
        from juesuan.core.document import Cell

        tw = self.wording["tables"]
        for n, layout in enumerate(layouts, 1):
            t = m.table(layout.id)
            empty = printed_empty(layout, t)
            reason = (t.empty_reason or prof.empty_table_reason) if empty else ""
            toc_body.append([Cell(self.text("tables.toc_number", n=n), align="center"), Cell(layout.title),
                             Cell(self.text("tables.empty_yes") if empty else self.text("tables.empty_no"), align="center"),
                             Cell(reason)])
            self.toc.append(TocEntry(2, f"{cn_ordinal(n)}、{layout.title}", layout.id))
        if tw.get("toc_table", True):
            header = [[Cell(x, header=True, align="center") for x in tw["toc_header"]]]
            self.blocks.append(TableBlock(id="toc.tables", title=self.text("tables.toc_title"), unit_label=None,
                                          header=header, body=toc_body, widths=[0.8, 5, 1, 3]))
        total_last = set(tw.get("total_last") or ())
        for layout in layouts:
            self.blocks.append(PageBreak())
            empty = printed_empty(layout, m.table(layout.id))
            empty_note = self.text(f"tables.empty_notes.{layout.id}") if empty else ""
            self.blocks.append(table_block(
                m, prof, layout.id, unit_name=self.text("tables.unit_name") or None,
                unit_label=self.text("tables.unit_label") or None, total_last=layout.id in total_last,
                extra_note=empty_note, line_numbers=bool(tw.get("line_numbers", True))))

    # --- 第四部分 名词解释 ---------------------------------------------------------------------

    def part_glossary(self, title: str) -> None:
        self._part("glossary", title)
        entries: dict[str, str] = {str(t): str(d) for t, d in self.wording.get("glossary", [])}
        for e in self.m.glossary:  # the unit's own definitions replace or extend the profile's
            entries[e.term] = e.definition
        chinese = self.wording.get("glossary_numbering") == "chinese"
        for n, (term, definition) in enumerate(entries.items(), 1):
            num = f"{cn_ordinal(n)}、" if chinese else f"{n}. "
            self.para(f"{num}{term}：{definition}", f"glossary.{n}")

    # --- 第五部分 附件 ------------------------------------------------------------------------

    def part_annex(self, title: str) -> None:
        self._part("annex", title)
        m = self.m
        perf = m.performance
        self.heading(2, self.text("annex.label"), "annex.1")
        # the attachment's own title: centred and large, as a document title (Heading.title)
        self.blocks.append(Heading(2, self.text("annex.title"), anchor="annex.title", in_toc=False, title=True))
        if perf.report:
            for line in (x.strip() for x in perf.report.splitlines()):
                if line:
                    self.para(line, "annex.report")
        else:
            self.annex_report()
        if perf.overall is not None and not self.gaps_only:
            self.para(self.text("annex.attached"), "annex.attached")
            self.blocks.append(self.overall_block("annex.overall"))

    def annex_report(self) -> None:
        """The self-evaluation report written from the model's evaluation fields.  Its headings are
        numbered as they are written (一、 / （一）), so a part left out leaves no gap."""
        m = self.m
        perf = m.performance
        ov = perf.overall
        self.section, self.anchor = self.text("annex.title"), "annex.report"
        counts = [0, 0]

        def heading(level: int, text: str) -> None:
            counts[level - 2] += 1
            if level == 2:
                counts[1] = 0
            self.heading(level, renumber(text, counts[level - 2]))
        heading(2, self.text("annex.conclusion_heading"))
        if ov is not None:
            self.para(self.text("annex.conclusion", score=plain(ov.total_score),
                          grade=self.fact(ov.grade, "performance.overall.grade", "自评等级")), self.anchor)
        heading(2, self.text("annex.overview_heading"))
        heading(3, self.text("annex.basic_heading"))
        s = m.unit.staffing
        basic = sentence(m.unit.duties)
        if s.authorized_total is not None:
            auth = "、".join(self.text("overview.staffing_authorized_item", kind=k, n=n) for k, n in s.authorized.items())
            act = "、".join(self.text("overview.staffing_actual_item", kind=k, n=n) for k, n in s.actual.items())
            basic += (f"截至{s.as_of or str(m.year) + '年底'}，本单位人员编制{s.authorized_total}人，其中{auth}；"
                      f"实有人员{s.actual_total}人，其中{act}。")
        self.para(basic, self.anchor)
        if ov is not None and ov.goals_expected:
            heading(3, self.text("annex.goals_heading"))
            self.para(ov.goals_expected, self.anchor)
        if perf.management:
            heading(3, self.text("annex.management_heading"))
            self.para(perf.management, self.anchor)
        heading(3, self.text("annex.budget_heading"))
        # the parts are the 一般公共预算 ones (T06 人员 / 公用, T05 项目): the total they add up to is
        # 财政拨款 only when the unit has no other 财政拨款 (政府性基金, 结转) — else say whose total
        general = derive.general_budget_expenditure(m)
        appropriation = derive.appropriation_grand_total(m)
        key = "annex.budget" if appropriation == general or not self.has("annex.budget_general") else "annex.budget_general"
        self.para(self.text(key, appropriation=amount(appropriation), general=amount(general),
                      personnel=amount(derive.personnel_expenses(m)), public=amount(derive.public_expenses(m)),
                      project=amount(derive.general_budget_project(m))), self.anchor)
        if ov is not None:
            heading(2, self.text("annex.achieved_heading"))
            if ov.goals_achieved:
                self.para(ov.goals_achieved, self.anchor)
            if ov.summary:
                self.para(sentence(ov.summary), self.anchor)
        if perf.projects:
            heading(2, self.text("annex.projects_heading"))
            for ev in perf.projects:
                self.para(self.text("annex.project", name=ev.name, budget=amount(ev.budget_full_year),
                              actual=amount(ev.budget_actual),
                              rate=pct(derive.execution_rate(ev.budget_actual, ev.budget_full_year)),
                              summary=sentence(ev.summary)), self.anchor)
        if ov is not None and (ov.problems or ov.measures):
            heading(2, self.text("annex.problems_heading"))
            heading(3, self.text("annex.problems_sub"))
            self.para(sentence(ov.problems), self.anchor)
            heading(3, self.text("annex.measures_sub"))
            self.para(sentence(ov.measures), self.anchor)
        heading(2, self.text("annex.use_heading"))
        self.para(self.text("annex.use"), self.anchor)


__all__ = ["Assembler", "Missing"]
