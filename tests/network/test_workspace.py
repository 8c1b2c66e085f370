"""The network's workspace queues: registered events (producers), knowledge and Q&A (staff), and the
expert's queue of open questions in their fields and districts, mentoring due, events they speak at;
answers by experts carry a badge linking to the profile."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workspace import queues_for
from network import selectors
from network.choices import Expertise, KnowledgeStatus, Visibility
from tests.factories import core as f
from tests.factories.network import (
    AnswerFactory,
    EventFactory,
    ExpertProfileFactory,
    KnowledgeItemFactory,
    MentoringSessionFactory,
    MentorshipFactory,
    QuestionFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(expert_user):
    p = ExpertProfileFactory(user=expert_user, expertise=[Expertise.PACKAGING, Expertise.DESIGN])
    p.districts_served.set(["1503"])  # ป่าโมก
    return p


def test_open_questions_match_fields_and_districts(profile, expert_user, owner, outsider, group):
    # owner's group is in ต.บางเสด็จ อ.ป่าโมก (150305); outsider's in ต.เอกราช อ.ป่าโมก too (150307)
    far_group = f.ProducerGroupFactory(subdistrict_id="150101")  # อ.เมืองอ่างทอง
    far = f.producer(far_group, username="far")
    no_group = f.expert(username="curious")
    first = QuestionFactory(asked_by=owner, topic=Expertise.PACKAGING)
    second = QuestionFactory(asked_by=no_group, topic=Expertise.DESIGN)  # no group: anywhere
    QuestionFactory(asked_by=far, topic=Expertise.PACKAGING)  # another district
    QuestionFactory(asked_by=owner, topic=Expertise.FINANCE)  # another field
    QuestionFactory(asked_by=owner, topic=Expertise.PACKAGING, is_hidden=True)  # hidden by staff
    accepted = QuestionFactory(asked_by=outsider, topic=Expertise.PACKAGING)
    AnswerFactory(question=accepted, author=owner, is_accepted=True)  # already settled
    mine = QuestionFactory(asked_by=outsider, topic=Expertise.PACKAGING)
    AnswerFactory(question=mine, author=expert_user)  # answered by them
    QuestionFactory(asked_by=expert_user, topic=Expertise.PACKAGING)  # their own
    assert list(selectors.open_questions_for_expert(user=expert_user, profile=profile)) == [first, second]
    profile.districts_served.clear()
    assert len(selectors.open_questions_for_expert(user=expert_user, profile=profile)) == 3


def test_mentoring_due_after_thirty_days_and_events_they_speak_at(profile):
    today = timezone.localdate()
    never = MentorshipFactory(mentor_expert=profile, started_on=today - dt.timedelta(days=5))
    late = MentorshipFactory(mentor_expert=profile)
    MentoringSessionFactory(mentorship=late, date=today - dt.timedelta(days=31))
    recent = MentorshipFactory(mentor_expert=profile)
    MentoringSessionFactory(mentorship=recent, date=today - dt.timedelta(days=30))
    MentorshipFactory(mentor_expert=profile, status="completed")
    MentorshipFactory()  # someone else's
    assert list(selectors.mentoring_due(profile=profile)) == [never, late]
    speaking = EventFactory()
    speaking.speakers.add(profile)
    past = EventFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    past.speakers.add(profile)
    draft = EventFactory(status="draft")
    draft.speakers.add(profile)
    EventFactory()
    assert list(selectors.events_speaking(profile=profile)) == [speaking]


def test_the_expert_section_shows_only_with_an_active_profile(profile, expert_user, owner, staff):
    keys = {q.key for q in queues_for(expert_user)}
    assert keys == {"expert.questions", "expert.mentoring", "expert.events"}
    assert not any(q.role == "expert" for q in queues_for(owner) + queues_for(staff))
    profile.is_active = False
    profile.save()
    assert queues_for(expert_user) == []


def test_staff_queues_knowledge_in_review_and_unanswered_questions(staff, owner, expert_user):
    old = KnowledgeItemFactory(status=KnowledgeStatus.IN_REVIEW)
    KnowledgeItemFactory(status=KnowledgeStatus.DRAFT)
    unanswered = QuestionFactory(asked_by=owner)
    answered = QuestionFactory(asked_by=owner)
    AnswerFactory(question=answered, author=expert_user)
    only_hidden_answer = QuestionFactory(asked_by=owner)
    AnswerFactory(question=only_hidden_answer, author=expert_user, is_hidden=True)
    QuestionFactory(asked_by=owner, is_hidden=True)
    assert list(selectors.knowledge_to_review(user=staff)) == [old]
    assert list(selectors.questions_to_moderate(user=staff)) == [unanswered, only_hidden_answer]
    for user in (owner, expert_user):
        assert list(selectors.questions_to_moderate(user=user)) == []
        assert list(selectors.knowledge_to_review(user=user)) == []


def test_producers_see_their_upcoming_registrations(owner, outsider):
    mine = RegistrationFactory(user=owner)
    RegistrationFactory(user=owner, status="cancelled")
    RegistrationFactory(user=owner, event=EventFactory(starts_at=timezone.now() - dt.timedelta(days=2)))
    RegistrationFactory(user=outsider)
    queue = next(q for q in queues_for(owner) if q.key == "producer.events")
    assert [r.title for r in queue.rows] == [mine.event.title] and queue.count == 1


@pytest.mark.parametrize("size", [3, 30])
def test_expert_queues_keep_their_query_count(size, profile, expert_user, owner, django_assert_num_queries):
    for _i in range(size):
        QuestionFactory(asked_by=owner, topic=Expertise.PACKAGING)
        MentorshipFactory(mentor_expert=profile)
        EventFactory().speakers.add(profile)
    # the profile and its districts (2), one query per queue (3), and tourism asking whether the
    # expert coordinates a community (1)
    with django_assert_num_queries(6):
        queues = [q for q in queues_for(expert_user) if q.role == "expert"]
    assert [q.count for q in queues] == [size, size, size]


def test_an_experts_answer_carries_the_badge_linking_to_the_profile(client_for, profile, expert_user, owner):
    question = QuestionFactory(asked_by=owner, topic=Expertise.PACKAGING)
    AnswerFactory(question=question, author=owner, body="ลองถามกลุ่มข้างเคียง")
    client_for(expert_user).post(question.get_absolute_url(), {"body": "ใช้ถุงคราฟต์ซิปล็อกตั้งได้"})
    html = client_for(owner).get(question.get_absolute_url()).content.decode()
    badge = f'href="{reverse("network:expert_detail", args=[profile.slug])}">ผู้เชี่ยวชาญ</a>'
    assert html.count(badge) == 1 and "ใช้ถุงคราฟต์ซิปล็อกตั้งได้" in html


def test_no_badge_links_to_a_profile_the_viewer_may_not_see(client_for, profile, expert_user, owner):
    profile.visibility = Visibility.MEMBERS
    profile.is_active = False
    profile.save()
    question = QuestionFactory(asked_by=owner, topic=Expertise.PACKAGING)
    AnswerFactory(question=question, author=expert_user)
    assert 'class="badge expert"' not in client_for(owner).get(question.get_absolute_url()).content.decode()
