import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from network.choices import KnowledgeStatus, Visibility
from tests.factories.network import (
    AnswerFactory,
    EventFactory,
    ExpertProfileFactory,
    KnowledgeItemFactory,
    MentorshipFactory,
    QuestionFactory,
    RegistrationFactory,
)

MEET = "https://us02web.zoom.us/j/8123456789?pwd=secret"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks queued by services (registration e-mails) run in-process in tests, so their mail lands
    in the locmem outbox — except in tests with a real worker, which must really send."""
    if "celery_worker" in request.fixturenames:
        yield
        return
    from otop_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def world(staff, owner, outsider, partner_user, expert_user, group, other_group):
    """One object of each kind, owned by `owner` / `group` where it has an owner."""
    public_expert = ExpertProfileFactory(name="อาจารย์สาธารณะ", slug="public-expert")
    members_expert = ExpertProfileFactory(name="อาจารย์เฉพาะสมาชิก", slug="members-expert",
                                          visibility=Visibility.MEMBERS, user=expert_user)
    published = KnowledgeItemFactory(slug="published-item", author=staff)
    draft = KnowledgeItemFactory(slug="draft-item", author=owner, status=KnowledgeStatus.DRAFT, published_at=None)
    event = EventFactory(slug="online-event", online_url=MEET, kind="online_meeting", capacity=1)
    draft_event = EventFactory(slug="draft-event", status="draft")
    past = EventFactory(slug="past-event", starts_at=timezone.now() - dt.timedelta(days=3))
    registration = RegistrationFactory(event=event, user=owner)
    waitlisted = RegistrationFactory(event=event, user=outsider, status="waitlisted")
    attended = RegistrationFactory(event=past, user=owner, attended=True)
    question = QuestionFactory(asked_by=owner)
    answer = AnswerFactory(question=question, author=outsider)
    hidden_question = QuestionFactory(asked_by=owner, is_hidden=True)
    mentorship = MentorshipFactory(mentee_group=group, mentor_expert=members_expert)
    return SimpleNamespace(**locals())
