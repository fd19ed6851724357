"""Portal load benchmark: requests/s and latency of the public report page and of the check endpoint.

Runs the portal in a uvicorn subprocess on loopback (SQLite, and PostgreSQL when a URL is given),
drives it with a small asyncio HTTP/1.1 keep-alive client, and writes the figures to
docs/performance.md between <!-- portal:start --> and <!-- portal:end -->.

    .venv/bin/python benchmarks/bench_portal.py [--seconds 10] [--connections 32] \
        [--pg-url postgresql://juesuan:juesuan@127.0.0.1:5432/juesuan_test] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from perfdoc import markers, write_section  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
START, END = markers("portal")
EXAMPLE = REPO / "examples" / "yulin-2024.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str) -> tuple[int, int]:
    """Migrate and load the demo bureau; return (unit id, year) of a published report."""
    from sqlalchemy import select

    from juesuan.store.models import Publication
    from juesuan.web.app import create_app
    from juesuan.web.demo import load_demo

    app = create_app(url, secret_key="bench")
    load_demo(app.state.sessions, out=lambda *_: None)
    with app.state.sessions() as db:
        pub = db.scalars(select(Publication).order_by(Publication.id.desc())).first()
        assert pub is not None, "the demo has no published report"
        result = (pub.unit_id, pub.year)
    app.state.engine.dispose()
    return result


class Server:
    def __init__(self, url: str, workers: int) -> None:
        self.port = free_port()
        env = {**os.environ, "JUESUAN_DATABASE_URL": url, "JUESUAN_SECRET_KEY": "bench", "PYTHONPATH": str(REPO / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "juesuan.web.serve:app_from_env", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--workers", str(workers), "--no-access-log"],
            env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("portal did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def login(port: int, username: str, password: str) -> tuple[str, str]:
    """Sign in; return (cookie header, CSRF token)."""
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/login")
    r = c.getresponse()
    body = r.read().decode()
    cookie = r.getheader("set-cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    form = f"username={username}&password={password}&csrf_token={token}"
    c.request("POST", "/login", body=form, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    cookie = r.getheader("set-cookie", "").split(";", 1)[0]
    c.request("GET", "/account", headers={"Cookie": cookie})
    r = c.getresponse()
    body = r.read().decode()
    cookie = (r.getheader("set-cookie") or cookie).split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    return cookie, token


async def _worker(port: int, request: bytes, until: float, lat: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if m:
                await reader.readexactly(int(m.group(1)))
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


def load(port: int, request: bytes, seconds: float, connections: int) -> dict[str, float]:
    """Run `connections` keep-alive clients for `seconds`; return rps and latency percentiles (ms)."""
    lat: list[float] = []
    errors: list[int] = []

    async def main() -> None:
        # warm-up
        await asyncio.gather(*[_worker(port, request, time.perf_counter() + 1, [], []) for _ in range(4)])
        until = time.perf_counter() + seconds
        await asyncio.gather(*[_worker(port, request, until, lat, errors) for _ in range(connections)])

    t0 = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - t0 - 1
    lat.sort()

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    return {"requests": len(lat), "rps": len(lat) / max(elapsed, 1e-9), "p50": pct(0.50), "p99": pct(0.99),
            "mean": statistics.fmean(lat) * 1000 if lat else 0.0, "errors": len(errors)}


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (uvicorn workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if int(entry.name) == pid or ppid == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measured(server: Server, request: bytes, seconds: float, connections: int) -> dict[str, float]:
    """load() plus the server's CPU milliseconds per request (steadier than wall time on a busy machine)."""
    before = _tree_cpu(server.proc.pid)
    r = load(server.port, request, seconds, connections)
    cpu = _tree_cpu(server.proc.pid) - before
    r["cpu_ms"] = cpu * 1000 / max(r["requests"], 1)
    return r


def page_request(port: int, unit: int, year: int) -> bytes:
    return (f"GET /public/{unit}/{year} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\nAccept-Encoding: gzip, deflate\r\n\r\n").encode()


def check_request(port: int, cookie: str, token: str) -> bytes:
    boundary = uuid.uuid4().hex
    payload = EXAMPLE.read_bytes()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"yulin-2024.yaml\"\r\n"
            f"Content-Type: application/x-yaml\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    head = (f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nX-CSRF-Token: {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


