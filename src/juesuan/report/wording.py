"""Wording templates per profile (narrative/templates/<profile>.yaml), with `extends` and str.format."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from juesuan.core.amounts import quantize
from juesuan.core.errors import InputError

HERE = Path(__file__).parent / "templates"
FALLBACK = "shaanxi-2024"


def _merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, val in own.items():
        if isinstance(val, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], val)
        else:
            out[k] = val
    return out


@cache
def load_wording(profile_id: str) -> dict[str, Any]:
    """The wording of a profile; a profile without its own file uses the Shaanxi wording."""
    import yaml

    path = HERE / f"{profile_id}.yaml"
    if not path.exists():
        if profile_id == FALLBACK:
            raise InputError(f"缺少措辞模板文件：{path}")
        path = HERE / f"{FALLBACK}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml
    base = data.pop("extends", None)
    if base:
        data = _merge(load_wording(base), data)
    return data


def amount(value: Decimal | None) -> str:
    """An amount in prose: 万元 with 2 decimals ("50.00"), blank meaning 0.00."""
    return f"{quantize(value if value is not None else Decimal(0)):.2f}"


def pct(value: Decimal | None) -> str:
    """A percentage in prose with 2 decimals ("100.00")."""
    return f"{quantize(value if value is not None else Decimal(0)):.2f}"


def plain(value: Decimal | None) -> str:
    """A score or weight as the unit wrote it ("90", "4.5")."""
    if value is None:
        return ""
    s = f"{value:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def sentence(text: str | None) -> str:
    """The unit's words as a sentence ending in 。(no doubled stop)."""
    t = (text or "").strip()
    if not t:
        return ""
    return t if t[-1] in "。！？；.!?" else t + "。"


_CN = "一二三四五六七八九十"
_LEADING_NUMBER = re.compile(r"^(（?)[一二三四五六七八九十]+([、）])")


def cn_number(n: int) -> str:
    """1..99 as Chinese numerals (一 … 十 … 九十九)."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def renumber(heading: str, n: int) -> str:
    """A template heading (“四、…” / “（二）…”) with its number replaced by the n-th: headings
    written only when their part has content are numbered as written, without gaps."""
    return _LEADING_NUMBER.sub(lambda m: f"{m.group(1)}{cn_number(n)}{m.group(2)}", heading, count=1)
