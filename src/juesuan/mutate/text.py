"""Our Document as plain text in the seed's layout ('#' headings, paragraphs, tab-separated table
rows), so the mutation benchmark has a TXT copy of every report it builds."""

from __future__ import annotations

from typing import Any


def document_text(document: Any) -> str:
    from juesuan.core.document import Heading, Paragraph, TableBlock
    from juesuan.render._layout import place

    out = [f"# {document.title}", "", f"## {document.subtitle}", ""]
    for b in document.blocks:
        if isinstance(b, Heading):
            out += ["#" * min(b.level + 1, 6) + " " + b.text, ""]
        elif isinstance(b, Paragraph) and b.text.strip():
            out += [b.text, ""]
        elif isinstance(b, TableBlock):
            out += [b.title, ""]
            if b.number:
                out += [b.number, ""]
            if b.unit_name:
                out += [f"编制单位：{b.unit_name}" + (f"\t\t{b.unit_label}" if b.unit_label else "")]
            width, placed = place([*b.header, *b.body])
            for row in placed:  # a grid: merged cells hold their text at the top-left position
                cells = [""] * width
                for p in row:
                    cells[p.col] = p.cell.text.replace("\n", "")
                out.append("\t".join(cells) if width > 1 else cells[0] + "\t")
            out.append("")
            if b.note:
                out += [b.note, ""]
    return "\n".join(out) + "\n"
