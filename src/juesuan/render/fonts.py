"""The 公文 faces for the PDF: the installed 仿宋/楷体/黑体/小标宋/宋体 when found, else bundled stand-ins.

A face is looked for among the system's fonts (what Typst finds: the usual font folders, as
fontconfig lists them) and in an optional folder (`juesuan build --font-dir`).  Each role takes
the first family found from its list (the GB2312 face first, then the plain one, then common
equivalents).  Without any, the role falls back to a bundled face chosen so the heading hierarchy
stays visible: Noto Serif SC for body and 仿宋, Noto Sans CJK Bold (a real bold sans) for 黑体 and
小标宋, Noto Sans SC for 楷体.  `faces()` says which face each role uses, for the build summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# role -> (its name in 公文 practice, the families to look for in that order, bundled stand-in, weight)
ROLES: dict[str, tuple[str, tuple[str, ...], str, int]] = {
    "fangsong": ("仿宋_GB2312", ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "华文仿宋"),
                 "Noto Serif SC", 400),
    "kaiti": ("楷体_GB2312", ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "华文楷体", "AR PL UKai",
                              "AR PL UKai CN"), "Noto Sans SC", 400),
    "heiti": ("黑体", ("SimHei", "黑体", "STHeiti", "华文黑体"), "Noto Sans CJK JP", 700),
    "xiaobiaosong": ("方正小标宋简体", ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05",
                                   "方正小标宋_GBK"), "Noto Sans CJK JP", 700),
    "songti": ("宋体", ("SimSun", "宋体", "NSimSun", "新宋体", "STSong", "华文宋体", "AR PL UMing", "AR PL UMing CN"),
               "Noto Serif SC", 400),
}
# how the summary names a bundled face for a clerk (the family names are the fonts' own)
BUNDLED_NAMES = {"Noto Serif SC": "思源宋体", "Noto Sans SC": "思源黑体", "Noto Sans CJK JP": "思源黑体粗体"}
_FONT_DIR: list[Path | None] = [None]
_SYSTEM: list[bool] = [True]


@dataclass(frozen=True)
class Face:
    """The face one role prints in."""

    role: str  # fangsong / kaiti / heiti / xiaobiaosong / songti
    name: str  # the 公文 name, e.g. 仿宋_GB2312
    family: str  # the family Typst uses
    weight: int
    installed: bool  # False: the bundled stand-in
    path: str = ""


def configure(font_dir: Path | None = None, system: bool = True) -> None:
    """Look in `font_dir` too (--font-dir); `system=False` ignores installed fonts (bundled faces only)."""
    _FONT_DIR[0] = Path(font_dir) if font_dir else None
    _SYSTEM[0] = system
    _book.cache_clear()


def bundled_dirs() -> list[Path]:
    """The folders of the bundled faces (pip packages pylopdf-fonts-zh-cn and noto-cjk-sans-jp-bold)."""
    import noto_cjk_sans_jp_bold
    import pylopdf_fonts_zh_cn

    return [pylopdf_fonts_zh_cn.serif_path().parent, Path(str(noto_cjk_sans_jp_bold.FONT_PATH)).parent]


@cache
def _book() -> tuple[Any, tuple[Face, ...]]:
    import typst

    paths = [str(p) for p in bundled_dirs()]
    extra = _FONT_DIR[0]
    if extra is not None:
        paths.append(str(extra))
    book = typst.Fonts(include_system_fonts=_SYSTEM[0], include_embedded_fonts=True, font_paths=paths)
    bundled = {str(p) for p in bundled_dirs()}
    found: dict[str, Any] = {}
    for info in book.fonts():
        if info.path is None or info.style != "normal" or str(Path(info.path).parent) in bundled:
            continue
        found.setdefault(info.family.casefold(), info)
    faces = []
    for role, (name, families, stand_in, weight) in ROLES.items():
        info = next((found[f.casefold()] for f in families if f.casefold() in found), None)
        if info is not None:
            faces.append(Face(role, name, info.family, int(info.weight), True, str(info.path)))
        else:
            faces.append(Face(role, name, stand_in, weight, False))
    return book, tuple(faces)


def typst_fonts() -> Any:
    """Typst's font book: the bundled faces, the system's (unless configured off) and --font-dir."""
    return _book()[0]


def faces() -> dict[str, Face]:
    """The face of each role."""
    return {f.role: f for f in _book()[1]}


def summary() -> str:
    """One plain-Chinese line for the build summary: which face each role printed in."""
    parts = []
    for f in faces().values():
        parts.append(f"{f.name}：{f.family}（本机字体）" if f.installed else f"{f.name}：未安装，用内置的{BUNDLED_NAMES.get(f.family, f.family)}代替")
    return "PDF 字体：" + "；".join(parts)
