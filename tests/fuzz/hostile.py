"""Strategies for hostile values and the checks every fuzzer makes."""

from __future__ import annotations

import re
import traceback
from typing import Any

from hypothesis import strategies as st

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# what clerks and attackers put into cells and lines
NASTY_TEXT = ["", " ", "—", "-", "=1/0", "=SUM(A1:A3)", "=cmd|' /C calc'!A0", "+1", "@SUM(1)", "#DIV/0!", "#N/A",
              "#VALUE!", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e308", "1E+400", "-1e-400", "9" * 25,
              "9" * 40 + ".99", "1,234.56", "1，234.56", "（100.00）", "(100.00)", "１２３．４５", "12.345.6", "0x1F",
              "١٢٣", "²", "½", "100%", "100万元", "12.3万", "一百", "\u200b123", "12\u00a03", "1_000", "--5", "+-3",
              "<script>alert(1)</script>", "&amp;", "]]>", "<?xml", "\\", "'", '"', "%s%n", "{0}", "\u202e123",
              "𠀀𪚥", "\ufeff", "2080108", "208", "20801", "合计", "总计", "本年支出合计", "年初结转和结余"]
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20, places=4),
)
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
TEXT = st.one_of(st.sampled_from(NASTY_TEXT), SAFE_TEXT)
CELL = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)


def assert_no_crash(fn: Any, *args: Any) -> Any:
    """Run `fn`; it may succeed or raise a JuesuanError with a Chinese message, nothing else."""
    from juesuan.core.errors import JuesuanError

    try:
        return fn(*args)
    except JuesuanError as exc:
        assert CHINESE.search(str(exc)), f"not Chinese: {exc}"
        return None
    except Exception:  # noqa: BLE001 - the fuzzer's finding
        raise AssertionError("crash:\n" + traceback.format_exc()) from None


def assert_cli(args: list[str]) -> int:
    """Run the CLI in-process: exit code 0/1/2, Chinese output, never a traceback."""
    from typer.testing import CliRunner

    from juesuan.cli import app

    r = CliRunner().invoke(app, args)
    assert r.exception is None or isinstance(r.exception, SystemExit), "".join(
        traceback.format_exception(r.exception))
    assert r.exit_code in (0, 1, 2), (r.exit_code, r.output[-500:])
    assert "Traceback" not in r.output
    assert CHINESE.search(r.output), r.output[-300:]
    return r.exit_code
