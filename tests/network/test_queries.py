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
    """grow(n): n more of everything, each with its related rows, all visible to `owner` and staff."""
    state = {"event": None, "question": None, "mentorship": None}

    def grow(n):
        for _ in range(n):
            x1, x2 = ExpertProfileFactory(), ExpertProfileFactory(visibility="members")
            x1.districts_served.set(["1501", "1503"])
            k = KnowledgeItemFactory()
            k.experts.set([x1, x2])
            e = EventFactory()
            e.speakers.set([x1, x2])
            RegistrationFactory(event=e, user=owner)
            RegistrationFactory(event=e, user=None, contact_key=f"email:w{e.pk}@example.org", status="waitlisted")
            q = QuestionFactory(asked_by=owner)
            AnswerFactory(question=q, author=staff)
            m = MentorshipFactory(mentee_group=group, mentor_expert=x1)
            MentoringSessionFactory(mentorship=m)
            state["event"] = state["event"] or e
            if state["event"] is not e:
                RegistrationFactory(event=state["event"], user=None, contact_key=f"email:{e.pk}@example.org")
            state["question"] = state["question"] or q
            AnswerFactory(question=state["question"], author=owner)
            state["mentorship"] = state["mentorship"] or m
            MentoringSessionFactory(mentorship=state["mentorship"])

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
