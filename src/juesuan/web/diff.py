"""What changed between two versions of a unit's final accounts, in plain Chinese labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from juesuan.core import codec
from juesuan.core.model import FinalAccounts


@dataclass(frozen=True)
class Change:
    where: str
    old: str
    new: str


def _flatten(data: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            key = v.get("key") or v.get("code") or v.get("name") or v.get("term") if isinstance(v, dict) else None
            _flatten(v, f"{prefix}[{key if key else i}]", out)
    else:
        out[prefix] = data


_TOP = {
    "unit": "单位概况", "reasons": "原因说明", "item_budgets": "科目年初预算及原因", "three_public": "“三公”经费情况",
    "agency_running_costs": "机关运行经费", "procurement": "政府采购", "assets": "国有资产", "prior": "上年数",
    "performance": "预算绩效", "other_notes": "其他需要说明的情况", "glossary": "名词解释",
    "general_budget_initial": "一般公共预算财政拨款支出年初预算", "year": "年度", "profile": "地区模板",
}


def _label(path: str, model: FinalAccounts, labels: dict[str, str]) -> str:
    if path.startswith("tables."):
        from juesuan.domain.profiles import load_profile

        rest = path.split(".", 2)
        tid = rest[1]
        try:
            layout = load_profile(model.profile).table(tid)
            title = f"{layout.number} {layout.title}"
        except Exception:  # noqa: BLE001
            layout, title = None, tid
        tail = rest[2] if len(rest) > 2 else ""
        if tail.startswith("rows["):
            key = tail[5:tail.index("]")]
            row = model.table(tid).row(key)
            row_label = f"{key if key.isdigit() else ''} {row.label if row else ''}".strip() or key
            col = tail.rsplit(".", 1)[-1] if ".values." in tail else tail.rsplit(".", 1)[-1]
            c = layout.column(col, key) if layout else None
            return f"{title} · {row_label} · {c.label if c else col}"
        return f"{title} · {tail}"
    if named := labels.get(path):  # a form field by its Chinese name
        return named
    head = path.split(".", 1)[0].split("[", 1)[0]
    return f"{_TOP.get(head, head)} · {path}" if head in _TOP and path != head else _TOP.get(head, path)


def diff_models(old: FinalAccounts, new: FinalAccounts) -> list[Change]:
    """Every changed value between two versions (added, removed or altered)."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(codec.dump(old), "", a)
    _flatten(codec.dump(new), "", b)
    from juesuan.web.forms import field_labels

    labels = {id(m): field_labels(m) for m in (old, new)}
    changes = []
    for path in sorted(set(a) | set(b), key=lambda p: (not p.startswith("tables."), p)):
        va, vb = a.get(path), b.get(path)
        if va == vb or path.endswith(".label") or path.endswith(".line") or path.endswith(".id"):
            continue
        model = new if path in b else old
        changes.append(Change(_label(path, model, labels[id(model)]), "" if va is None else str(va),
                              "" if vb is None else str(vb)))
    return changes
