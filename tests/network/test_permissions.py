"""Who sees what: every role against every page and API endpoint, including other people's objects.
404 = invisible, 403 = visible but not allowed, 302 = login first."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert"]

# page -> expected status per role, in ROLES order
PAGES = {
    "/network/": [200, 200, 200, 200, 200, 200],
    "/network/events/": [200, 200, 200, 200, 200, 200],
    "/network/events/online-event/": [200, 200, 200, 200, 200, 200],
    "/network/events/draft-event/": [404, 200, 404, 404, 404, 404],
    "/network/events/online-event/register/": [200, 200, 200, 200, 200, 200],
    "/network/events/online-event/attendance/": [302, 200, 403, 403, 403, 403],
    "/network/experts/": [200, 200, 200, 200, 200, 200],
    "/network/experts/public-expert/": [200, 200, 200, 200, 200, 200],
    "/network/experts/members-expert/": [404, 200, 200, 200, 200, 200],
    "/network/knowledge/": [200, 200, 200, 200, 200, 200],
    "/network/knowledge/published-item/": [200, 200, 200, 200, 200, 200],
    "/network/knowledge/draft-item/": [404, 200, 200, 404, 404, 404],
    "/network/my/registrations/": [302, 200, 200, 200, 200, 200],
    "/network/my/questions/": [302, 200, 200, 200, 200, 200],
    "/network/my/mentoring/": [302, 200, 200, 200, 200, 200],
    "/network/questions/": [302, 200, 200, 200, 200, 200],
    "/network/knowledge/new/": [302, 200, 200, 200, 200, 200],
    "/network/my/expert-profile/": [302, 404, 404, 404, 404, 200],
    "/network/questions/new/": [302, 200, 200, 200, 200, 200],
    "question": [302, 200, 200, 200, 200, 200],
    "hidden_question": [302, 200, 200, 404, 404, 404],
    "mentorship": [302, 200, 200, 404, 404, 200],
    "certificate": [302, 200, 200, 404, 404, 404],
}


def _url(world, key):
    from django.urls import reverse

    if key.startswith("/"):
        return key
    if key == "certificate":
        return reverse("network:certificate", kwargs={"pk": world.attended.pk})
    return getattr(world, key).get_absolute_url()


@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_page_matrix(world, users, client_for, role):
    """One test per role walks every page (one shared fixture set-up); all mismatches are reported."""
    client = client_for(users[role])
    got = {key: client.get(_url(world, key)).status_code for key in PAGES}
    wrong = {key: (got[key], row[ROLES.index(role)]) for key, row in PAGES.items()
             if got[key] != row[ROLES.index(role)]}
    assert not wrong, f"{role}: page -> (got, expected) {wrong}"


API = {
    "/api/v1/experts/": [200, 200, 200, 200, 200, 200],
    "/api/v1/experts/public-expert/": [200, 200, 200, 200, 200, 200],
    "/api/v1/experts/members-expert/": [404, 200, 200, 200, 200, 200],
    "/api/v1/knowledge/": [200, 200, 200, 200, 200, 200],
    "/api/v1/knowledge/draft-item/": [404, 200, 200, 404, 404, 404],
    "/api/v1/events/": [200, 200, 200, 200, 200, 200],
    "event_detail": [200, 200, 200, 200, 200, 200],
    "draft_event_detail": [404, 200, 404, 404, 404, 404],
    "event_registrations": [401, 200, 403, 403, 403, 403],
    "/api/v1/mentorships/": [200, 200, 200, 200, 200, 200],
    "mentorship_detail": [404, 200, 200, 404, 404, 200],
    "/api/v1/registrations/": [200, 200, 200, 200, 200, 200],
    "registration_detail": [404, 200, 200, 404, 404, 404],
}


def _api_url(world, key):
    if key.startswith("/"):
        return key
    return {
        "event_detail": f"/api/v1/events/{world.event.pk}/",
        "draft_event_detail": f"/api/v1/events/{world.draft_event.pk}/",
        "event_registrations": f"/api/v1/events/{world.event.pk}/registrations/",
        "mentorship_detail": f"/api/v1/mentorships/{world.mentorship.pk}/",
        "registration_detail": f"/api/v1/registrations/{world.registration.pk}/",
    }[key]


@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_api_read_matrix(world, users, api_for, role):
    api = api_for(users[role])
    got = {key: api.get(_api_url(world, key)).status_code for key in API}
    wrong = {key: (got[key], row[ROLES.index(role)]) for key, row in API.items()
             if got[key] != row[ROLES.index(role)]}
    assert not wrong, f"{role}: endpoint -> (got, expected) {wrong}"


@pytest.mark.parametrize("role,expected", [("anonymous", 0), ("staff", 3), ("owner", 2), ("outsider", 1),
                                           ("partner", 0), ("expert", 0)])
def test_it_lists_only_the_callers_own_registrations(world, users, api_for, role, expected):
    assert api_for(users[role]).get("/api/v1/registrations/").json()["count"] == expected


@pytest.mark.parametrize("role,expected", [("anonymous", 1), ("staff", 2), ("owner", 2), ("partner", 2)])
def test_it_hides_members_only_experts_from_anonymous_visitors(world, users, api_for, client_for, role, expected):
    assert api_for(users[role]).get("/api/v1/experts/").json()["count"] == expected
    page = client_for(users[role]).get("/network/experts/").content.decode()
    assert ("อาจารย์เฉพาะสมาชิก" in page) is (expected == 2)


@pytest.mark.parametrize("role,expected", [("anonymous", 1), ("staff", 2), ("owner", 2), ("outsider", 1)])
def test_it_hides_drafts_from_everyone_but_author_and_staff(world, users, api_for, role, expected):
    assert api_for(users[role]).get("/api/v1/knowledge/").json()["count"] == expected


@pytest.mark.parametrize("role,expected", [("anonymous", 0), ("staff", 1), ("owner", 1), ("outsider", 0),
                                           ("partner", 0), ("expert", 1)])
def test_it_lists_mentorships_only_to_participants(world, users, api_for, role, expected):
    assert api_for(users[role]).get("/api/v1/mentorships/").json()["count"] == expected


# --- writes on other people's objects ------------------------------------------------------------


@pytest.mark.parametrize("role,expected", [("anonymous", 401), ("staff", 200), ("owner", 200), ("outsider", 404),
                                           ("partner", 404), ("expert", 404)])
def test_it_lets_only_the_registrant_or_staff_cancel_via_api(world, users, api_for, role, expected):
    response = api_for(users[role]).post(f"/api/v1/registrations/{world.registration.pk}/cancel/")
    assert response.status_code == expected
    world.registration.refresh_from_db()
    assert (world.registration.status == "cancelled") is (expected == 200)


@pytest.mark.parametrize("role,expected", [("anonymous", 302), ("staff", 302), ("owner", 302), ("outsider", 404),
                                           ("partner", 404), ("expert", 404)])
def test_it_lets_only_the_registrant_or_staff_cancel_via_page(world, users, client_for, role, expected):
    from django.urls import reverse

    url = reverse("network:registration_cancel", kwargs={"pk": world.registration.pk})
    response = client_for(users[role]).post(url)
    assert response.status_code == expected
    world.registration.refresh_from_db()
    assert (world.registration.status == "cancelled") is (expected == 302 and role != "anonymous")


@pytest.mark.parametrize("role,expected", [("anonymous", 401), ("staff", 200), ("owner", 403), ("outsider", 403),
                                           ("partner", 403), ("expert", 403)])
def test_it_lets_only_staff_change_experts_and_events(world, users, api_for, role, expected):
    api = api_for(users[role])
    assert api.patch("/api/v1/experts/public-expert/", {"organisation": "ใหม่"}, format="json").status_code == expected
    assert api.patch(f"/api/v1/events/{world.event.pk}/", {"capacity": 5}, format="json").status_code == expected
    world.public_expert.refresh_from_db()
    world.event.refresh_from_db()
    assert (world.public_expert.organisation == "ใหม่") is (expected == 200)
    assert (world.event.capacity == 5) is (expected == 200)


@pytest.mark.parametrize("role,expected", [("anonymous", 401), ("staff", 200), ("owner", 200), ("outsider", 404),
                                           ("partner", 404), ("expert", 404)])
def test_it_lets_only_the_author_or_staff_edit_a_draft(world, users, api_for, role, expected):
    response = api_for(users[role]).patch("/api/v1/knowledge/draft-item/", {"summary": "แก้ไข"}, format="json")
    assert response.status_code == expected
    world.draft.refresh_from_db()
    assert (world.draft.summary == "แก้ไข") is (expected == 200)


def test_it_refuses_editing_a_visible_but_published_item(world, owner, api_for):
    response = api_for(owner).patch("/api/v1/knowledge/published-item/", {"summary": "x"}, format="json")
    assert response.status_code == 403
    world.published.refresh_from_db()
    assert world.published.summary != "x"


@pytest.mark.parametrize("role,expected", [("anonymous", 302), ("staff", 302), ("owner", 403), ("outsider", 403),
                                           ("partner", 403), ("expert", 403)])
def test_it_lets_only_staff_moderate(world, users, client_for, role, expected):
    from django.urls import reverse

    response = client_for(users[role]).post(reverse("network:question_moderate", kwargs={"pk": world.question.pk}),
                                            {"hidden": "1"})
    assert response.status_code == expected
    world.question.refresh_from_db()
    assert world.question.is_hidden is (role == "staff")


@pytest.mark.parametrize("role,accepted", [("staff", True), ("owner", True), ("outsider", False),
                                           ("partner", False), ("expert", False)])
def test_it_lets_only_the_asker_or_staff_accept(world, users, client_for, role, accepted):
    from django.urls import reverse

    client_for(users[role]).post(reverse("network:answer_accept", kwargs={"pk": world.answer.pk}))
    world.answer.refresh_from_db()
    assert world.answer.is_accepted is accepted


@pytest.mark.parametrize("role,expected", [("staff", 201), ("owner", 201), ("expert", 201), ("outsider", 404),
                                           ("partner", 404), ("anonymous", 401)])
def test_it_lets_only_participants_log_sessions(world, users, api_for, role, expected):
    response = api_for(users[role]).post(f"/api/v1/mentorships/{world.mentorship.pk}/sessions/",
                                         {"date": "2099-01-01", "covered": "ทดลองสีใหม่"}, format="json")
    assert response.status_code == expected
    sessions = list(world.mentorship.sessions.all())
    assert len(sessions) == (1 if expected == 201 else 0)
    if sessions:  # logged by the caller (the service's actor)
        assert sessions[0].logged_by == users[role]


# --- deletes (each through its service) --------------------------------------------------------


@pytest.mark.parametrize("role,expected", [("anonymous", 401), ("staff", 204), ("owner", 403), ("outsider", 403),
                                           ("partner", 403), ("expert", 403)])
def test_it_lets_only_staff_delete_experts_and_events(world, users, api_for, role, expected):
    from network.models import Event, ExpertProfile

    api = api_for(users[role])
    assert api.delete("/api/v1/experts/public-expert/").status_code == expected
    assert api.delete(f"/api/v1/events/{world.event.pk}/").status_code == expected
    assert ExpertProfile.objects.filter(pk=world.public_expert.pk).exists() is (expected != 204)
    assert Event.objects.filter(pk=world.event.pk).exists() is (expected != 204)


@pytest.mark.parametrize("role,draft,published", [
    ("anonymous", 401, 401), ("staff", 204, 204), ("owner", 204, 403), ("outsider", 404, 403),
    ("partner", 404, 403), ("expert", 404, 403)])
def test_it_lets_only_the_author_of_a_draft_or_staff_delete_knowledge(world, users, api_for, role, draft,
                                                                       published):
    from network.models import KnowledgeItem

    api = api_for(users[role])
    assert api.delete("/api/v1/knowledge/draft-item/").status_code == draft
    assert api.delete("/api/v1/knowledge/published-item/").status_code == published
    assert KnowledgeItem.objects.filter(pk=world.draft.pk).exists() is (draft != 204)
    assert KnowledgeItem.objects.filter(pk=world.published.pk).exists() is (published != 204)
