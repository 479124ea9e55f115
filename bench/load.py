"""The load run: two gunicorn app servers sharing PostgreSQL and Redis, locust participants.

Creates a database of its own (dropped and created again each run), fills it with
`bench.load_data`, and serves it with two gunicorn instances on different ports under the
production settings (plain HTTP), sharing the database and the Redis cache (a key prefix of
the run's own, deleted afterwards). First a short run of anonymous visitors of the one-row view,
then the participants, both spread over the two servers. In the middle of the participants' run
an editor publishes a new revision of a module (`bench.publish`, a process of its own) while a
poller (`bench.poller`) asks both servers for the module until each serves the new text. At the
end the progress rows in the database are compared with what the simulated participants were
answered: every module opened has exactly one row, every module marked done is completed, and
nothing else.

Throughput per core is requests per CPU-second of the app servers (gunicorn's processes,
measured with psutil), so that it does not depend on how busy the machine or the load
generator is; the participants' is given as a share of the one-row view's.
"""

import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.poller import Watch
from bench.scratch_db import connect, drop_database, recreate_database
from config import redis_server

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kursplattform_load"
SERVERS, WORKERS_PER_SERVER = 2, 2
PUBLISH_WITHIN_S = 1.0


@dataclass(frozen=True)
class LoadResult:
    """What the load run measured and found."""

    seconds: float
    requests: int
    errors: int
    throughput: float
    median_ms: float
    p99_ms: float
    requests_per_server: list[int]
    expected_rows: int
    progress_rows: int
    rows_match: bool
    completed_match: bool
    publish_delays_s: list[float | None]
    per_core: float
    baseline_per_core: float
    share_of_baseline: float

    @property
    def published_in_time(self) -> bool:
        """Every server served the published revision within PUBLISH_WITHIN_S."""
        delays = self.publish_delays_s
        return all(delay is not None and delay <= PUBLISH_WITHIN_S for delay in delays)

    @property
    def passed(self) -> bool:
        """No errors, every server used, the exact progress rows, and the publish seen in time."""
        return (
            self.requests > 0
            and self.errors == 0
            and all(self.requests_per_server)
            and self.rows_match
            and self.completed_match
            and self.published_in_time
        )


@dataclass(frozen=True)
class _Run:
    records: dict
    seconds: float  # locust's run time: requests start only inside it
    server_cpu_s: float


def run(
    *,
    seconds: int = 30,
    users: int = 40,
    participants: int = 400,
    database_url: str = "",
    redis_url: str = "",
) -> LoadResult:
    """Build, serve on two servers and load the platform; return the figures and the checks.

    The run builds its data in a scratch database (`database_url`), dropped when it ends.
    """
    database_url = database_url or default_database_url()
    redis_url = redis_url or redis_server.redis_url()
    recreate_database(database_url)
    folder = Path(tempfile.mkdtemp(prefix="kursplattform-load-"))
    try:
        return _run_in(
            folder,
            database_url,
            redis_url,
            seconds=seconds,
            users=users,
            participants=participants,
        )
    finally:
        drop_database(database_url)
        shutil.rmtree(folder, ignore_errors=True)


