"""The benchmark's output: one table on stdout, and the same rows as JSON for comparing runs."""

import json
import platform
from datetime import datetime
from pathlib import Path

COLUMNS = {
    "scenario": "scenario",
    "size": "storlek",
    "median_ms": "median ms (IQR)",
    "cpu_ms": "CPU ms",
    "baseline_ms": "baslinje ms",
    "x_baseline": "× baslinje (IQR)",
    "queries": "frågor",
    "peak_mib": "topp MiB",
    "target": "mål",
    "met": "uppnått",
}


def print_table(rows: list[dict]) -> None:
    """Print the rows as one fixed-width table."""
    widths = {
        key: max(len(title), *(len(str(row.get(key, ""))) for row in rows))
        for key, title in COLUMNS.items()
    }
    print("  ".join(title.ljust(widths[key]) for key, title in COLUMNS.items()))
    print("  ".join("-" * widths[key] for key in COLUMNS))
    for row in rows:
        print("  ".join(str(row.get(key, "")).ljust(widths[key]) for key in COLUMNS))


def write_json(rows: list[dict], load: dict | None, folder: Path) -> Path:
    """Write the run to `folder`/bench-<time>.json and `latest.json`; return the first path."""
    folder.mkdir(parents=True, exist_ok=True)
    started = datetime.now().astimezone()
    document = {
        "run_at": started.isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rows": rows,
        "load": load,
    }
    path = folder / f"bench-{started:%Y%m%d-%H%M%S}.json"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(text, encoding="utf-8")
    return path
