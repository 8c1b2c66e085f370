"""Every write goes through campaigns.services: API deletes, admin saves, deletes and actions
(the services' side effects happened: files removed, slugs made, authors recorded, history logged)."""

import datetime as dt

import pytest

from campaigns import services
from campaigns.models import (
    AllowedRedirectHost,
    Campaign,
    CampaignPost,
    DevelopmentIssue,
    IssueStatusChange,
    LinkClickDay,
    Support,
    TrackedLink,
)
from core.actors import SYSTEM
from tests.campaigns.test_permissions import png_upload
from tests.factories.campaigns import (
    CampaignFactory,
    LinkFactory,
    PostFactory,
    SupportFactory,
    assigned_issue,
)

pytestmark = pytest.mark.django_db


def _attached(issue, staff):
    attachment = services.issue_attach(actor=staff, issue=issue, file=png_upload())
    return attachment, attachment.file.path


# --- API DELETE ------------------------------------------------------------------------------------


def test_it_deletes_an_issue_on_the_api_with_its_files(api_for, staff, owner, group, partner_org,
                                                     django_capture_on_commit_callbacks):
    import os

    issue = assigned_issue(group, partner_org, raised_by=owner)
    _attachment, path = _attached(issue, staff)
    assert os.path.exists(path)
    assert api_for(owner).delete(f"/api/v1/issues/{issue.pk}/").status_code == 403
    assert DevelopmentIssue.objects.filter(pk=issue.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert api_for(staff).delete(f"/api/v1/issues/{issue.pk}/").status_code == 204
    assert not DevelopmentIssue.objects.filter(pk=issue.pk).exists()
    assert not os.path.exists(path)  # issue_delete removed the attachment's file


def test_it_deletes_a_support_on_the_api_for_staff_only(api_for, staff, partner_user, partner_org, group):
    support = SupportFactory(partner=partner_org, group=group)
    assert api_for(partner_user).delete(f"/api/v1/supports/{support.pk}/").status_code == 403
    assert Support.objects.filter(pk=support.pk).exists()
    assert api_for(staff).delete(f"/api/v1/supports/{support.pk}/").status_code == 204
    assert not Support.objects.filter(pk=support.pk).exists()


def test_it_deletes_a_campaign_on_the_api_with_its_posts_and_links(api_for, staff):
    post = PostFactory()
    link = LinkFactory(campaign=post.campaign)
    services.click_record(actor=SYSTEM, link=link)
    assert api_for(staff).delete(f"/api/v1/campaigns/{post.campaign.pk}/").status_code == 204
    assert not Campaign.objects.exists() and not CampaignPost.objects.exists()
    assert not TrackedLink.objects.exists() and not LinkClickDay.objects.exists()


def test_it_deletes_a_link_on_the_api_and_go_then_404s(api_for, staff, client):
    link = LinkFactory(code="gone")
    services.click_record(actor=SYSTEM, link=link)
    assert api_for(staff).delete(f"/api/v1/links/{link.pk}/").status_code == 204
    assert not LinkClickDay.objects.exists()
    assert client.get("/go/gone").status_code == 404


def test_it_refuses_unknown_fields_in_api_writes(api_for, staff):
    link = LinkFactory()
    r = api_for(staff).patch(f"/api/v1/links/{link.pk}/", {"targett": "/wisdom/"}, format="json")
    assert r.status_code == 400 and "targett" in r.json()
    link.refresh_from_db()
    assert link.target == "/products/"


# --- Admin -------------------------------------------------------------------------------------------


def test_it_creates_a_campaign_in_the_admin_through_the_service(staff, client_for):
    response = client_for(staff).post("/admin/campaigns/campaign/add/", {
        "name": "Songkran OTOP", "goal": "", "starts_on": "2026-04-01", "ends_on": "2026-04-30", "audience": "",
        "channels": "facebook", "budget": "1000",
        "posts-TOTAL_FORMS": "1", "posts-INITIAL_FORMS": "0", "posts-MIN_NUM_FORMS": "0",
        "posts-MAX_NUM_FORMS": "1000",
        "posts-0-channel": "facebook", "posts-0-url": "https://facebook.com/p/9", "posts-0-posted_on": "2026-04-02",
        "posts-0-reach": "10", "posts-0-impressions": "0", "posts-0-engagement": "0", "posts-0-clicks": "0",
        "posts-0-video_views": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(name="Songkran OTOP")
    assert campaign.slug == "songkran-otop" and campaign.owner == staff  # campaign_save made them
    assert campaign.posts.get().reach == 10  # the inline row went through post_save


def test_it_refuses_a_bad_campaign_in_the_admin_and_saves_nothing(staff, client_for):
    response = client_for(staff).post("/admin/campaigns/campaign/add/", {
        "name": "x", "starts_on": "2026-04-30", "ends_on": "2026-04-01", "budget": "0",
        "posts-TOTAL_FORMS": "0", "posts-INITIAL_FORMS": "0", "posts-MIN_NUM_FORMS": "0",
        "posts-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_it_records_the_admin_as_the_creator_of_a_link(staff, client_for):
    campaign = CampaignFactory()
    response = client_for(staff).post("/admin/campaigns/trackedlink/add/", {
        "campaign": campaign.pk, "channel": "line", "code": "line-oa", "target": "/wisdom/", "label": ""})
    assert response.status_code == 302
    assert TrackedLink.objects.get(code="line-oa").created_by == staff


def test_it_deletes_an_issue_in_the_admin_with_its_files(staff, owner, group, partner_org, client_for,
                                                       django_capture_on_commit_callbacks):
    import os

    issue = assigned_issue(group, partner_org, raised_by=owner)
    _attachment, path = _attached(issue, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/campaigns/developmentissue/{issue.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not DevelopmentIssue.objects.filter(pk=issue.pk).exists() and not os.path.exists(path)


def test_it_keeps_the_issue_status_read_only_and_closes_through_the_flow(staff, owner, group, client_for):
    issue = assigned_issue(group, status="open", raised_by=owner)
    c = client_for(staff)
    page = c.get(f"/admin/campaigns/developmentissue/{issue.pk}/change/").content.decode()
    assert 'name="status"' not in page
    response = c.post("/admin/campaigns/developmentissue/", {"action": "close_issues",
                                                             "_selected_action": [issue.pk]})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "closed"
    assert IssueStatusChange.objects.filter(issue=issue, action="close", actor=staff).exists()


def test_it_normalises_an_allowed_host_added_in_the_admin_and_deletes_it(staff, client_for):
    c = client_for(staff)
    assert c.post("/admin/campaigns/allowedredirecthost/add/", {"host": "WWW.Example.ORG", "note": ""}
                  ).status_code == 302
    entry = AllowedRedirectHost.objects.get(host__icontains="example")
    assert entry.host == "www.example.org"
    assert c.post(f"/admin/campaigns/allowedredirecthost/{entry.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AllowedRedirectHost.objects.filter(pk=entry.pk).exists()


def test_it_counts_clicks_only_through_go_not_the_admin(staff, client_for):
    link = LinkFactory()
    services.click_days_set(actor=SYSTEM, link=link, counts={dt.date(2026, 11, 1): 3})
    c = client_for(staff)
    assert c.get("/admin/campaigns/linkclickday/add/").status_code == 403
    day = LinkClickDay.objects.get()
    c.post(f"/admin/campaigns/linkclickday/{day.pk}/change/", {"count": "999"})
    day.refresh_from_db()
    assert day.count == 3
    assert c.post(f"/admin/campaigns/linkclickday/{day.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not LinkClickDay.objects.exists()


def test_the_services_refuse_non_staff_deletes(owner, partner_user, group, partner_org):
    from django.core.exceptions import PermissionDenied

    support = SupportFactory(partner=partner_org, group=group)
    with pytest.raises(PermissionDenied):
        services.support_delete(actor=partner_user, support=support)
    with pytest.raises(PermissionDenied):
        services.campaign_delete(actor=owner, campaign=CampaignFactory())
    assert Support.objects.filter(pk=support.pk).exists() and Campaign.objects.exists()
