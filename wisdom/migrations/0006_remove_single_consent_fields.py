"""The single consent status, date and free-text scope of a knowledge holder are gone: 0005 moved them
into HolderConsent periods (issue 17)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("wisdom", "0005_migrate_single_consent"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="knowledgeholder",
            name="knowledgeholder_granted_has_date",
        ),
        migrations.RemoveField(
            model_name="historicalknowledgeholder",
            name="consent_date",
        ),
        migrations.RemoveField(
            model_name="historicalknowledgeholder",
            name="consent_scope",
        ),
        migrations.RemoveField(
            model_name="historicalknowledgeholder",
            name="consent_status",
        ),
        migrations.RemoveField(
            model_name="knowledgeholder",
            name="consent_date",
        ),
        migrations.RemoveField(
            model_name="knowledgeholder",
            name="consent_scope",
        ),
        migrations.RemoveField(
            model_name="knowledgeholder",
            name="consent_status",
        ),
    ]
