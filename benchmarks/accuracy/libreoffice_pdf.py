"""Regenerate tests/data/libreoffice/yulin-2024-libreoffice.pdf: our example unit's DOCX exported to
PDF by LibreOffice headless (another engine than ours, as real reports are exported from WPS/Word).

Run: `.venv/bin/python benchmarks/accuracy/libreoffice_pdf.py` (needs `soffice`; Debian:
`apt-get install libreoffice-writer-nogui`).  CI does not need LibreOffice: the PDF is committed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import EXAMPLE, LO_PDF, libreoffice_pdf  # noqa: E402


def main() -> None:
    from juesuan.core import codec
    from juesuan.render.docx import write_docx
    from juesuan.report import assemble

    work = Path(tempfile.mkdtemp(prefix="juesuan-lo-"))
    try:
        doc = assemble(codec.read_path(EXAMPLE))
        doc.model_json = ""  # the audit must read the printed text
        docx = work / LO_PDF.with_suffix(".docx").name
        write_docx(doc, docx)
        pdf = libreoffice_pdf(docx, work)
        LO_PDF.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, LO_PDF)
        print(f"wrote {LO_PDF} ({LO_PDF.stat().st_size // 1024} KiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
