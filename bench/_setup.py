"""What the benchmark scripts share: Django set-up, the scratch database, sizes, timing and the ratio lines.

The contract every `bench/*.py` benchmark follows (and `run_all.py` checks):

- it takes `--smoke` (tiny data, a few seconds, for CI) and otherwise runs at full size; its size knobs
  (e.g. `--items`) override either;
- it works in a scratch database (`scratch_database()`: the one `run_all.py` made, passed in
  ``OTOP_BENCH_DATABASE``, or one of its own, dropped at the end) and inside a transaction that is
  rolled back, so it never touches the developer's database and leaves nothing behind;
- it measures what the portal runs against a *floor*: the bare query (or bare view) that returns the
  same answer, timed in the same run, and checks that both answers agree;
- its LAST lines are its ratios, printed by `print_ratios()`::

      ratio <label> = <measured / floor>  (<what> <ms> ms / <floor> <ms> ms)
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")
# Measure as production runs: no per-query logging (DEBUG keeps every SQL string in connection.queries).
os.environ["DEBUG"] = "false"

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.AXES_VERBOSE = False  # no start-up banner in the benchmarks' output
django.setup()

from django.db import connection  # noqa: E402

SCRATCH_ENV = "OTOP_BENCH_DATABASE"
PROVINCE = "15"  # Ang Thong: the areas every benchmark's rows point at
RATIO_LINE = re.compile(r"^ratio (?P<label>\S+) = (?P<ratio>\d+(?:\.\d+)?)\b")


class Rollback(Exception):
    """Raised at the end of a benchmark's transaction so that nothing it generated stays."""


# --- sizes ---------------------------------------------------------------------------


def arguments(doc: str, *, smoke: dict, full: dict) -> argparse.Namespace:
    """Parse `--smoke` and one `--<knob>` per size knob; knobs left out take the size's default."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny data, a few seconds (CI); default: full size")
    parser.add_argument("--migrate", action="store_true",
                        help="build an own scratch database by running the migrations (slower) instead of "
                             "creating the tables from the models")
    for key, default in full.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(default), default=None,
                            help=f"default {default} (--smoke: {smoke[key]})")
    args = parser.parse_args()
    size = smoke if args.smoke else full
    for key in full:
        if getattr(args, key) is None:
            setattr(args, key, size[key])
    return args


# --- the scratch database --------------------------------------------------------------


def scratch_name(base: str, pid: int) -> str:
    return f"{base}_bench_{pid}"


def _drop_stale_scratch_databases(base: str) -> None:
    """Drop scratch databases left by benchmark runs that were killed (their process is gone)."""
    pattern = re.compile(rf"^{re.escape(base)}_bench_(\d+)$")
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base}_bench_%"])
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            match = pattern.match(name)
            if not match or _alive(int(match.group(1))):
                continue
            try:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
                print(f"dropped {name}, left behind by a killed benchmark run")
            except Exception as exc:  # in use by someone: leave it
                print(f"left {name} alone: {exc}".strip())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def create_scratch_database(*, migrate: bool = False) -> tuple[str, str]:
    """Create `<database>_bench_<pid>` on the server of DATABASE_URL and switch to it.

    Its tables are made from the models (like `pytest --nomigrations`; `manage.py makemigrations --check`
    keeps those equal to the migrations) or, with `migrate`, by running the migrations. Ang Thong's
    areas are loaded. Returns (the developer's database name, the scratch database name).
    """
    from core.areas import load_areas

    base = connection.settings_dict["NAME"]
    _drop_stale_scratch_databases(base)
    name = scratch_name(base, os.getpid())
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": name,
                                        "MIGRATE": migrate}
    started = time.perf_counter()
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        load_areas(provinces={PROVINCE})
    except BaseException:
        drop_scratch_database(base, name)
        raise
    print(f"scratch database {name} ready in {time.perf_counter() - started:.1f} s "
          f"({'migrations' if migrate else 'tables from the models'}, Ang Thong's areas)")
    return base, name


def drop_scratch_database(base: str, name: str) -> None:
    """Drop the scratch database (WITH (FORCE): a benchmark killed a moment ago may still be connected)."""
    use_database(base)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
    print(f"scratch database {name} dropped")


def use_database(name: str) -> None:
    """Point the default connection at `name` (before it is first used)."""
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


@contextlib.contextmanager
def scratch_database(*, migrate: bool = False):
    """The scratch database of `run_all.py` (OTOP_BENCH_DATABASE), or one of this script's own."""
    given = os.environ.get(SCRATCH_ENV)
    if given:
        use_database(given)
        yield given
        connection.close()
        return
    base, name = create_scratch_database(migrate=migrate)
    try:
        yield name
    finally:
        drop_scratch_database(base, name)


@contextlib.contextmanager
def rolled_back():
    """A transaction that is always rolled back: nothing generated inside it stays."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


# --- generating and timing ---------------------------------------------------------------


def bulk_create(model, objects, *, batch: int = 5000) -> int:
    """`model.objects.bulk_create` over any iterable, `batch` objects at a time (bounded memory)."""
    count, chunk = 0, []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == batch:
            model.objects.bulk_create(chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY `rows` (tuples of values for `fields`) into `model`'s table, for a million rows in seconds.

    Every other column is filled as the model would fill it: `auto_now(_add)` with now, a default with the
    default, a nullable column with NULL; a NOT NULL column without a default stops the benchmark with its
    name (give it a value in `fields`) rather than inserting something the model would not.
    """
    from django.db.models import NOT_PROVIDED
    from django.utils import timezone

    given = [model._meta.get_field(name) for name in fields]
    filled, values = [], []
    for field in model._meta.concrete_fields:
        if field in given or field.primary_key or getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.has_default() or not field.null:
            value = field.get_default()
            if value is None and not field.null:
                raise SystemExit(f"bench: {model.__name__}.{field.name} is NOT NULL without a default; "
                                 f"give it a value in copy_rows(..., fields=...)")
            if field.unique and callable(field.default):
                raise SystemExit(f"bench: {model.__name__}.{field.name} is unique: give it a value per row")
            value = field.get_db_prep_save(value, connection)
        else:
            continue
        filled.append(field)
        values.append(value)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [*given, *filled])
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, *values))
            count += 1
    return count


def analyze(*models) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def best_of(runs: int, func) -> tuple[float, object]:
    """The fastest of `runs` calls (seconds) and the last call's result."""
    best, result = math.inf, None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def print_ratios(ratios: list[tuple[str, float, float, str, str]]) -> None:
    """The benchmark's LAST lines: (label, measured s, floor s, what was measured, the floor)."""
    for label, measured, floor, what, floor_name in ratios:
        print(f"ratio {label} = {measured / floor:.2f}  "
              f"({what} {measured * 1000:.1f} ms / {floor_name} {floor * 1000:.1f} ms)")
    sys.stdout.flush()
