"""Visibility matrix: partner A vs partner B vs the raising producer vs another producer vs
staff vs anonymous, on the pages, the API and the attachment files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns import services
from campaigns.models import IssueAttachment
from core.files import file_url
from tests.factories.campaigns import SupportFactory, assigned_issue


def png_upload(name="box.png"):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def issue(group, partner_org, owner):
    issue = assigned_issue(group, partner_org, raised_by=owner, title="กล่องตุ๊กตาชาววังแตก")
    services.issue_attach(actor=owner, issue=issue, file=png_upload())
    return issue


@pytest.fixture
def roles(staff, partner_user, other_partner_user, owner, colleague, outsider, expert_user):
    return {"staff": staff, "partner_a": partner_user, "partner_b": other_partner_user, "owner": owner,
            "colleague": colleague, "outsider": outsider, "expert": expert_user, "anonymous": None}


SEES = {"staff": True, "partner_a": True, "partner_b": False, "owner": True, "colleague": True,
        "outsider": False, "expert": False, "anonymous": False}


@pytest.mark.parametrize("role", list(SEES))
def test_it_shows_the_issue_page_only_to_those_involved(role, roles, issue, client_for):
    response = client_for(roles[role]).get(f"/issues/{issue.pk}/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif SEES[role]:
        assert response.status_code == 200
        assert "กล่องตุ๊กตาชาววังแตก" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", list(SEES))
def test_it_shows_the_issue_on_the_api_only_to_those_involved(role, roles, issue, api_for):
    api = api_for(roles[role])
    detail = api.get(f"/api/v1/issues/{issue.pk}/")
    listed = [row["id"] for row in api.get("/api/v1/issues/").json()["results"]]
    if SEES[role]:
        assert detail.status_code == 200
        assert listed == [issue.pk]
    else:
        assert detail.status_code == 404
        assert listed == []


@pytest.mark.parametrize("role", list(SEES))
def test_it_serves_attachments_only_to_those_who_see_the_issue(role, roles, issue, client_for):
    attachment = IssueAttachment.objects.get(issue=issue)
    response = client_for(roles[role]).get(file_url(attachment, "file"))
    assert response.status_code == (200 if SEES[role] else 404)


@pytest.mark.parametrize("role", ["partner_b", "outsider", "anonymous", "expert"])
def test_it_answers_404_to_guessed_ids(role, roles, issue, client_for, api_for):
    attachment = IssueAttachment.objects.get(issue=issue)
    c, api = client_for(roles[role]), api_for(roles[role])
    for pk in (issue.pk, issue.pk + 1, issue.pk + 1000):
        assert api.get(f"/api/v1/issues/{pk}/").status_code == 404
        if roles[role] is not None:
            assert c.get(f"/issues/{pk}/").status_code == 404
    for pk in (attachment.pk, attachment.pk + 1):
        assert c.get(f"/files/campaigns.issueattachment/{pk}/file/").status_code == 404


@pytest.mark.parametrize("role, listed", [
    ("staff", True), ("partner_a", True), ("partner_b", False),
])
def test_it_lists_on_the_partner_portal_only_my_organisations_issues(role, listed, roles, issue, client_for):
    response = client_for(roles[role]).get("/partner/")
    assert response.status_code == 200
    assert ("กล่องตุ๊กตาชาววังแตก" in response.content.decode()) is listed


@pytest.mark.parametrize("role, expected", [
    ("owner", 302), ("outsider", 302), ("expert", 302), ("anonymous", 302),
])
def test_it_sends_non_partners_away_from_the_partner_portal(role, expected, roles, client_for, db):
    response = client_for(roles[role]).get("/partner/")
    assert response.status_code == expected
    target = "/accounts/login/" if role == "anonymous" else "/issues/"
    assert target in response["Location"]


@pytest.mark.parametrize("role, listed", [
    ("staff", True), ("partner_a", True), ("partner_b", False), ("owner", True), ("outsider", False),
    ("expert", False),
])
def test_it_lists_issues_on_the_issue_page_by_visibility(role, listed, roles, issue, client_for):
    content = client_for(roles[role]).get("/issues/").content.decode()
    assert ("กล่องตุ๊กตาชาววังแตก" in content) is listed


SUPPORT_SEES = {"staff": True, "partner_a": True, "partner_b": False, "owner": True, "colleague": True,
                "outsider": False, "expert": False, "anonymous": False}


@pytest.mark.parametrize("role", list(SUPPORT_SEES))
def test_it_shows_supports_to_the_giver_the_receiver_and_staff(role, roles, group, partner_org, api_for):
    support = SupportFactory(partner=partner_org, group=group, title="อบรมออกแบบกล่อง")
    api = api_for(roles[role])
    listed = [row["id"] for row in api.get("/api/v1/supports/").json()["results"]]
    assert (listed == [support.pk]) is SUPPORT_SEES[role]
    assert api.get(f"/api/v1/supports/{support.pk}/").status_code == (200 if SUPPORT_SEES[role] else 404)


@pytest.mark.parametrize("role, status", [
    ("staff", 200), ("partner_a", 200), ("owner", 403), ("partner_b", 404), ("outsider", 404),
    ("anonymous", 401),
])
def test_it_lets_only_staff_and_the_giver_edit_a_support(role, status, roles, group, partner_org, api_for):
    support = SupportFactory(partner=partner_org, group=group)
    r = api_for(roles[role]).patch(f"/api/v1/supports/{support.pk}/", {"outcome": "ยอดขายเพิ่ม 20%"},
                                   format="json")
    assert r.status_code == status
    support.refresh_from_db()
    assert (support.outcome == "ยอดขายเพิ่ม 20%") == (status == 200)


@pytest.mark.parametrize("role", ["partner_a", "owner", "outsider", "expert", "anonymous"])
def test_it_keeps_campaigns_and_links_for_staff_only(role, roles, api_for, client_for, db):
    from tests.factories.campaigns import LinkFactory

    link = LinkFactory()
    api = api_for(roles[role])
    for url in ("/api/v1/campaigns/", f"/api/v1/campaigns/{link.campaign.pk}/", "/api/v1/links/",
                f"/api/v1/links/{link.pk}/"):
        assert api.get(url).status_code == (401 if role == "anonymous" else 403), url
    c = client_for(roles[role])
    for url in ("/campaigns/", f"/campaigns/{link.campaign.slug}/", f"/links/{link.code}/qr.png"):
        response = c.get(url)
        assert response.status_code == (302 if role == "anonymous" else 403), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


def test_it_lets_staff_read_campaigns_and_links(staff, api_for, client_for):
    from tests.factories.campaigns import LinkFactory

    link = LinkFactory()
    api = api_for(staff)
    assert api.get("/api/v1/campaigns/").json()["count"] == 1
    assert api.get("/api/v1/links/").json()["results"][0]["code"] == link.code
    assert client_for(staff).get(f"/campaigns/{link.campaign.slug}/").status_code == 200


def test_a_partner_on_a_shared_issue_does_not_see_another_partners_support(
        group, partner_org, other_partner_org, partner_user, other_partner_user, staff, client_for):
    shared = assigned_issue(group, partner_org, other_partner_org, title="บรรจุภัณฑ์กลองเอกราช")
    SupportFactory(partner=partner_org, group=group, issue=shared, title="ออกแบบกล่องโดยราชภัฏ ก", value=12000)
    SupportFactory(partner=other_partner_org, group=group, issue=shared, title="ทุนพิมพ์กล่องจากราชภัฏ ข",
                   value=30000)
    page_a = client_for(partner_user).get(f"/issues/{shared.pk}/").content.decode()
    assert "ออกแบบกล่องโดยราชภัฏ ก" in page_a and "ทุนพิมพ์กล่องจากราชภัฏ ข" not in page_a
    page_b = client_for(other_partner_user).get(f"/issues/{shared.pk}/").content.decode()
    assert "ทุนพิมพ์กล่องจากราชภัฏ ข" in page_b and "ออกแบบกล่องโดยราชภัฏ ก" not in page_b
    staff_page = client_for(staff).get(f"/issues/{shared.pk}/").content.decode()
    assert "ออกแบบกล่องโดยราชภัฏ ก" in staff_page and "ทุนพิมพ์กล่องจากราชภัฏ ข" in staff_page
