"""The 公文 faces for the PDF and the DOCX: the installed 仿宋/楷体/黑体/小标宋/宋体 when found, else stand-ins.

A face is looked for among the system's fonts (what Typst finds: the usual font folders, as
fontconfig lists them) and in an optional folder (`juesuan build --font-dir`).  Each role takes
the first family found from its list (the GB2312 face first, then the plain one, then common
equivalents).  Without any, the role falls back to a bundled face chosen so the heading hierarchy
stays visible: Noto Serif SC for body and 仿宋, Noto Sans CJK Bold (a real bold sans) for 黑体 and
小标宋, Noto Sans SC for 楷体.  `faces()` says which face each role uses, for the build summary.

The DOCX names the same installed face (`docx_fonts()`: the family name as the font's own name table
gives it, which is what Word, WPS and LibreOffice look up); for a role with no installed face it names
the 公文 face itself (仿宋_GB2312 …), which the computer that opens the file supplies: the bundled
stand-ins are not installed anywhere, so naming them would only make Word substitute at random.
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
    index: int = 0  # the face's index in a font collection (.ttc)


def configure(font_dir: Path | None = None, system: bool = True) -> None:
    """Look in `font_dir` too (--font-dir); `system=False` ignores installed fonts (bundled faces only)."""
    _FONT_DIR[0] = Path(font_dir) if font_dir else None
    _SYSTEM[0] = system
    _book.cache_clear()


def config_key() -> str:
    """What the fonts in use depend on (the settings and the face of each role), for caches of output."""
    faces_ = sorted((f.role, f.family, f.path, f.index) for f in faces().values())
    return repr((str(_FONT_DIR[0]), _SYSTEM[0], faces_))


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
            faces.append(Face(role, name, info.family, int(info.weight), True, str(info.path), int(info.index)))
        else:
            faces.append(Face(role, name, stand_in, weight, False))
    return book, tuple(faces)


def typst_fonts() -> Any:
    """Typst's font book: the bundled faces, the system's (unless configured off) and --font-dir."""
    return _book()[0]


def faces() -> dict[str, Face]:
    """The face of each role."""
    return {f.role: f for f in _book()[1]}


def docx_fonts() -> dict[str, str]:
    """The east-Asian font name the DOCX writes for each role: the installed face's family name, else the 公文 name."""
    return {f.role: docx_name(f) for f in faces().values()}


def docx_name(face: Face) -> str:
    """The name the DOCX gives `face`: its 公文 name when the font carries it (仿宋_GB2312), else its
    family name as the font's name table spells it (fontconfig and Word look fonts up by it; Typst's
    family may drop a suffix, e.g. "AR PL UKai" for "AR PL UKai CN"); the 公文 name when not installed."""
    if not face.installed:
        return face.name
    names = _family_names(face.path, face.index)
    if face.name in names:
        return face.name
    return names[0] if names else face.family


@cache
def _family_names(path: str, index: int) -> tuple[str, ...]:
    """The family names (name IDs 1 and 16) of a font file's face, English Windows names first."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        records = list(font["name"].names)
    except Exception:  # noqa: BLE001 - an unreadable name table: fall back to Typst's family
        return ()
    ranked = sorted((r for r in records if r.nameID in (1, 16)),
                    key=lambda r: (r.nameID != 1, r.platformID != 3, r.langID != 0x409))
    out: list[str] = []
    for r in ranked:
        try:
            text = r.toUnicode().strip()
        except UnicodeDecodeError:
            continue
        if text and text not in out:
            out.append(text)
    return tuple(out)


def summary(formats: tuple[str, ...] | list[str] = ("pdf",)) -> str:
    """Plain-Chinese lines for the build summary: which face each role printed in (PDF) and which
    font the DOCX names (Word)."""
    lines = []
    if "pdf" in formats:
        parts = []
        for f in faces().values():
            parts.append(f"{f.name}：{docx_name(f)}（本机字体）" if f.installed
                         else f"{f.name}：未安装，用内置的{BUNDLED_NAMES.get(f.family, f.family)}代替")
        lines.append("PDF 字体：" + "；".join(parts))
    if "docx" in formats:
        found = [f for f in faces().values() if f.installed]
        parts = [f"{f.name}：{docx_name(f)}（本机字体）" for f in found]
        absent = [f.name for f in faces().values() if not f.installed]
        if absent:
            parts.append(f"{'、'.join(absent)}：本机未安装，文件中写字体名称，由打开文件的电脑提供")
        lines.append("Word 字体：" + "；".join(parts))
    return "\n".join(lines)
