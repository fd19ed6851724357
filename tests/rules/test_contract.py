"""`check --json` against docs/contract.md: fields, types, amounts as decimal strings, JSON Lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "yulin-2024.yaml"
CONTRACT = REPO / "docs" / "contract.md"
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
AMOUNT_RULES = {"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "X", "F", "P"}
LOCATION_KEYS = {"table": str, "table_number": str, "table_title": str, "row": str, "row_label": str, "line": int,
                 "column": str, "column_label": str, "column_no": int, "terms": list, "related": dict,
                 "section": str, "field": str, "evaluation": str, "name": str, "level1": str, "level2": str}


def juesuan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120, encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def assert_contract(obj: dict) -> None:
    """The shape documented in docs/contract.md."""
    assert set(obj) == {"source", "profile", "summary", "findings"}
    assert isinstance(obj["source"], str) and isinstance(obj["profile"], str)
    s = obj["summary"]
    assert {"error", "warning", "info", "rounding", "passed", "not_checked"} <= set(s)
    assert all(isinstance(s[k], int) for k in ("error", "warning", "info", "rounding", "passed", "not_checked"))
    assert s["rounding"] == sum(1 for f in obj["findings"] if f["rounding"])
    for f in obj["findings"]:
        assert_finding(f)
    counted = {sev: sum(1 for f in obj["findings"] if f["severity"] == sev and f["status"] == "fail")
               for sev in ("error", "warning", "info")}
    assert counted == {k: s[k] for k in counted}
    assert s["not_checked"] == sum(1 for f in obj["findings"] if f["status"] == "not_checked")


def assert_finding(f: dict) -> None:
    """One finding of the documented shape; amounts are decimal strings."""
    assert set(f) == {"rule", "title", "severity", "status", "message", "location", "found", "expected",
                      "difference", "rounding"}
    assert f["severity"] in ("error", "warning", "info") and f["status"] in ("fail", "not_checked")
    # 尾差 is flagged for machines, always an info, and the message says so for people
    assert isinstance(f["rounding"], bool)
    assert f["rounding"] == ("尾差" in f["message"] and f["severity"] == "info"), f
    assert isinstance(f["rule"], str) and isinstance(f["message"], str) and isinstance(f["location"], dict)
    assert f["difference"] is None or (isinstance(f["difference"], str) and DECIMAL.match(f["difference"])), f
    for k in ("found", "expected"):  # never a JSON number: amounts keep their printed precision as strings
        assert f[k] is None or isinstance(f[k], str), (k, f)
    if f["rule"].split("-")[0] in AMOUNT_RULES and f["rule"] not in ("TAB-001", "X-007"):
        assert f["found"] is None or DECIMAL.match(f["found"]), f
    if f["found"] is not None and f["expected"] is not None and DECIMAL.match(f["expected"]) and f["difference"]:
        assert Decimal(f["found"]) - Decimal(f["expected"]) == Decimal(f["difference"])
    for k, v in f["location"].items():
        if k in LOCATION_KEYS:
            assert isinstance(v, LOCATION_KEYS[k]), (k, v)
    for t in f["location"].get("terms", []):
        assert set(t) == {"table", "row", "column"}


def _no_floats(text: str) -> None:
    def hook(x: str) -> None:
        raise AssertionError(f"float in JSON: {x}")
    json.loads(text, parse_float=hook)


@pytest.fixture(scope="module")
def single():
    return juesuan("check", str(EXAMPLE), "--json")


def test_single_input_is_one_object(single):
    assert single.returncode == 1  # the example has errors (performance weights)
    _no_floats(single.stdout)
    obj = json.loads(single.stdout)
    assert_contract(obj)
    assert obj["source"] == str(EXAMPLE) and obj["profile"] == "shaanxi-2024"
    assert obj["summary"]["error"] == 6


def test_several_inputs_are_json_lines(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("year: [\n", encoding="utf-8")
    res = juesuan("check", str(EXAMPLE), str(bad), str(EXAMPLE), "--json")
    assert res.returncode == 2  # unreadable input wins over findings
    lines = res.stdout.splitlines()
    assert len(lines) == 3
    objs = [json.loads(line) for line in lines]
    assert_contract(objs[0])
    assert_contract(objs[2])
    assert objs[1] == {"source": str(bad), "error": objs[1]["error"]}
    assert "YAML" in objs[1]["error"] and str(bad) in objs[1]["error"]
    assert str(bad) in res.stderr and "无法校验" in res.stderr


def test_documented_example_is_real_output(single):
    """The JSON example in docs/contract.md has the documented shape and its findings are real."""
    text = CONTRACT.read_text(encoding="utf-8")
    block = re.findall(r"```json\n(.*?)\n```", text, re.S)[-1]
    doc = json.loads(block)
    real = json.loads(single.stdout)
    # `passed` grows with every rule added; the findings and their counts must be the real ones
    assert {k: v for k, v in doc["summary"].items() if k != "passed"} == {
        k: v for k, v in real["summary"].items() if k != "passed"}
    assert doc["profile"] == real["profile"]
    for f in doc["findings"]:
        assert_finding(f)
        assert f in real["findings"]
    _no_floats(block)


def test_many_kinds_of_findings_keep_the_shape(tmp_path):
    """A unit with errors of every family (tables, cross tables, facts, performance) still gives the
    documented shape, with amounts as decimal strings."""
    from decimal import Decimal as D

    from juesuan.core import codec

    from .util import bump, rich_unit

    m = rich_unit()
    bump(m, ("T01", "income_total", "amount"), D("0.01"))  # 尾差
    bump(m, ("T02", "total", "total"), D("3.00"))
    bump(m, ("T06", "30109", "amount"), D("1.00"))
    m.tables["T03"].rows = [r for r in m.tables["T03"].rows if len(r.key) != 5]  # orphans
    m.unit.staffing.actual_total += 1
    m.prior.meeting_actual = None
    m.performance.overall.indicators[0].score += 20
    path = tmp_path / "many.json"
    path.write_text(codec.to_json(m), encoding="utf-8")
    res = juesuan("check", str(path), "--json")
    assert res.returncode == 1
    _no_floats(res.stdout)
    obj = json.loads(res.stdout)
    assert_contract(obj)
    rules = {f["rule"] for f in obj["findings"]}
    assert {"T01-001", "X-001", "T06-001", "TAB-001", "F-002", "F-009", "P-003"} <= rules
