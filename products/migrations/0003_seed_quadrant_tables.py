from django.db import migrations


def forwards(apps, schema_editor):
    from products.quadrant_seed import seed

    seed(apps.get_model("products", "Quadrant"), apps.get_model("products", "ChecklistPart"),
         apps.get_model("products", "ChecklistOption"), apps.get_model("products", "QuadrantRule"))


class Migration(migrations.Migration):
    dependencies = [("products", "0002_assessment_assessmentanswer_certification_and_more")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
