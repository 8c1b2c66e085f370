"""Every list (pages and API) runs a constant number of queries: 3 rows, then 30."""

import pytest

from campaigns import services
from core.actors import SYSTEM
from tests.factories.campaigns import (
    CampaignFactory,
    LinkFactory,
    PostFactory,
    SupportFactory,
    assigned_issue,
)
from tests.factories.core import PartnerOrganisationFactory


def _issues(n, group, org, owner):
    for i in range(n):
        issue = assigned_issue(group, org, PartnerOrganisationFactory(), raised_by=owner, staff_contact=None,
                               title=f"ประเด็น {i}")
        services.issue_comment(actor=owner, issue=issue, body="สวัสดี")


@pytest.mark.parametrize("who, url", [
    ("staff", "/partner/"), ("partner_user", "/partner/"), ("owner", "/issues/"), ("staff", "/issues/"),
    ("staff", "/api/v1/issues/"), ("partner_user", "/api/v1/issues/"), ("owner", "/api/v1/issues/"),
])
def test_it_lists_issues_in_constant_queries(request, who, url, group, partner_org, owner, client_for,
                                             api_for, assert_constant_queries):
    user = request.getfixturevalue(who)
    c = api_for(user) if url.startswith("/api/") else client_for(user)
    _issues(3, group, partner_org, owner)
    SupportFactory.create_batch(3, partner=partner_org, group=group)

    def fetch():
        response = c.get(url)
        assert response.status_code == 200

    def grow():
        _issues(27, group, partner_org, owner)
        SupportFactory.create_batch(7, partner=partner_org, group=group)

    assert_constant_queries(fetch, grow)


def test_it_shows_an_issue_thread_in_constant_queries(staff, owner, group, partner_org, partner_user,
                                                      client_for, api_for, assert_constant_queries):
    issue = assigned_issue(group, partner_org, raised_by=owner)
    issue = services.issue_transition(actor=partner_user, issue=issue, action="accept")

    def add(n):
        for i in range(n):
            services.issue_comment(actor=partner_user if i % 2 else owner, issue=issue, body=f"ข้อความ {i}")
            SupportFactory(partner=partner_org, group=group, issue=issue)

    add(3)
    page, api = client_for(staff), api_for(staff)
    assert_constant_queries(lambda: page.get(f"/issues/{issue.pk}/"), lambda: add(27))
    assert_constant_queries(lambda: api.get(f"/api/v1/issues/{issue.pk}/"), lambda: add(27))


@pytest.mark.parametrize("url", ["/api/v1/supports/", "/partner/supports/"])
def test_it_lists_supports_in_constant_queries(url, staff, partner_org, group, client_for, api_for,
                                               assert_constant_queries):
    c = api_for(staff) if url.startswith("/api/") else client_for(staff)
    SupportFactory.create_batch(3, group=group)
    assert_constant_queries(lambda: c.get(url), lambda: SupportFactory.create_batch(27, group=group))


@pytest.mark.parametrize("url", ["/api/v1/campaigns/", "/api/v1/links/", "/campaigns/"])
def test_it_lists_campaigns_and_links_in_constant_queries(url, staff, client_for, api_for,
                                                          assert_constant_queries):
    c = api_for(staff) if url.startswith("/api/") else client_for(staff)

    def add(n):
        for _ in range(n):
            link = LinkFactory()
            PostFactory(campaign=link.campaign)
            services.click_record(actor=SYSTEM, link=link)

    add(3)
    assert_constant_queries(lambda: c.get(url), lambda: add(27))


def test_it_renders_a_campaign_page_in_constant_queries(staff, client_for, assert_constant_queries):
    campaign = CampaignFactory()

    def add(n):
        for _ in range(n):
            link = LinkFactory(campaign=campaign)
            PostFactory(campaign=campaign)
            services.click_record(actor=SYSTEM, link=link)

    add(3)
    c = client_for(staff)
    assert_constant_queries(lambda: c.get(campaign.get_absolute_url()), lambda: add(27))
