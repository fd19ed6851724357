"""Wording a user reads lives in data, not in Python literals: a module of src/juesuan may not gain Chinese
string literals beyond what tests/chinese_literals.yaml allows it, each allowance with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from conftest import REPO

SRC = REPO / "src" / "juesuan"
ALLOWED = Path(__file__).with_name("chinese_literals.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string constant holding a Chinese character, docstrings left out
    (comments are not in the syntax tree); each piece of an f-string counts on its own."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and CJK.search(n.value)]


def test_counter_sees_literals_and_skips_docstrings_and_comments() -> None:
    src = '"""模块说明"""\n# 注释\ndef f(x):\n    """函数说明"""\n    return f"合计{x}万元" + "缺失"\n'
    assert sorted(t for _, t in chinese_literals(src)) == sorted(["合计", "万元", "缺失"])


def test_no_module_gains_chinese_literals() -> None:
    allowed = yaml.safe_load(ALLOWED.read_text(encoding="utf-8"))["modules"]
    assert all(str(v.get("reason", "")).strip() for v in allowed.values()), "every allowance names its reason"
    over = []
    for f in sorted(SRC.rglob("*.py")):
        mod = f.relative_to(SRC).as_posix()
        found = chinese_literals(f.read_text(encoding="utf-8"))
        limit = allowed.get(mod, {}).get("max", 0)
        if len(found) > limit:
            sample = "; ".join(f"{line}: {text[:30]!r}" for line, text in found[:3])
            over.append(f"{mod}: {len(found)} Chinese literals, {limit} allowed (e.g. {sample})")
    assert over == [], ("wording a user reads belongs in data (rules/catalogue.yaml, findings/wording.yaml, "
                        "prose/lexicon.yaml, profiles, report templates); see tests/chinese_literals.yaml:\n"
                        + "\n".join(over))
