"""`juesuan audit`: JSON contract with the claims summary, HTML report, batches with a progress
bar that go on past unreadable files, and bad inputs (scanned, encrypted, truncated, not a report)
each refused with a clear Chinese message and exit code 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SEED
from juesuan.cli import app

runner = CliRunner()


def _scanned_pdf(path):
    import pymupdf

    src = pymupdf.open()
    page = src.new_page()
    page.insert_text((72, 100), "2024年度部门决算 收入支出决算总表 691.29", fontname="china-s", fontsize=14)
    pix = page.get_pixmap(dpi=60)
    out = pymupdf.open()
    p = out.new_page(width=page.rect.width, height=page.rect.height)
    p.insert_image(p.rect, pixmap=pix)
    out.save(path)
    assert pymupdf.open(path)[0].get_text().strip() == ""  # image only


def _encrypted_pdf(path):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "2024年度部门决算", fontname="china-s")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")


@pytest.fixture
def bad_files(tmp_path):
    scanned = tmp_path / "scanned.pdf"
    _scanned_pdf(scanned)
    encrypted = tmp_path / "encrypted.pdf"
    _encrypted_pdf(encrypted)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(SEED.read_bytes()[:0] + b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    broken_docx = tmp_path / "broken.docx"
    broken_docx.write_bytes(b"PK\x03\x04 not really a zip")
    other = tmp_path / "minutes.txt"
    other.write_text("会议纪要\n\n今天讨论了食堂菜单，决定周三增加面食。\n", encoding="utf-8")
    return {"scanned": (scanned, "没有文字层"), "encrypted": (encrypted, "已加密"),
            "truncated": (truncated, "损坏"), "docx": (broken_docx, "不是有效的 DOCX"),
            "other": (other, "不是部门（单位）决算公开报告")}


@pytest.mark.parametrize("name", ["scanned", "encrypted", "truncated", "docx", "other"])
def test_bad_input_exit_2_with_chinese_message(bad_files, name):
    path, words = bad_files[name]
    r = runner.invoke(app, ["audit", str(path), "--json"])
    assert r.exit_code == 2, r.output
    data = json.loads(r.stdout)
    assert words in data["error"] and str(path) in data["error"]


def test_batch_goes_on_past_bad_files(bad_files, tmp_path):
    files = [str(p) for p, _ in bad_files.values()]
    r = runner.invoke(app, ["audit", *files[:2], str(SEED), *files[2:], "--json"])
    assert r.exit_code == 2
    data = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]  # JSON Lines
    assert len(data) == 6
    seed = next(d for d in data if d["source"] == str(SEED))
    assert seed["summary"]["error"] > 0 and seed["summary"]["claims"]["found"] == 149
    assert sum(1 for d in data if "error" in d and "summary" not in d) == 5


def test_directory_batch_summary_lines_and_html(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    (d / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "b.txt").write_text("不是报告", encoding="utf-8")
    (d / "ignored.csv").write_text("x", encoding="utf-8")
    out = tmp_path / "out" / "audit.html"
    r = runner.invoke(app, ["audit", str(d), "--brief", "--html", str(out)])
    assert r.exit_code == 2
    assert "a.txt" in r.output and "无法审核" in r.output and "叙述数字 找到 149" in r.output
    html = out.read_text(encoding="utf-8")
    assert "决算公开审核报告" in html and "0.2万元" in html and "预算数 0.30 − 决算数 0.28" in html
    assert "未核对" in html and not list(out.parent.glob("*.tmp"))


def test_json_contract_and_exit_codes():
    r = runner.invoke(app, ["audit", str(SEED), "--json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert set(data) >= {"source", "profile", "summary", "findings"}
    c = data["summary"]["claims"]
    assert set(c) >= {"found", "bound", "checked", "unchecked"}
    f = next(x for x in data["findings"] if x["rule"] == "NAR-003")
    assert (f["found"], f["expected"], f["difference"]) == ("0.2", "0.02", "0.18")
    assert f["location"]["sentence"].startswith("决算数较预算数减少0.2万元")
    r2 = runner.invoke(app, ["audit", str(SEED), "--fail-on", "error", "--profile", "national", "--brief"])
    assert r2.exit_code == 1 and "national" in r2.output


def test_console_groups_by_severity():
    r = runner.invoke(app, ["audit", str(SEED)])
    assert r.exit_code == 1
    out = r.output
    assert out.index("错误") < out.index("警告") < out.index("提示")
    assert "NAR-003" in out


def test_unknown_profile_is_refused():
    r = runner.invoke(app, ["audit", str(SEED), "--profile", "atlantis", "--json"])
    assert r.exit_code == 2 and "atlantis" in json.loads(r.stdout)["error"]


def test_fast_path_matches_typer(capsys):
    from juesuan.commands.audit import fast_main

    assert fast_main(["--help"]) is None and fast_main([]) is None and fast_main(["--bogus", str(SEED)]) is None
    assert fast_main([str(SEED), "--brief", "--fail-on=warning"]) == 1
    assert "叙述数字找到149" in "".join(capsys.readouterr().out.split())  # the console wraps by the path's length


def test_a_figure_too_large_to_hold_is_not_checked_with_its_line(tmp_path):
    # 40 digits: beyond what the model holds (10^15 万元); the audit goes on and names the line
    text = SEED.read_text(encoding="utf-8")
    old = "与上年相比收入总计、支出总计均增加372.90万元"
    assert old in text
    big = "1234567890123456789012345678901234567890.00"
    p = tmp_path / "report.txt"
    p.write_text(text.replace(old, old.replace("372.90", big), 1), encoding="utf-8")
    line = 1 + text[:text.index(old)].count("\n")
    r = runner.invoke(app, ["audit", str(p), "--json"])
    assert r.exit_code == 1, r.output  # the seed's own errors, not a refusal (2) or a crash
    data = json.loads(r.stdout)
    refused = [f for f in data["findings"] if f["rule"] == "NAR-000" and big in f["message"]]
    assert len(refused) == 1 and refused[0]["status"] == "not_checked"
    assert f"第{line}行的数字无法核对" in refused[0]["message"] and "超出可处理的范围" in refused[0]["message"]
    assert refused[0]["location"]["source_line"] == line
