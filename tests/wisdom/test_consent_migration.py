"""The data migration of issue 17: a holder's single consent (status, date, free text) becomes periods."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("wisdom", "0003_photo_base")]
AFTER = [("wisdom", "0006_remove_single_consent_fields")]


@pytest.fixture
def back_to_latest():
    """Migrating wisdom back to 0003 also unapplies every migration that depends on a later one (other
    apps' too: benefits, the English content columns); afterwards the whole project is migrated forward
    again, so the tests after this one find every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_it_moves_granted_consent_into_the_five_scopes_it_gated(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Record = old.get_model("wisdom", "WisdomRecord")
    Holder = old.get_model("wisdom", "KnowledgeHolder")
    record = Record.objects.create(
        title_th="ตุ๊กตาชาววัง", slug="mig-dolls", category="handicraft", subdistrict_id="150305"
    )
    granted = Holder.objects.create(
        record=record,
        name="ยินยอม",
        consent_status="granted",
        consent_date=dt.date(2026, 6, 1),
        consent_scope="เผยแพร่ชื่อและภาพ",
    )
    pending = Holder.objects.create(record=record, name="รอ", consent_status="pending")
    withdrawn = Holder.objects.create(record=record, name="ถอน", consent_status="withdrawn")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Consent = new.get_model("wisdom", "HolderConsent")
    rows = list(
        Consent.objects.order_by("scope").values_list("holder_id", "scope", "given_on", "withdrawn_on")
    )
    assert rows == [
        (granted.pk, s, dt.date(2026, 6, 1), None)
        for s in sorted(["documentation", "education", "product", "tourism", "naming"])
    ]
    assert "เผยแพร่ชื่อและภาพ" in Consent.objects.first().note
    assert not Consent.objects.filter(holder_id__in=[pending.pk, withdrawn.pk]).exists()
