"""Regenerate examples/yulin-2024.xlsx from examples/yulin-2024.yaml with the workbook writer.

Run: `.venv/bin/python examples/make_example.py`.  The workbook is a clerk's input (no embedded
model): every figure comes back from the visible cells.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.core import codec
from juesuan.formats.workbook.write import write_workbook

HERE = Path(__file__).resolve().parent


def main() -> None:
    model = codec.read_path(HERE / "yulin-2024.yaml")
    out = HERE / "yulin-2024.xlsx"
    write_workbook(model, out, profile_id=model.profile, year=model.year)
    print(f"已生成 {out}")


if __name__ == "__main__":
    main()
