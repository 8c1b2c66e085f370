"""The seeded module database of the API tests (tests/api/seed.py)."""

from __future__ import annotations

import pytest

from tests.api.seed import restart_sequences, seed


@pytest.fixture(scope="module")
def fuzz_data(django_db_setup, django_db_blocker):
    """Seeded once for the module inside a transaction that is rolled back at the end; each test
    (`db`) runs in a savepoint of it, so every operation starts from the same rows."""
    from django.core import signals
    from django.db import close_old_connections, transaction

    from otop_portal.celery import app
    from tests.conftest import ensure_reference_data

    eager = app.conf.task_always_eager, app.conf.task_eager_propagates
    # Tasks queued by a request run in place; their failures stay in the result, as in a worker.
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    # As django.test.Client does: the requests share the test's connection and its transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_reference_data()
            restart_sequences()
            yield seed()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            app.conf.task_always_eager, app.conf.task_eager_propagates = eager
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
