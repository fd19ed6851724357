"""No traceback: long unit names, read-only or unreadable folders, an output path that is a file, zip bombs.
Each is a Chinese message naming the path and exit code 2."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_XLSX, EXAMPLE_YAML, SEED

from .helpers import assert_clean_refusal, juesuan

LONG = "榆林市" + "人力资源和社会保障局所属事业单位" * 6 + "信息中心"  # 105 characters, 315 bytes in UTF-8


def long_named_yaml(tmp_path: Path) -> Path:
    from juesuan.core import codec

    model = codec.read_path(EXAMPLE_YAML)
    model.unit.name = LONG
    path = tmp_path / "long.yaml"
    path.write_text(codec.to_yaml(model), encoding="utf-8")
    return path


def test_a_long_unit_name_gives_short_distinct_file_names(tmp_path: Path) -> None:
    from juesuan.app.build import output_name
    from juesuan.core.model import FinalAccounts, UnitProfile

    a = output_name(FinalAccounts(year=2024, unit=UnitProfile(name=LONG)), "docx")
    b = output_name(FinalAccounts(year=2024, unit=UnitProfile(name=LONG + "二")), "docx")
    assert a != b and len(a.encode()) < 160 and len(b.encode()) < 160
    assert a.startswith("榆林市人力资源") and a.endswith("-2024年度部门决算.docx")
    r = juesuan("build", str(long_named_yaml(tmp_path)), "-o", str(tmp_path / "out"), "--format", "html,xlsx",
                "--force")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [a[:-4] + "html", a[:-4] + "xlsx"]


def test_a_long_unit_name_downloads_from_the_portal(tmp_path: Path) -> None:
    from juesuan.core import codec
    from juesuan.web.integration import build_file

    name, data = build_file(codec.read_path(long_named_yaml(tmp_path)), "xlsx")
    assert name.endswith("-2024年度部门决算.xlsx") and len(name.encode()) < 160 and data


def test_read_only_output_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = juesuan("build", str(EXAMPLE_YAML), "-o", str(ro), "--format", "html", "--force", unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(ro))
        r = juesuan("audit", str(SEED), "--html", str(ro / "a.html"), "--brief", unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(ro / "a.html"))
        r = juesuan("check", str(EXAMPLE_XLSX), "--mark", str(ro / "m.xlsx"), unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(ro / "m.xlsx"))
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_output_path_that_is_an_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "report.txt"
    existing.write_text("x", encoding="utf-8")
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(existing), "--format", "html", "--force")
    assert_clean_refusal(r, str(existing), "是一个已有的文件")
    r = juesuan("audit", str(SEED), "--html", str(existing / "a.html"), "--brief")
    assert_clean_refusal(r, str(existing), "是一个文件，不是文件夹")
    assert existing.read_text(encoding="utf-8") == "x"


def test_unreadable_input_folder_and_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(SEED, locked / "r.txt")
    secret = tmp_path / "secret.xlsx"
    shutil.copy(EXAMPLE_XLSX, secret)
    locked.chmod(0)
    secret.chmod(0)
    try:
        r = juesuan("audit", str(locked), unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(locked))
        assert "没有找到可审核的文件" not in r.stderr
        r = juesuan("check", str(secret), unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(secret))
        r = juesuan("build", str(secret), "-o", str(tmp_path / "o"), unprivileged=True)
        assert_clean_refusal(r, "没有权限", str(secret))
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)


def _bomb_bytes(office: str = "xl") -> bytes:
    """A valid-looking Office container whose one part unpacks to 50 MB of zeros (1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{office}/document.xml", b"\0" * (50 * 1024 * 1024))
    return buf.getvalue()


def _bomb(path: Path, office: str) -> Path:
    path.write_bytes(_bomb_bytes(office))
    return path


@pytest.mark.parametrize(("command", "name", "office"), [("check", "bomb.xlsx", "xl"), ("audit", "bomb.docx", "word"),
                                                          ("build", "bomb.xlsx", "xl")])
def test_zip_bomb_is_refused_by_the_cli(tmp_path: Path, command: str, name: str, office: str) -> None:
    bomb = _bomb(tmp_path / name, office)
    assert bomb.stat().st_size < 200_000
    args = [command, str(bomb)] + (["-o", str(tmp_path / "o")] if command == "build" else [])
    r = juesuan(*args)
    assert_clean_refusal(r, "疑似压缩炸弹", str(bomb))


def test_portal_and_cli_share_one_zip_guard() -> None:
    from juesuan.core import zipguard
    from juesuan.web import security

    assert security.MAX_UNZIPPED_BYTES is zipguard.MAX_UNZIPPED_BYTES
    with pytest.raises(security.UploadError, match="疑似压缩炸弹"):
        security.check_upload("b.xlsx", _bomb_bytes(), (".xlsx",), 10**7)

