import datetime as dt

import pytest
from django.utils import timezone

from network import tasks
from network.models import Registration
from tests.factories import core as f
from tests.factories.network import EventFactory, RegistrationFactory


def _tomorrow_event():
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(9, 0)))
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))


def test_it_schedules_the_reminders_every_day():
    from otop_portal.celery import app, gather_beat_schedules

    entry = gather_beat_schedules(app.conf)["network-event-reminders"]
    assert entry["task"] == tasks.send_event_reminders.name == "network.send_event_reminders"
    assert entry["schedule"].hour == {8}


@pytest.mark.django_db
def test_it_runs_the_task_body_idempotently():
    group = f.ProducerGroupFactory()
    RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))
    assert tasks.send_event_reminders.apply().get() == 1
    assert tasks.send_event_reminders.apply().get() == 0


@pytest.mark.redis
def test_it_sends_reminders_through_a_real_worker_once(celery_worker):
    group = f.ProducerGroupFactory()
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group), email="p@example.org")
    later = RegistrationFactory(event=EventFactory(), user=f.producer(group))
    first = tasks.send_event_reminders.apply_async(queue=celery_worker)
    assert first.get(timeout=30) == 1
    reg.refresh_from_db()
    assert reg.reminded_at is not None
    assert Registration.objects.get(pk=later.pk).reminded_at is None
    reminded_at = reg.reminded_at
    second = tasks.send_event_reminders.apply_async(queue=celery_worker)
    assert second.get(timeout=30) == 0
    reg.refresh_from_db()
    assert reg.reminded_at == reminded_at
