"""Which regional profile a published report follows, from what it prints.

Signals: Shaanxi reports carry the 保密审查 / 审签 header lines and a "三公" table with 会议费、
培训费; Shanghai reports put "三公" as table 7, end the explanation with 其他重要事项 and name
上海; reports of the Ministry of Education university template print 高等学校收支决算总表 (and
its three sister tables); anything else is read with the national nine-table profile.
"""

from __future__ import annotations

import re
from typing import Protocol


class _HasText(Protocol):
    kind: str
    text: str


def detect_profile(blocks: list[_HasText]) -> str:
    """The profile id for a report's blocks: shaanxi-2024, shanghai-2024, moe-university-2024 or national."""
    text = "\n".join(b.text for b in blocks if b.kind != "table")
    head = text[:4000]
    scores = {"shaanxi-2024": 0, "shanghai-2024": 0, "moe-university-2024": 0, "national": 1}
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
    if re.search(r"上海", head):
        scores["shanghai-2024"] += 3
    if re.search(r"七、财政拨款“三公”经费支出决算表", text):
        scores["shanghai-2024"] += 2
    if re.search(r"其他重要事项的?情况?说明", text):
        scores["shanghai-2024"] += 1
    if re.search(r"公开0?[1-9]表", text) and "七、政府性基金预算财政拨款收入支出决算表" in text:
        scores["national"] += 1
    return max(scores, key=lambda k: scores[k])
