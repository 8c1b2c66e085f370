import pytest

from campaigns.models import TrackedLink
from tests.factories.campaigns import (
    CampaignFactory,
    LinkFactory,
    PostFactory,
    SupportFactory,
    assigned_issue,
)


@pytest.mark.parametrize("model", ["developmentissue", "support", "campaign", "campaignpost", "trackedlink",
                                   "allowedredirecthost", "linkclickday"])
def test_it_shows_the_admin_lists_to_staff_only(model, staff, owner, partner_user, group, partner_org, client_for):
    assigned_issue(group, partner_org)
    SupportFactory(partner=partner_org, group=group)
    PostFactory()
    LinkFactory()
    url = f"/admin/campaigns/{model}/"
    assert client_for(staff).get(url).status_code == 200
    for user in (owner, partner_user):
        assert client_for(user).get(url).status_code in (302, 403)


def test_it_refuses_an_evil_target_in_the_admin(staff, client_for):
    campaign = CampaignFactory()
    response = client_for(staff).post("/admin/campaigns/trackedlink/add/", {
        "campaign": campaign.pk, "channel": "facebook", "code": "evil", "target": "//evil.com", "label": ""})
    assert response.status_code == 200
    assert "ปลายทาง" in response.content.decode()
    assert not TrackedLink.objects.exists()


def test_it_shows_an_issue_with_its_thread_in_the_admin(staff, owner, group, partner_org, client_for):
    from campaigns import services

    issue = assigned_issue(group, partner_org, raised_by=owner)
    services.issue_comment(actor=owner, issue=issue, body="ขอบคุณครับ")
    response = client_for(staff).get(f"/admin/campaigns/developmentissue/{issue.pk}/change/")
    assert response.status_code == 200
    assert "ขอบคุณครับ" in response.content.decode()