def _run_in(folder: Path, database_url, redis_url, *, seconds, users, participants) -> LoadResult:
    """The load run in a fresh database, with its pool and locust's files in `folder`."""
    prefix = f"load-{secrets.token_hex(6)}"
    ports = _free_ports(SERVERS)
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LOAD_POOL": str(folder / "pool.json"),
        "LOAD_HOSTS": ",".join(hosts),
    }
    _progress(f"Lastkörning: bygger {participants} inloggade deltagare i {database_url} …")
    subprocess.run(
        [sys.executable, "-m", "bench.load_data", env["LOAD_POOL"], str(participants)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    pool = json.loads(Path(env["LOAD_POOL"]).read_text(encoding="utf-8"))
    servers = [_serve(port, env) for port in ports]
    try:
        for port in ports:
            _wait_for(port)
        _warm_up(hosts, pool)
        _progress(f"Lastkörning: baslinjen, {users} besökare i {max(5, seconds // 3)} s …")
        baseline = _locust("BaselineVisitor", users, max(5, seconds // 3), env, folder, servers)
        _progress(f"Lastkörning: {users} deltagare i {seconds} s mot {SERVERS} gunicorn …")
        participant_run, delays = _participants_with_publish(
            users, seconds, env, folder, servers, pool
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        redis_server.delete_prefixed_keys(redis_url, prefix)
    rows = _progress_rows(database_url, exclude=pool["watcher"]["participant"])
    return _result(participant_run, baseline, ports, delays, rows)


def default_database_url() -> str:
    """The load run's scratch database: LOAD_DATABASE_URL, or `kursplattform_load` locally."""
    return os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)


def _serve(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS_PER_SERVER)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket"],
        env=env,
        cwd=ROOT,
    )


def _warm_up(hosts: list[str], pool: dict) -> None:
    """Request both pages from every server, several at once and in three rounds.

    A worker's first request loads the URLs, templates and site (seconds on a busy machine);
    the runs measure servers whose workers have done that, as production servers long have.
    """
    cookie = f"sessionid={pool['watcher']['session']}"
    paths = [pool["baseline_url"], pool["modules"][0]["url"]]
    requests = [
        urllib.request.Request(f"{host}{path}", headers={"Cookie": cookie})
        for host in hosts
        for path in paths
        for _ in range(2 * WORKERS_PER_SERVER)
    ]
    with ThreadPoolExecutor(max_workers=2 * WORKERS_PER_SERVER) as executor:
        for _round in range(3):
            list(executor.map(_fetch, requests))


def _fetch(request: urllib.request.Request) -> None:
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()


def _participants_with_publish(users, seconds, env, folder, servers, pool):
    """The participants' run, with a module published and watched for half way through."""
    module = pool["modules"][0]
    marker = f"Ny version {secrets.token_hex(8)}"
    publish_delays: list[float | None] = []

    def publish_half_way():
        time.sleep(seconds / 2)
        publisher = subprocess.Popen(
            [sys.executable, "-m", "bench.publish", str(module["id"]), marker],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert publisher.stdout.readline().strip() == "redo", "the publisher did not start"
        watch = Watch(
            [f"{host}{module['url']}" for host in env["LOAD_HOSTS"].split(",")],
            text=marker,
            cookie=f"sessionid={pool['watcher']['session']}",
            timeout=10 * PUBLISH_WITHIN_S,
        )
        output, _ = publisher.communicate("\n", timeout=60)
        published_at = json.loads(output)["published_at"]
        publish_delays.extend(
            None if seen is None else round(max(0.0, seen - published_at), 3)
            for seen in watch.seen_at()
        )
        _progress(f"Lastkörning: modulen publicerad; syns efter {publish_delays} s per server")
        return watch.requests

    result = _locust("Participant", users, seconds, env, folder, servers, during=publish_half_way)
    return result, publish_delays


def _locust(user_class, users, seconds, env, folder, servers, during=None) -> _Run:
    """Run locust headless with `user_class`; `during()` runs meanwhile and returns its requests.

    The app servers' CPU time over the run is returned with the records; requests that
    `during` made are added to the records' count as unnamed successful GETs.
    """
    result_file = folder / f"result-{user_class}.json"
    log_file = folder / f"locust-{user_class}.log"
    cpu_before = _cpu_seconds(servers)
    with open(log_file, "w", encoding="utf-8") as log:
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
            + ["--headless", "--users", str(users), "--spawn-rate", str(users)]
            + ["--run-time", f"{seconds}s", "--stop-timeout", "10", "--only-summary"]
            + ["--host", env["LOAD_HOSTS"].split(",")[0], "--loglevel", "WARNING", user_class],
            env={**env, "LOAD_RESULT": str(result_file)},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            extra = during() if during else 0
        finally:
            locust.wait(timeout=seconds + 60)  # exits 1 when a request failed; checked below
    cpu = _cpu_seconds(servers) - cpu_before
    if not result_file.exists():
        raise RuntimeError(f"locust wrote no results:\n{log_file.read_text()[-3000:]}")
    records = json.loads(result_file.read_text(encoding="utf-8"))
    records["extra_requests"] = extra
    return _Run(records=records, seconds=seconds, server_cpu_s=cpu)


def _cpu_seconds(servers: list[subprocess.Popen]) -> float:
    """User and system CPU time of the gunicorn masters and their workers so far."""
    total = 0.0
    for server in servers:
        master = psutil.Process(server.pid)
        for process in [master, *master.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _per_core(run: _Run) -> float:
    requests = len(run.records["requests"]) + run.records["extra_requests"]
    return requests / run.server_cpu_s if run.server_cpu_s else 0.0


def _result(participants: _Run, baseline: _Run, ports, delays, rows) -> LoadResult:
    records = participants.records
    times = sorted(record[2] for record in records["requests"])
    opened = {tuple(pair) for pair in records["opened"]}
    completed = {tuple(pair) for pair in records["completed"]}
    per_core, baseline_per_core = _per_core(participants), _per_core(baseline)
    return LoadResult(
        seconds=round(participants.seconds, 1),
        requests=len(times),
        errors=sum(1 for record in records["requests"] if not record[3]),
        throughput=round(len(times) / participants.seconds, 1) if participants.seconds else 0.0,
        median_ms=round(statistics.median(times), 1) if times else 0.0,
        p99_ms=round(times[min(len(times) - 1, int(len(times) * 0.99))], 1) if times else 0.0,
        requests_per_server=[
            sum(1 for record in records["requests"] if record[4] == port) for port in ports
        ],
        expected_rows=len(opened | completed),
        progress_rows=len(rows),
        rows_match=set(rows) == opened | completed,
        completed_match={pair for pair, done in rows.items() if done} == completed,
        publish_delays_s=delays,
        per_core=round(per_core, 1),
        baseline_per_core=round(baseline_per_core, 1),
        share_of_baseline=round(per_core / baseline_per_core, 3) if baseline_per_core else 0.0,
    )


def _progress_rows(database_url: str, *, exclude: int) -> dict[tuple[int, int], bool]:
    with connect(database_url) as connection:
        rows = connection.execute(
            "SELECT participant_id, module_id, completed_at IS NOT NULL"
            " FROM lms_moduleprogress WHERE participant_id <> %s",
            [exclude],
        ).fetchall()
    return {(participant, module): done for participant, module, done in rows}


def _free_ports(count: int) -> list[int]:
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:  # held open together, so the ports differ
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout} s")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
