from campaigns import demo
from campaigns.models import (
    Campaign,
    CampaignPost,
    DevelopmentIssue,
    IssueComment,
    LinkClickDay,
    Support,
    TrackedLink,
)


def _counts():
    return [m.objects.count() for m in (DevelopmentIssue, IssueComment, Support, Campaign, CampaignPost,
                                        TrackedLink, LinkClickDay)]


def test_it_loads_realistic_demo_data_marked_as_demo_and_idempotent(db):
    from core import demo as core_demo

    core_demo.load()
    demo.load()
    first = _counts()
    demo.load()
    assert _counts() == first
    assert first[0] == 6 and first[3] == 1  # six issues (one awaiting the partner: workspaces)
    statuses = set(DevelopmentIssue.objects.values_list("status", flat=True))
    assert {"open", "assigned", "in_progress", "declined", "closed"} <= statuses
    court_dolls = DevelopmentIssue.objects.get(group__slug="bang-sadet-court-dolls")
    assert court_dolls.category == "packaging"
    assert list(court_dolls.assigned_partners.values_list("slug", flat=True)) == ["aru"]
    for model in (DevelopmentIssue, IssueComment, Support, Campaign, CampaignPost, TrackedLink):
        assert not model.objects.filter(is_demo=False).exists()
    campaign = Campaign.objects.get()
    assert campaign.name == "เที่ยวอ่างทอง ช้อป OTOP"
    assert LinkClickDay.objects.filter(link__campaign=campaign, count__gt=0).exists()


def test_it_skips_without_the_core_demo(db):
    assert demo.load().startswith("skipped")
