import pytest
from django.utils import timezone

from network import demo
from network.models import (
    Answer,
    Event,
    ExpertProfile,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)

pytestmark = pytest.mark.django_db
MODELS = [ExpertProfile, KnowledgeItem, Event, Registration, Mentorship, MentoringSession, Question, Answer]


def test_it_loads_realistic_demo_data_idempotently_and_marked_as_demo():
    from core import demo as core_demo

    core_demo.load()
    demo.load()
    counts = {m: m.objects.count() for m in MODELS}
    demo.load()
    assert {m: m.objects.count() for m in MODELS} == counts
    for model in MODELS:
        assert model.objects.exists(), model
        assert not model.objects.filter(is_demo=False).exists(), model
    now = timezone.now()
    assert Event.objects.filter(ends_at__lt=now).exists() and Event.objects.filter(starts_at__gt=now).exists()
    titles = " ".join(KnowledgeItem.objects.values_list("title", flat=True))
    assert "ตุ๊กตาชาววัง" in titles and "กลอง" in titles and "จักสาน" in titles
    expertise = {e for x in ExpertProfile.objects.all() for e in x.expertise}
    assert {"design", "online_marketing", "food_standards", "tourism"} <= expertise
    assert Registration.objects.filter(attended=True).exists()
    for item in KnowledgeItem.objects.all():
        item.full_clean()
    for event in Event.objects.all():
        event.full_clean()
