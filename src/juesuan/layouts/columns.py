"""The labels a table's column is printed under: the profile's label and, in other templates, these
(by column key).  The published-table reader matches headers against them; the workbook reader, which
reads our own template, takes the profile's label only."""

from __future__ import annotations

from juesuan.domain.profiles import Column

ALIASES: dict[str, tuple[str, ...]] = {
    "total": ("本年收入合计", "本年支出合计", "小计", "合计"),
    "appropriation": ("财政拨款收入", "财政拨款"),
    "remittance_to_superior": ("上缴上级支出",),
    "subsidy_to_affiliated": ("对附属单位补助支出",),
    "opening_balance": ("年初结转和结余",),
    "closing_balance": ("年末结转和结余",),
    "income": ("本年收入",),
    "overseas": ("因公出国（境）费", "因公出国(境)费"),
    "vehicle": ("小计", "公务用车购置及运行维护费小计", "公务用车购置及运行维护费"),
    "vehicle_purchase": ("公务用车购置费",),
    "vehicle_operation": ("公务用车运行维护费", "公务用车运行费"),
    "reception": ("公务接待费",),
    "meeting": ("会议费",),
    "training": ("培训费",),
}


def printed_labels(column: Column) -> tuple[str, ...]:
    """The column's label in the profile, then the other labels it is printed under."""
    return (column.label, *ALIASES.get(column.key, ()))
