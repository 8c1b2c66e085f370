"""Capacity under concurrent registration: a real race between two database connections."""

import threading
import time

from django.db import connection

from network import services
from network.models import Event, Registration
from tests.factories import core as f
from tests.factories.network import EventFactory, RegistrationFactory


def test_it_gives_the_last_seat_to_only_one_of_two_concurrent_registrations(transactional_db,
                                                                           monkeypatch):
    group = f.ProducerGroupFactory()
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event, user=f.producer(group))  # one seat left
    racers = [f.producer(group), f.producer(group)]
    barrier = threading.Barrier(2)
    # widen the window between counting seats and saving, so an unlocked count would be seen twice
    original_clean = Registration.full_clean

    def slow_clean(self, *args, **kwargs):
        time.sleep(0.3)
        return original_clean(self, *args, **kwargs)

    monkeypatch.setattr(Registration, "full_clean", slow_clean)
    results, errors = [], []

    def run(user):
        try:
            barrier.wait(timeout=5)
            results.append(services.registration_register(actor=user, event=Event.objects.get(pk=event.pk)).status)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not errors
    assert sorted(results) == ["confirmed", "waitlisted"]
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2
