"""Every list page and API list keeps a constant number of queries (3 rows, then 30)."""

import pytest

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
def grow_rows(staff, owner, group, expert_user):
    """grow(n): n more of everything, each with its related rows, all visible to `owner` and staff.
    Rows are bulk-created so the 3 -> 30 growth stays cheap."""
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

    state = {"event": None, "question": None, "mentorship": None}

    def grow(n):
        experts = ExpertProfile.objects.bulk_create(
            [ExpertProfileFactory.build(visibility="members" if i % 2 else "public") for i in range(2 * n)])
        ExpertProfile.districts_served.through.objects.bulk_create(
            [ExpertProfile.districts_served.through(expertprofile_id=x.pk, district_id=d)
             for x in experts for d in ("1501", "1503")])
        items = KnowledgeItem.objects.bulk_create([KnowledgeItemFactory.build() for _ in range(n)])
        KnowledgeItem.experts.through.objects.bulk_create(
            [KnowledgeItem.experts.through(knowledgeitem_id=k.pk, expertprofile_id=x.pk)
             for i, k in enumerate(items) for x in experts[2 * i:2 * i + 2]])
        events = Event.objects.bulk_create([EventFactory.build() for _ in range(n)])
        Event.speakers.through.objects.bulk_create(
            [Event.speakers.through(event_id=e.pk, expertprofile_id=x.pk)
             for i, e in enumerate(events) for x in experts[2 * i:2 * i + 2]])
        # Each event teaches a public and a restricted wisdom record (the API lists the visible ones).
        from tests.factories.wisdom import WisdomRecordFactory

        records = [WisdomRecordFactory(access_level="restricted" if i % 2 else "public", owner_group=group)
                   for i in range(2)]
        Event.wisdom_records.through.objects.bulk_create(
            [Event.wisdom_records.through(event_id=e.pk, wisdomrecord_id=r.pk) for e in events for r in records])
        state["event"] = state["event"] or events[0]
        regs = []
        for e in events:
            regs.append(RegistrationFactory.build(event=e, user=owner))
            regs.append(RegistrationFactory.build(event=e, user=None, contact_key=f"email:w{e.pk}@example.org",
                                                  status="waitlisted"))
            if e is not state["event"]:
                regs.append(RegistrationFactory.build(event=state["event"], user=None,
                                                      contact_key=f"email:{e.pk}@example.org"))
        Registration.objects.bulk_create(regs)
        questions = Question.objects.bulk_create([QuestionFactory.build(asked_by=owner) for _ in range(n)])
        state["question"] = state["question"] or questions[0]
        Answer.objects.bulk_create([AnswerFactory.build(question=q, author=staff) for q in questions]
                                   + [AnswerFactory.build(question=state["question"], author=owner)
                                      for _ in range(n)])
        mentorships = Mentorship.objects.bulk_create(
            [MentorshipFactory.build(mentee_group=group, mentor_expert=x) for x in experts[::2]])
        state["mentorship"] = state["mentorship"] or mentorships[0]
        MentoringSession.objects.bulk_create(
            [MentoringSessionFactory.build(mentorship=m) for m in mentorships]
            + [MentoringSessionFactory.build(mentorship=state["mentorship"]) for _ in range(n)])

    grow(3)
    grow.state = state
    return grow


PUBLIC_PAGES = ["/network/", "/network/events/", "/network/events/?when=upcoming", "/network/experts/",
                "/network/experts/?expertise=design", "/network/knowledge/", "/network/knowledge/?tag=ดินไทย",
                "/", "event_detail"]
MEMBER_PAGES = ["/network/questions/", "/network/my/registrations/", "/network/my/questions/",
                "/network/my/mentoring/", "question_detail", "mentorship_detail"]
# (url, role): anonymous and a producer on public pages, the producer on member pages, staff on staff pages
PAGES = ([(u, "anonymous") for u in PUBLIC_PAGES] + [(u, "owner") for u in PUBLIC_PAGES + MEMBER_PAGES]
         + [("attendance", "staff"), ("/network/", "staff"), ("/network/questions/", "staff")])


def _resolve(url, state):
    from django.urls import reverse

    if url.startswith("/"):
        return url
    return {
        "event_detail": lambda: state["event"].get_absolute_url(),
        "attendance": lambda: reverse("network:event_attendance", args=[state["event"].slug]),
        "question_detail": lambda: state["question"].get_absolute_url(),
        "mentorship_detail": lambda: state["mentorship"].get_absolute_url(),
    }[url]()


@pytest.mark.parametrize("url,role", PAGES)
def test_it_keeps_page_queries_constant(grow_rows, users, client_for, assert_constant_queries, url, role):
    client = client_for(users[role])
    target = _resolve(url, grow_rows.state)

    def fetch():
        assert client.get(target).status_code == 200

    assert_constant_queries(fetch, lambda: grow_rows(27))


API = [("/api/v1/experts/", "anonymous"), ("/api/v1/knowledge/", "anonymous"), ("/api/v1/events/", "anonymous"),
       ("/api/v1/experts/", "owner"), ("/api/v1/knowledge/", "owner"), ("/api/v1/events/", "owner"),
       ("/api/v1/registrations/", "owner"), ("/api/v1/mentorships/", "owner"), ("/api/v1/events/", "staff"),
       ("/api/v1/registrations/", "staff"), ("/api/v1/mentorships/", "staff"), ("event_registrations", "staff")]


@pytest.mark.parametrize("url,role", API)
def test_it_keeps_api_list_queries_constant(grow_rows, users, api_for, assert_constant_queries, url, role):
    api = api_for(users[role])
    target = url if url.startswith("/") else f"/api/v1/events/{grow_rows.state['event'].pk}/registrations/"

    def fetch():
        assert api.get(target).status_code == 200

    assert_constant_queries(fetch, lambda: grow_rows(27))
