"""The results' generation counter and the triggers that bump it (see evaluation/generation.py)."""

from django.db import migrations

from evaluation.generation import INSTALL_SQL, UNINSTALL_SQL


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("core", "0001_initial"),
        ("tourism", "0001_initial"),
    ]

    operations = [migrations.RunSQL(INSTALL_SQL, UNINSTALL_SQL)]
