"""Run every benchmark in bench/ and check each kept its contract (see bench/README.md).

    .venv/bin/python bench/run_all.py            # full size (`make bench`): minutes
    .venv/bin/python bench/run_all.py --smoke    # tiny data, seconds each (`make bench-smoke`, CI)
    .venv/bin/python bench/run_all.py --smoke --only search_latency

A benchmark is every `bench/*.py` except this file and the helpers (names starting with `_`). It makes one
scratch database (`<database>_bench_<pid>`) on the server of DATABASE_URL (the environment's, else the one
`make db` wrote into .env), runs each benchmark in it as its own process (each works inside a transaction
that it rolls back), then drops it. A benchmark fails when it exits non-zero, runs past --timeout, or does
not end with its ratio lines (`ratio <label> = <number>  (...)`). Exits 1 if any failed; ends with one
summary line per benchmark.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def discover() -> list[Path]:
    return sorted(p for p in BENCH.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))


SMOKE_TIMEOUT = re.compile(r"^SMOKE_TIMEOUT = (\d+)", re.MULTILINE)


def smoke_timeout(script: Path, default: float) -> float:
    """A benchmark that needs longer at smoke size says so (`SMOKE_TIMEOUT = <seconds>` at module level)."""
    match = SMOKE_TIMEOUT.search(script.read_text(encoding="utf-8"))
    return max(default, float(match.group(1))) if match else default


def trailing_ratios(lines: list[str]) -> list[tuple[str, float]]:
    """The ratio lines a benchmark ended with (blank lines aside), in order."""
    import _setup

    found = []
    for line in reversed([ln for ln in lines if ln.strip()]):
        match = _setup.RATIO_LINE.match(line)
        if not match:
            break
        found.append((match["label"], float(match["ratio"])))
    return found[::-1]


def run(script: Path, *, smoke: bool, timeout: float | None, database: str) -> dict:
    """Run one benchmark, streaming its output; the result for the summary."""
    import _setup

    command = [sys.executable, str(script), *(["--smoke"] if smoke else [])]
    env = {**os.environ, _setup.SCRATCH_ENV: database, "PYTHONUNBUFFERED": "1"}
    print(f"\n=== {script.stem}: {' '.join([Path(command[0]).name, *command[1:]])}", flush=True)
    started = time.perf_counter()
    lines: list[str] = []
    proc = subprocess.Popen(command, cwd=BENCH.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    timed_out = threading.Event()

    def kill_on_timeout():
        timed_out.set()
        proc.kill()

    watchdog = threading.Timer(timeout, kill_on_timeout) if timeout else None
    try:
        if watchdog:
            watchdog.start()
        assert proc.stdout is not None
        for line in proc.stdout:
            print("  " + line, end="", flush=True)
            lines.append(line.rstrip("\n"))
        code = proc.wait()
    except BaseException:
        proc.kill()  # Ctrl-C or SIGTERM: stop the benchmark before its database is dropped
        proc.wait()
        raise
    finally:
        if watchdog:
            watchdog.cancel()
    if timed_out.is_set():
        return {"name": script.stem, "ok": False, "seconds": time.perf_counter() - started,
                "why": f"killed after the {timeout:.0f} s timeout", "ratios": []}
    seconds = time.perf_counter() - started
    ratios = trailing_ratios(lines)
    why = ""
    if code != 0:
        why = f"exit code {code}" + (f": {lines[-1].strip()}" if lines else "")
    elif not ratios:
        why = "did not end with its ratio lines ('ratio <label> = <number>  (...)')"
    elif not all(math.isfinite(r) and r > 0 for _, r in ratios):
        why = "a ratio is not a positive number"
    return {"name": script.stem, "ok": not why, "seconds": seconds, "why": why, "ratios": ratios}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny data, seconds each (CI); default: full size")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this benchmark (repeatable)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds allowed per benchmark (default: 120 with --smoke, or the benchmark's own "
                             "SMOKE_TIMEOUT when longer; none at full size)")
    parser.add_argument("--migrate", action="store_true",
                        help="build the scratch database by running the migrations (slower) instead of "
                             "creating the tables from the models")
    args = parser.parse_args()
    timeout = args.timeout if args.timeout is not None else (120.0 if args.smoke else None)

    scripts = discover()
    if args.only:
        unknown = set(args.only) - {s.stem for s in scripts}
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))} (have: "
                         f"{', '.join(s.stem for s in scripts)})")
        scripts = [s for s in scripts if s.stem in args.only]

    # SIGTERM (CI cancelling the job) unwinds like Ctrl-C, so the scratch database is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    sys.path.insert(0, str(BENCH))
    import _setup

    results = []
    base, database = _setup.create_scratch_database(migrate=args.migrate)
    try:
        _setup.connection.close()  # no idle connection while the benchmarks run
        for script in scripts:
            limit = smoke_timeout(script, timeout) if args.smoke and args.timeout is None and timeout else timeout
            results.append(run(script, smoke=args.smoke, timeout=limit, database=database))
    finally:
        _setup.drop_scratch_database(base, database)

    size = "smoke" if args.smoke else "full"
    print(f"\n=== summary ({size} size, {len(results)} benchmarks, {time.perf_counter() - started:.1f} s "
          f"in all; ratio = portal / its floor)")
    width = max((len(r["name"]) for r in results), default=0)
    for r in results:
        detail = "  ".join(f"{label}={ratio:.2f}" for label, ratio in r["ratios"]) if r["ok"] else r["why"]
        print(f"{'ok  ' if r['ok'] else 'FAIL'}  {r['name']:<{width}}  {r['seconds']:6.1f} s  {detail}")
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
