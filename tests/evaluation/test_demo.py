import pytest

from core import demo as core_demo
from evaluation import demo, selectors
from evaluation.models import Enrollment, IncomeRecord, Target

pytestmark = pytest.mark.django_db


def test_it_loads_realistic_demo_data_once():
    core_demo.load()
    demo.load()
    counts = (IncomeRecord.objects.count(), Enrollment.objects.count(), Target.objects.count())
    demo.load()
    assert (IncomeRecord.objects.count(), Enrollment.objects.count(), Target.objects.count()) == counts
    assert not IncomeRecord.objects.filter(is_demo=False).exists()
    assert not Enrollment.objects.filter(is_demo=False).exists()
    statuses = {r["status"] for r in selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10")}
    assert statuses == {"met", "not_met", "no_baseline"}
