"""FinalAccounts <-> plain data (dict), JSON and YAML.

Amounts are written as decimal strings ("12.34"), never floats, so their printed precision
survives the round trip.  Reading validates types and reports the path of a bad field in Chinese.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from juesuan.core.amounts import AmountOutOfRange, check_amount
from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts

FORMAT_VERSION = 1


def to_data(obj: Any) -> Any:
    """A dataclass tree as plain data with Decimal as str, dropping None and empty containers."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            v = to_data(getattr(obj, f.name))
            if v is None or v == {} or v == []:
                continue
            out[f.name] = v
        return out
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list | tuple):
        return [to_data(v) for v in obj]
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: Any, data: Any, path: str = "") -> Any:
    """Build an instance of `cls` (a dataclass or a typing form) from plain data."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(cls) if a is not type(None)]
        if data is None:
            return None
        return from_data(args[0], data, path)
    if cls is Decimal:
        if isinstance(data, bool):
            raise _bad(path, "数字", data)
        if isinstance(data, float):
            data = repr(data)
        try:
            value = Decimal(str(data).replace(",", ""))
        except InvalidOperation:
            raise _bad(path, "数字", data) from None
        try:
            return check_amount(value)  # NaN, Infinity, 1e308 … are refused, never published
        except AmountOutOfRange as exc:
            raise InputError(f"字段 {path or '（根）'}：{exc}") from None
    if cls is int:
        if isinstance(data, bool) or not isinstance(data, int | str):
            raise _bad(path, "整数", data)
        try:
            return int(data)
        except ValueError:
            raise _bad(path, "整数", data) from None
    if cls is str:
        if isinstance(data, dict | list):
            raise _bad(path, "文字", data)
        return str(data)
    if cls is Any:
        return data
    if origin is list:
        (item,) = typing.get_args(cls)
        if not isinstance(data, list):
            raise _bad(path, "列表", data)
        return [from_data(item, v, f"{path}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        _, val = typing.get_args(cls)
        if not isinstance(data, dict):
            raise _bad(path, "映射", data)
        return {str(k): from_data(val, v, f"{path}.{k}") for k, v in data.items()}
    if dataclasses.is_dataclass(cls):
        if not isinstance(data, dict):
            raise _bad(path, "映射", data)
        hints = _hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise InputError(f"字段 {path or '（根）'} 中有无法识别的项：{'、'.join(sorted(unknown))}")
        kwargs = {k: from_data(hints[k], v, f"{path}.{k}" if path else k) for k, v in data.items()}
        return cls(**kwargs)
    return data


def _bad(path: str, expected: str, got: Any) -> InputError:
    return InputError(f"字段 {path or '（根）'} 应为{expected}，实际为“{got}”")


def dump(model: FinalAccounts) -> dict[str, Any]:
    data = to_data(model)
    return {"format": "juesuan/final-accounts", "version": FORMAT_VERSION, **data}


def load(data: Any, source: str = "") -> FinalAccounts:
    if not isinstance(data, dict):
        raise InputError(f"{source}：内容应为一个决算数据对象（映射）")
    body = {k: v for k, v in data.items() if k not in ("format", "version", "export")}  # export: audit --export notes
    if "year" not in body:
        raise InputError(f"{source}：缺少字段 year（决算年度）")
    try:
        return from_data(FinalAccounts, body)
    except InputError as exc:
        raise InputError(f"{source}：{exc}") from None


def to_json(model: FinalAccounts, indent: int | None = 1) -> str:
    return json.dumps(dump(model), ensure_ascii=False, indent=indent)


def from_json(text: str, source: str = "") -> FinalAccounts:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    except RecursionError:  # [[[[…]]]] nested thousands deep: no final-accounts file looks like this
        raise InputError(f"{source}：不是有效的决算数据（JSON 的括号嵌套层次过深）") from None
    return load(data, source)


def to_yaml(model: FinalAccounts) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(dump(model), Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def from_yaml(text: str, source: str = "") -> FinalAccounts:
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~8x faster
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise InputError(f"{source}：不是有效的 YAML {where}".strip()) from None
    return load(data, source)


def read_path(path: Path) -> FinalAccounts:
    """Read a .json / .yaml / .yml model file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}：文件不是 UTF-8 编码的文本") from None
    if not text.strip():
        raise InputError(f"{path}：文件是空的")
    if path.suffix.lower() == ".json":
        return from_json(text, str(path))
    return from_yaml(text, str(path))
