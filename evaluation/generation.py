"""The results' generation: a number that changes with every committed write the evaluation reads.

The cached results (``selectors.evaluation_result``) are keyed with it. It is a row of
``evaluation_results_generation`` that statement-level triggers on the income records, enrollments and
targets at every level (department, district, unit: any INSERT, UPDATE, DELETE or TRUNCATE, whoever runs it: services, admin, COPY) and on the units'
names and subdistricts set, **in the writing transaction**, to the next value of a sequence:

- a reader that sees a write's rows also sees its generation (same commit), so a result cached under the
  old generation is never served after the write commits;
- a reader reads the generation before it computes, so what it caches is at least as new as its key;
- sequence values are never reused, even when a transaction rolls back, so a result computed inside a
  transaction that was rolled back sits under a generation nobody else will ever read.

Installed by migration ``0002`` and again, idempotently, after every ``migrate`` (``apps.py``), which also
covers databases whose tables were made from the models (benchmarks' scratch databases).
"""

from __future__ import annotations

TABLE = "evaluation_results_generation"
SEQUENCE = "evaluation_results_generation_seq"

# (table, the trigger's event): a unit's name and district are on every row of its results.
WATCHED = [
    ("evaluation_incomerecord", "INSERT OR UPDATE OR DELETE"),
    ("evaluation_enrollment", "INSERT OR UPDATE OR DELETE"),
    ("evaluation_target", "INSERT OR UPDATE OR DELETE"),
    ("evaluation_districttarget", "INSERT OR UPDATE OR DELETE"),
    ("evaluation_unittarget", "INSERT OR UPDATE OR DELETE"),
    ("core_producergroup", "UPDATE OF name_th, subdistrict_id"),
    ("tourism_tourismcommunity", "UPDATE OF name_th, subdistrict_id"),
]

INSTALL_SQL = "\n".join(
    [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE};",
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id smallint PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL);",
        f"INSERT INTO {TABLE} (id, generation) VALUES (1, nextval('{SEQUENCE}')) "  # noqa: S608 (constants)
        "ON CONFLICT (id) DO NOTHING;",
        f"""CREATE OR REPLACE FUNCTION evaluation_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (id, generation) VALUES (1, nextval('{SEQUENCE}'))
    ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation;
    RETURN NULL;
END $$;""",  # noqa: S608 (constants)
        # only on the tables that exist: migration 0002 runs this before 0005 made the target tables
        *[
            f"DO $$ BEGIN IF to_regclass('{table}') IS NOT NULL THEN\n"
            f"EXECUTE 'DROP TRIGGER IF EXISTS evaluation_generation ON {table}';\n"
            f"EXECUTE 'CREATE TRIGGER evaluation_generation AFTER {event} ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION evaluation_bump_generation()';\n"
            + (f"EXECUTE 'DROP TRIGGER IF EXISTS evaluation_generation_truncate ON {table}';\n"
               f"EXECUTE 'CREATE TRIGGER evaluation_generation_truncate AFTER TRUNCATE ON {table} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION evaluation_bump_generation()';\n"
               if event.startswith("INSERT") else "")
            + "END IF; END $$;"
            for table, event in WATCHED
        ],
    ]
)

UNINSTALL_SQL = "\n".join(
    [
        *[
            f"DROP TRIGGER IF EXISTS evaluation_generation ON {table};\n"
            f"DROP TRIGGER IF EXISTS evaluation_generation_truncate ON {table};"
            for table, _event in WATCHED
        ],
        "DROP FUNCTION IF EXISTS evaluation_bump_generation();",
        f"DROP TABLE IF EXISTS {TABLE};",
        f"DROP SEQUENCE IF EXISTS {SEQUENCE};",
    ]
)


def install(using: str = "default") -> None:
    """(Re)create the table, the sequence and the triggers; safe to run any number of times."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(INSTALL_SQL)


def current(using: str = "default") -> int | None:
    """The generation the connection ``using`` sees now (None when the row is missing: do not cache). Read on
    the connection that then computes the rows (the read replica, when used), so the two agree."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {TABLE} WHERE id = 1")  # noqa: S608 (a constant)
        row = cursor.fetchone()
    return row[0] if row else None
