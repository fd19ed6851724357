"""Hostile files read by the CLI's readers: a clear Chinese InputError, never a traceback."""

from __future__ import annotations

import pytest

from juesuan.core import codec
from juesuan.core.errors import InputError
from web.hostile import billion_laughs_docx, deep_json


def test_billion_laughs_docx_is_refused(tmp_path):
    from juesuan.formats.published.docx import read_docx

    path = tmp_path / "lol.docx"
    path.write_bytes(billion_laughs_docx())
    with pytest.raises(InputError, match="XML 有错误或含有异常的实体定义") as e:
        read_docx(path)
    assert "lol.docx" in str(e.value)


def test_deeply_nested_json_is_refused():
    with pytest.raises(InputError, match="嵌套层次过深") as e:
        codec.from_json(deep_json().decode(), "deep.json")
    assert str(e.value).startswith("deep.json")
