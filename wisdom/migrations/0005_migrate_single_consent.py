"""Move each knowledge holder's single consent (status, date, free-text scope) into structured periods.

- granted (it had a date: a database check said so): one open period from that date for each scope
  the single consent used to gate — documentation, education/training, product development and sale,
  tourism demonstration, naming in public. Benefit sharing was never part of it and needs a new grant.
  The old free-text scope is kept in each period's note; no form or recorder is known.
- pending: no period (nothing was consented to, as before).
- withdrawn: no open period (as before, nothing built on the record may be published); the withdrawal's
  date was never stored, so no closed period is invented.
Reversing sets holders with an open period of every one of those five scopes back to granted (the
earliest date), the others to pending.
"""

from django.db import migrations

MIGRATED_SCOPES = ("documentation", "education", "product", "tourism", "naming")
NOTE = "ย้ายจากความยินยอมแบบเดิม (ก่อนมีขอบเขตแยก)"


def forwards(apps, schema_editor):
    Holder = apps.get_model("wisdom", "KnowledgeHolder")
    Consent = apps.get_model("wisdom", "HolderConsent")
    rows = []
    for holder in Holder.objects.filter(consent_status="granted").exclude(consent_date=None).iterator():
        note = NOTE + (f": {holder.consent_scope}" if holder.consent_scope else "")
        for scope in MIGRATED_SCOPES:
            rows.append(
                Consent(
                    holder_id=holder.pk,
                    scope=scope,
                    given_on=holder.consent_date,
                    note=note[:2000],
                    is_demo=holder.is_demo,
                )
            )
    Consent.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    Holder = apps.get_model("wisdom", "KnowledgeHolder")
    Consent = apps.get_model("wisdom", "HolderConsent")
    for holder in Holder.objects.iterator():
        open_ = Consent.objects.filter(holder_id=holder.pk, withdrawn_on=None, scope__in=MIGRATED_SCOPES)
        if open_.values("scope").distinct().count() == len(MIGRATED_SCOPES):
            holder.consent_status = "granted"
            holder.consent_date = open_.order_by("given_on").values_list("given_on", flat=True).first()
        else:
            holder.consent_status = "pending"
            holder.consent_date = None
        holder.save(update_fields=["consent_status", "consent_date"])
    Consent.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wisdom", "0004_structured_consent"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
