"""Table layouts: one definition of how a profile's table lays out a model's rows and columns, used
by every writer and reader of grids (formats/workbook, formats/published) and by the report's tables
(report/tables.py).

- `classified`: 类/款/项 codes (split columns carried down), the 合计 row, the summand columns;
- `two_sided`: 收入 | 支出 sides, their rows by 行次 and how they pair, totals and fund balances;
- `economic`: which codes go in which column block (profile blocks + the unit's other codes), the footer;
- `matrix`: the rows of a matrix table (三公: 预算数 / 决算数) and its cells printed as column pairs.
"""
