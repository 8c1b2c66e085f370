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
    assert first[0] == 6 and first[3] == 2  # six issues (one awaiting the partner: workspaces); the PR campaign and the fair
    statuses = set(DevelopmentIssue.objects.values_list("status", flat=True))
    assert {"open", "assigned", "in_progress", "declined", "closed"} <= statuses
    court_dolls = DevelopmentIssue.objects.get(group__slug="bang-sadet-court-dolls")
    assert court_dolls.category == "packaging"
    assert list(court_dolls.assigned_partners.values_list("slug", flat=True)) == ["aru"]
    for model in (DevelopmentIssue, IssueComment, Support, Campaign, CampaignPost, TrackedLink):
        assert not model.objects.filter(is_demo=False).exists()
    campaign = Campaign.objects.get(slug="angthong-shop-otop")
    assert campaign.name == "เที่ยวอ่างทอง ช้อป OTOP"
    assert LinkClickDay.objects.filter(link__campaign=campaign, count__gt=0).exists()


def test_it_skips_without_the_core_demo(db):
    assert demo.load().startswith("skipped")


def test_the_fair_has_qr_attributed_demo_bookings_and_sales(db):
    from campaigns import selectors
    from campaigns.models import AttributedSale, Conversion
    from core import demo as core_demo
    from products import demo as products_demo
    from tourism import demo as tourism_demo
    from wisdom import demo as wisdom_demo

    core_demo.load()
    wisdom_demo.load()
    products_demo.load()
    tourism_demo.load()
    demo.load()
    counts = (Conversion.objects.count(), AttributedSale.objects.count())
    demo.load()
    assert (Conversion.objects.count(), AttributedSale.objects.count()) == counts
    fair = Campaign.objects.get(slug="angthong-otop-fair-provincial-hall")
    assert TrackedLink.objects.get(code="fair-booth").human_code == "AT-FAIR-24"
    conversions = Conversion.objects.filter(link__campaign=fair)
    assert conversions.count() == 3 and not conversions.filter(is_demo=False).exists()
    assert all(c.booking.is_demo for c in conversions)
    funnel = selectors.campaign_funnel(campaign=fair)
    assert funnel["total"]["bookings"] == 3 and funnel["total"]["sales"] == 3
    assert funnel["total"]["cost_per_booking"] == 8000
    assert not AttributedSale.objects.filter(is_demo=False).exists()