def bench_backend(name: str, url: str, args: argparse.Namespace) -> list[dict[str, object]]:
    unit, year = prepare(url)
    rows: list[dict[str, object]] = []
    for workers in args.workers:
        server = Server(url, workers)
        try:
            for conns in args.connections:
                r = measured(server, page_request(server.port, unit, year), args.seconds, conns)
                rows.append({"backend": name, "workers": workers, "connections": conns,
                             "endpoint": "GET /public/{unit}/{year}", **r})
                print(rows[-1], flush=True)
            cookie, token = login(server.port, "reviewer", "juesuan-demo-2024")
            r = measured(server, check_request(server.port, cookie, token), args.seconds, args.check_connections)
            rows.append({"backend": name, "workers": workers, "connections": args.check_connections,
                         "endpoint": "POST /api/check", **r})
            print(rows[-1], flush=True)
        finally:
            server.stop()
    return rows


def render(rows: list[dict[str, object]], args: argparse.Namespace, load_avg: str) -> str:
    lines = [START, "", "## Portal (`juesuan serve`)", "",
             f"Measured by `benchmarks/bench_portal.py` on {platform.node() or 'this machine'} "
             f"({os.cpu_count()} CPUs, Python {platform.python_version()}), {time.strftime('%Y-%m-%d')}: "
             f"uvicorn (h11, no uvloop/httptools) serving the demo bureau on loopback; an asyncio keep-alive "
             f"client in another process on the same machine, {args.seconds:g} s per run after 1 s warm-up, "
             f"{' and '.join(map(str, args.connections))} connections for the page, {args.check_connections} for the check endpoint. "
             "The load generator shares the CPUs with the server.", "",
             f"Load average when starting: {load_avg}.", "",
             "| backend | workers | endpoint | connections | requests/s | p50 ms | p99 ms | server CPU ms / request | "
             "requests/s per core (1000 / CPU ms) | non-200 |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['backend']} | {r['workers']} | `{r['endpoint']}` | {r['connections']} | {r['rps']:.0f} | {r['p50']:.1f} | "
                     f"{r['p99']:.1f} | {r['cpu_ms']:.2f} | {1000 / max(r['cpu_ms'], 1e-9):.0f} | {r['errors']} |")
    page = [r for r in rows if str(r["endpoint"]).startswith("GET")]
    ok = [r for r in page if float(r["p99"]) < 100]
    best = max(ok or page, key=lambda r: float(r["rps"])) if page else None
    cpu = min(float(r["cpu_ms"]) for r in page) if page else 0.0
    lines += ["", "Target: the public report page at 500 requests/s or more with p99 under 100 ms on 2 cores. "
              "The public page is the HTML rendered once at publishing time and stored gzip-compressed "
              "(≈60 KB on the wire for the example), served from an in-process cache keyed by the immutable "
              "publication id after an indexed lookup of the latest publication (at most once a second per "
              "process); the check endpoint parses the uploaded YAML and runs every rule on each request.", ""]
    if best is not None:
        met = float(best["rps"]) >= 500 and float(best["p99"]) < 100
        lines += [f"Result: best measured {float(best['rps']):.0f} requests/s with p99 {float(best['p99']):.0f} ms "
                  f"({'meets' if met else 'does not meet'} the target in this run). The server spends "
                  f"{cpu:.2f} ms of CPU per page, i.e. about {1000 / max(cpu, 1e-9):.0f} requests/s per core "
                  "when the core is its own; in this run the load generator (Python, same machine) and any other "
                  f"load (load average {load_avg} at the start) share the 2 cores, so the wall-clock figures are "
                  "lower bounds. p50/p99 include queueing behind the other open connections.", ""]
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    ap.add_argument("--check-connections", type=int, default=4)
    ap.add_argument("--workers", type=int, nargs="+", default=[1])
    ap.add_argument("--pg-url", default=os.environ.get("JUESUAN_TEST_PG_URL", ""))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-") as tmp:
        rows += bench_backend("SQLite", f"sqlite:///{tmp}/bench.db", args)
    if args.pg_url:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        plain = args.pg_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.pg_url else "?"
            rows += bench_backend("PostgreSQL", f"{args.pg_url}{sep}options=-csearch_path%3D{schema}", args)
        finally:
            with psycopg.connect(plain, autocommit=True) as c:
                c.execute(f'DROP SCHEMA "{schema}" CASCADE')
    section = render(rows, args, load_avg)
    print(section)
    if not args.no_write:
        write_section("portal", "", section)


if __name__ == "__main__":
    main()
