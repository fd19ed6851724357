"""Which regional profile a published report follows, from what it prints.

Signals: Shaanxi reports carry the 保密审查 / 审签 header lines and a "三公" table with 会议费、
培训费; Shanghai reports put "三公" as table 7, end the explanation with 其他重要事项 and name
上海; reports of the Ministry of Education university template print 高等学校收支决算总表 (and
its three sister tables); a unit's own final accounts say 单位决算 (YYYY年度单位决算, 单位决算情况说明)
and list its detail tables; anything else is read with the national nine-table profile.
"""

from __future__ import annotations

import re
from typing import Protocol


class _HasText(Protocol):
    kind: str
    text: str


def detect_profile(blocks: list[_HasText]) -> str:
    """The profile id for a report's blocks: shaanxi-2024, shanghai-2024, moe-university-2024, unit-final-2024
    or national."""
    text = "\n".join(b.text for b in blocks if b.kind != "table")
    head = text[:4000]
    # national first: a tie (one weak signal such as 其他重要事项, which many regions print) keeps it
    scores = {"national": 1, "shaanxi-2024": 0, "shanghai-2024": 0, "moe-university-2024": 0, "unit-final-2024": 0}
    university = len(set(re.findall(r"高等学校(收支决算总表|收入决算表|支出决算表|财政拨款支出决算表)", text)))
    if university >= 2:  # the template's own table titles, not a university merely named in the text
        scores["moe-university-2024"] += 3 + university
    if re.search(r"保密审查情况", head):
        scores["shaanxi-2024"] += 3
    if re.search(r"审签情况", head):
        scores["shaanxi-2024"] += 2
    if "会议费、培训费支出决算表" in text or "会议费、培训费支出决算情况" in text:
        scores["shaanxi-2024"] += 2
    if re.search(r"陕西|西安|榆林|延安|宝鸡|咸阳|渭南|汉中|安康|商洛|铜川|杨凌", head):
        scores["shaanxi-2024"] += 2
    if re.search(r"年度单位决算|单位决算情况说明|单位决算(?:公开|报告)", head):  # not 部门（单位）决算
        scores["unit-final-2024"] += 3
        if re.search(r"一般公共预算财政拨款项目支出决算表|(?<!公共预算)财政拨款支出决算明细表", text):
            scores["unit-final-2024"] += 1  # its detail tables
    if re.search(r"上海", head):
        scores["shanghai-2024"] += 3
    if re.search(r"七、财政拨款“三公”经费支出决算表", text):
        scores["shanghai-2024"] += 2
    if re.search(r"其他重要事项的?情况?说明", text):
        scores["shanghai-2024"] += 1
    if re.search(r"公开0?[1-9]表", text) and "七、政府性基金预算财政拨款收入支出决算表" in text:
        scores["national"] += 1
    return max(scores, key=lambda k: scores[k])


_KIND_STATED = re.compile(r"(?:单位性质|单位类型)[为是：:]*\s*(行政单位|行政机关|参照公务员法管理的?事业单位|参公事业单位|"
                          r"(?:公益[一二]类|全额拨款|差额拨款|自收自支)?事业单位)")


def infer_unit_kind(texts: list[str], function_labels: list[str]) -> str | None:
    """行政单位 / 参公事业单位 / 事业单位 from what a published report states, else from the 项 its
    spending sits under (行政运行 only: administrative; 事业运行 only: 事业); None when unknown or mixed."""
    text = "\n".join(texts)
    stated = {m.group(1) for m in _KIND_STATED.finditer(text)}
    if len(stated) == 1:
        kind = stated.pop()
        return "参公事业单位" if "参" in kind else "行政单位" if "行政" in kind else "事业单位"
    if "参照公务员法管理" in text:
        return "参公事业单位"
    admin = any(lab.endswith("行政运行") for lab in function_labels)
    public = any(lab.endswith("事业运行") for lab in function_labels)
    if admin != public:
        return "行政单位" if admin else "事业单位"
    return None


def agency_costs_question(unit_kind: str | None, capital_spending: bool) -> str | None:
    """None when 机关运行经费 should equal 公用经费 (an administrative or 参公 unit without capital
    spending in its basic expenditure); otherwise the key of the reason it is only a question
    (profiles' agency_costs_questions)."""
    if capital_spending:
        return "capital"
    if not unit_kind:
        return "unknown_kind"
    if "参公" in unit_kind or ("行政" in unit_kind and "事业" not in unit_kind):
        return None
    return "public_institution"
