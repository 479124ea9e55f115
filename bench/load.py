"""The load run: gunicorn and PostgreSQL on loopback, locust participants for a bounded time.

Creates a database of its own (dropped and created again each run), fills it with
`bench.load_data`, serves it with gunicorn under the production settings (plain HTTP), and
runs locust headless. Then it compares the progress rows in the database with what the
simulated participants were answered: every module opened has exactly one row, every module
marked done is completed, and there is nothing else.
"""

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kursplattform_load"


@dataclass(frozen=True)
class LoadResult:
    """What the load run measured and found."""

    seconds: float
    requests: int
    errors: int
    throughput: float
    median_ms: float
    p99_ms: float
    expected_rows: int
    progress_rows: int
    rows_match: bool
    completed_match: bool

    @property
    def passed(self) -> bool:
        """No errors, at least one request, and exactly the progress rows that were sent."""
        return self.requests > 0 and self.errors == 0 and self.rows_match and self.completed_match


def run(
    *, seconds: int = 30, users: int = 40, participants: int = 400, database_url: str = ""
) -> LoadResult:
    """Build, serve and load the platform; return the figures and the check of the rows."""
    database_url = database_url or os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    _recreate_database(database_url)
    folder = Path(tempfile.mkdtemp(prefix="kursplattform-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LOAD_POOL": str(folder / "pool.json"),
        "LOAD_RESULT": str(folder / "result.json"),
    }
    _progress(f"Lastkörning: bygger {participants} inloggade deltagare i {database_url} …")
    subprocess.run(
        [sys.executable, "-m", "bench.load_data", env["LOAD_POOL"], str(participants)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "3"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for(port)
        _progress(f"Lastkörning: {users} samtidiga deltagare i {seconds} s mot gunicorn …")
        began = time.perf_counter()
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
            + ["--headless", "--users", str(users), "--spawn-rate", str(users)]
            + ["--run-time", f"{seconds}s", "--stop-timeout", "10", "--only-summary"]
            + ["--host", f"http://127.0.0.1:{port}", "--loglevel", "WARNING"],
            env=env,
            cwd=ROOT,
            check=False,  # locust exits 1 when a request failed; the check below says which
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    result_file = Path(env["LOAD_RESULT"])
    if not result_file.exists():
        raise RuntimeError(f"locust wrote no results:\n{locust.stderr[-3000:]}")
    records = json.loads(result_file.read_text(encoding="utf-8"))
    return _result(records, elapsed, _progress_rows(database_url))


def _result(records: dict, elapsed: float, rows: dict[tuple[int, int], bool]) -> LoadResult:
    times = sorted(record[2] for record in records["requests"])
    opened = {tuple(pair) for pair in records["opened"]}
    completed = {tuple(pair) for pair in records["completed"]}
    return LoadResult(
        seconds=round(elapsed, 1),
        requests=len(times),
        errors=sum(1 for record in records["requests"] if not record[3]),
        throughput=round(len(times) / elapsed, 1) if elapsed else 0.0,
        median_ms=round(statistics.median(times), 1) if times else 0.0,
        p99_ms=round(times[min(len(times) - 1, int(len(times) * 0.99))], 1) if times else 0.0,
        expected_rows=len(opened | completed),
        progress_rows=len(rows),
        rows_match=set(rows) == opened | completed,
        completed_match={pair for pair, done in rows.items() if done} == completed,
    )


def _progress_rows(database_url: str) -> dict[tuple[int, int], bool]:
    with psycopg.connect(_libpq(database_url)) as connection:
        rows = connection.execute(
            "SELECT participant_id, module_id, completed_at IS NOT NULL FROM lms_moduleprogress"
        ).fetchall()
    return {(participant, module): done for participant, module, done in rows}


def _recreate_database(database_url: str) -> None:
    drop_database(database_url)
    _on_server(database_url, 'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    """Drop the load run's database, if it exists."""
    _on_server(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_server(database_url: str, statement: str) -> None:
    parts = urlsplit(database_url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(statement.format(name=parts.path.lstrip("/")))


def _libpq(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


if __name__ == "__main__":
    print(run())
