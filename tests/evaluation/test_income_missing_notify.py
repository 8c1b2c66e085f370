"""The 5th-of-the-month reminder: groups enrolled this fiscal year without last month's income are told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.actors import SYSTEM
from core.models import Notification
from evaluation import services
from tests.factories import core as f
from tests.factories.evaluation import enroll, income

pytestmark = pytest.mark.django_db
FIFTH = dt.date(2026, 12, 5)  # last month: November 2026, FY 2570


def test_it_tells_the_members_of_enrolled_groups_without_last_months_income(
    group, owner, colleague, other_group, outsider
):
    recorded = f.ProducerGroupFactory()
    member_of_recorded = f.producer(recorded)
    not_enrolled = f.ProducerGroupFactory()
    f.producer(not_enrolled)
    enroll(group, fiscal_year=2570)
    enroll(recorded, fiscal_year=2570)
    enroll(other_group, fiscal_year=2569)  # last year only
    income(recorded, "2026-11", 500)
    income(group, "2026-10", 500)  # October does not count for November
    assert services.income_missing_notify(actor=SYSTEM, today=FIFTH) == 2
    told = Notification.objects.all()
    assert {n.recipient for n in told} == {owner, colleague}
    assert member_of_recorded not in {n.recipient for n in told}
    n = told.first()
    assert n.event == "income_missing" and "พฤศจิกายน" in n.title and n.url == "/evaluation/income/"


def test_it_tells_once_per_group_and_month(group, owner):
    enroll(group, fiscal_year=2570)
    assert services.income_missing_notify(actor=SYSTEM, today=FIFTH) == 1
    assert services.income_missing_notify(actor=SYSTEM, today=FIFTH) == 0
    assert (
        services.income_missing_notify(actor=SYSTEM, today=dt.date(2027, 1, 5)) == 1
    )  # December: a new month
    assert Notification.objects.count() == 2


def test_only_staff_or_the_system_run_it(owner):
    with pytest.raises(PermissionDenied):
        services.income_missing_notify(actor=owner, today=FIFTH)


def test_the_beat_task_runs_on_the_5th():
    from evaluation.tasks import BEAT_SCHEDULE

    schedule = BEAT_SCHEDULE["evaluation-income-missing-reminders"]
    assert schedule["task"] == "evaluation.income_missing_reminders"
    assert schedule["schedule"].day_of_month == {5}
