"""Public pages (no login): published reports by department and year, search, report, comparison."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import OrderedDict, defaultdict
from decimal import Decimal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy import bindparam, func, select

from juesuan.store.models import Artifact, Department, Publication, Unit, Version
from juesuan.web import integration, services
from juesuan.web.deps import CtxDep, NotFound, small_int
from juesuan.web.integration import FORMATS, MEDIA_TYPES

router = APIRouter()


_int = small_int  # a number from a query string ("" or junk means no filter)


def _latest_ids():  # noqa: ANN202
    return (select(func.max(Publication.id)).group_by(Publication.unit_id, Publication.year)).scalar_subquery()


@router.get("/", response_class=HTMLResponse)
def home(ctx: CtxDep, q: str = "", year: str = "", dept: str = "") -> Response:
    year, dept = _int(year), _int(dept)
    stmt = (select(Publication.id, Publication.unit_id, Publication.year, Publication.published_at, Unit.name,
                   Department.id, Department.name)
            .join(Unit, Unit.id == Publication.unit_id).join(Department, Department.id == Unit.department_id)
            .where(Publication.id.in_(_latest_ids())))
    q = q.strip()[:100]
    if q:
        stmt = stmt.where(Unit.name.contains(q, autoescape=True))
    if year:
        stmt = stmt.where(Publication.year == year)
    if dept:
        stmt = stmt.where(Department.id == dept)
    rows = ctx.db.execute(stmt.order_by(Department.name, Unit.name, Publication.year.desc())).all()
    tree: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        tree[r[6]][r[2]].append(r)
    years = sorted({y for (y,) in ctx.db.execute(select(Publication.year).distinct())}, reverse=True)
    depts = ctx.db.execute(select(Department.id, Department.name).order_by(Department.name)).all()
    return ctx.page("public_home.html", tree=tree, q=q, year=year, dept=dept, years=years, depts=depts,
                    count=len(rows))


@router.get("/public/{unit_id:id}/{year:id}", response_class=HTMLResponse)
async def report(request: Request, unit_id: int, year: int) -> Response:
    """The published report: the page rendered (and gzipped) once at publishing time.

    A publication never changes, so its page is kept in memory by publication id once read; which
    publication is the latest for (unit, year) is looked up in the database at most every LATEST_TTL
    seconds per process (publishing in this process clears it at once).
    """
    now = time.monotonic()
    pages_cache: PageCache = request.app.state.pages
    latest: dict[tuple[int, int], tuple[int, float]] = request.app.state.latest
    hit = latest.get((unit_id, year))
    pub_id = hit[0] if hit is not None and hit[1] > now else None
    page = pages_cache.get(pub_id) if pub_id is not None else None
    if page is None:
        with request.app.state.engine.connect() as conn:
            pub_id = conn.execute(_LATEST, {"unit": unit_id, "year": year}).scalar()
            if pub_id is None:
                raise NotFound("该单位该年度的决算尚未公开")
            latest[(unit_id, year)] = (pub_id, now + LATEST_TTL)
            page = pages_cache.get(pub_id)
            if page is None:
                html, gz = conn.execute(_PAGE, {"id": pub_id}).one()
                page = pages_cache.put(pub_id, html.encode("utf-8"), gz or gzip.compress(html.encode("utf-8"), 6))
    etag = f'"p{pub_id}"'
    headers = {"etag": etag, "cache-control": "public, max-age=60", "vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(page[1], media_type="text/html; charset=utf-8", headers={**headers, "content-encoding": "gzip"})
    return Response(page[0], media_type="text/html; charset=utf-8", headers=headers)


_LATEST = (select(Publication.id).where(Publication.unit_id == bindparam("unit"), Publication.year == bindparam("year"))
           .order_by(Publication.id.desc()).limit(1))
_PAGE = select(Publication.html, Publication.html_gz).where(Publication.id == bindparam("id"))


class PageCache:
    """Published pages by publication id (raw, gzip), least recently used dropped beyond `size`."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._d: OrderedDict[int, tuple[bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: int) -> tuple[bytes, bytes] | None:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def put(self, key: int, raw: bytes, gz: bytes) -> tuple[bytes, bytes]:
        with self._lock:
            self._d[key] = (raw, gz)
            while len(self._d) > self.size:
                self._d.popitem(last=False)
        return raw, gz


LATEST_TTL = 1.0


def forget_latest(app, unit_id: int, year: int) -> None:  # noqa: ANN001
    """Called after publishing, so this process serves the new publication at once."""
    app.state.latest.pop((unit_id, year), None)


@router.get("/public/{unit_id:id}/{year:id}/download/{fmt}")
def download(unit_id: int, year: int, fmt: str, ctx: CtxDep) -> Response:
    if fmt not in (*FORMATS, "json"):
        raise NotFound("没有这种下载格式")
    pub_version = ctx.db.scalar(select(Publication.version_id).where(
        Publication.unit_id == unit_id, Publication.year == year).order_by(Publication.id.desc()).limit(1))
    if pub_version is None:
        raise NotFound("该单位该年度的决算尚未公开")
    if fmt == "json":  # the published data itself, for researchers (docs/contract.md's model format)
        v = ctx.db.get(Version, pub_version)
        assert v is not None
        unit = ctx.db.get(Unit, unit_id)
        name = f"{unit.name if unit else unit_id}-{year}年度部门决算.json"
        return Response(v.model_json.encode("utf-8"), media_type="application/json; charset=utf-8",
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
    a = ctx.db.scalar(select(Artifact).where(Artifact.version_id == pub_version, Artifact.fmt == fmt))
    if a is None:  # built once, on the first request, from the published (immutable) version
        v = ctx.db.get(Version, pub_version)
        assert v is not None
        try:
            a = services.artifact(ctx.db, v, fmt)
        except integration.Unavailable as exc:
            raise NotFound(str(exc)) from None
        ctx.db.commit()
    return Response(a.data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(a.filename)}"})


@router.get("/public/{unit_id:id}/compare", response_class=HTMLResponse)
def compare(unit_id: int, ctx: CtxDep) -> Response:
    unit = ctx.db.get(Unit, unit_id)
    if unit is None:
        raise NotFound("没有这个单位")
    pubs = list(ctx.db.scalars(select(Publication).where(Publication.id.in_(_latest_ids()),
                                                         Publication.unit_id == unit_id)
                               .order_by(Publication.year)))
    if not pubs:
        raise NotFound("该单位还没有公开的决算")
    years = [p.year for p in pubs]
    figures = [json.loads(p.summary_json) for p in pubs]
    changes: dict[str, str] = {}
    if len(figures) > 1:
        for key, _ in services.KEY_FIGURES:
            a, b = figures[-2].get(key), figures[-1].get(key)
            if a is not None and b is not None:
                changes[key] = f"{Decimal(b) - Decimal(a):+.2f}"
    charts = []
    for key, label in services.KEY_FIGURES[:6]:
        vals = [(y, f.get(key)) for y, f in zip(years, figures, strict=True)]
        top = max((Decimal(v) for _, v in vals if v is not None), default=Decimal(0))
        if top > 0:
            charts.append((key, label, [(y, v or "0", int(Decimal(v or 0) * 100 / top)) for y, v in vals]))
    return ctx.page("public_compare.html", unit=unit, years=years, figures=figures, labels=services.KEY_FIGURES,
                    changes=changes, charts=charts)


CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """A text cell Excel will not run as a formula (CSV injection)."""
    return "'" + value if value.startswith(CSV_RISKY) else value


@router.get("/public/data.csv")
def data_csv(ctx: CtxDep, year: str = "") -> Response:
    """Key figures of every published report (latest publication per unit and year), one row each:
    for researchers, in UTF-8 with a byte-order mark so that Excel shows the Chinese."""
    import csv
    import io

    y = _int(year)
    stmt = (select(Department.name, Unit.name, Publication.unit_id, Publication.year, Publication.published_at,
                   Publication.summary_json)
            .join(Unit, Unit.id == Publication.unit_id).join(Department, Department.id == Unit.department_id)
            .where(Publication.id.in_(_latest_ids())))
    if y:
        stmt = stmt.where(Publication.year == y)
    rows = ctx.db.execute(stmt.order_by(Department.name, Unit.name, Publication.year)).all()
    base = str(ctx.request.base_url).rstrip("/")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["部门", "单位", "年度", "公开日期", *(f"{label}（万元）" for _, label in services.KEY_FIGURES), "报告网址"])
    for dept, unit, unit_id, yr, at, summary in rows:
        figures = json.loads(summary or "{}")
        w.writerow([_csv_text(dept), _csv_text(unit), yr, at.date().isoformat(),
                    *(figures.get(k) or "" for k, _ in services.KEY_FIGURES), f"{base}/public/{unit_id}/{yr}"])
    name = f"部门决算公开汇总{'-' + str(y) if y else ''}.csv"
    return Response(("\ufeff" + out.getvalue()).encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/healthz")
async def healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")
