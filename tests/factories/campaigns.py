import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.choices import Channel, IssueCategory, IssueStatus, SupportKind
from campaigns.models import Campaign, CampaignPost, DevelopmentIssue, Support, TrackedLink
from tests.factories.core import PartnerOrganisationFactory, ProducerGroupFactory


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = DevelopmentIssue
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"ต้องการบรรจุภัณฑ์ใหม่ {n}")
    category = IssueCategory.PACKAGING
    description = "กล่องเดิมไม่กันกระแทก"
    group = factory.SubFactory(ProducerGroupFactory)
    status = IssueStatus.OPEN

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if extracted:
            self.assigned_partners.set(extracted)


def assigned_issue(group, *orgs, status=IssueStatus.ASSIGNED, raised_by=None, **kw):
    return IssueFactory(group=group, partners=list(orgs), status=status, raised_by=raised_by, **kw)


class SupportFactory(DjangoModelFactory):
    class Meta:
        model = Support

    partner = factory.SubFactory(PartnerOrganisationFactory)
    kind = SupportKind.TRAINING
    title = factory.Sequence(lambda n: f"อบรมการตลาดออนไลน์ {n}")
    group = factory.SubFactory(ProducerGroupFactory)
    date = dt.date(2026, 11, 1)
    value = 15000


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"เที่ยวอ่างทอง ช้อป OTOP {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    budget = 50000
    channels = factory.LazyFunction(lambda: [Channel.FACEBOOK, Channel.LINE])


class PostFactory(DjangoModelFactory):
    class Meta:
        model = CampaignPost

    campaign = factory.SubFactory(CampaignFactory)
    channel = Channel.FACEBOOK
    url = factory.Sequence(lambda n: f"https://www.facebook.com/angthong.cdd/posts/{n}")
    posted_on = factory.LazyFunction(timezone.localdate)
    reach = 1000
    impressions = 1500
    engagement = 120
    clicks = 40
    video_views = 0


class LinkFactory(DjangoModelFactory):
    class Meta:
        model = TrackedLink

    campaign = factory.SubFactory(CampaignFactory)
    channel = Channel.FACEBOOK
    code = factory.Sequence(lambda n: f"link{n}")
    target = "/products/"


# --- Published objects of other apps (contract fields only), for the Open Graph tests ---


def published_product(group, **kw):
    from products.models import Product

    return Product.objects.create(group=group, name_th=kw.pop("name_th", "ตุ๊กตาชาววังชุดรำไทย"),
                                  slug=kw.pop("slug", "court-doll-dance"), product_type="household",
                                  description="ตุ๊กตาดินเหนียวปั้นมือ", status="published", **kw)


def published_program(**kw):
    from tourism.models import Program, TourismCommunity

    community = TourismCommunity.objects.create(name_th="ชุมชนบ้านบางเสด็จ", slug=kw.pop("community_slug", "bang-sadet"),
                                                subdistrict_id="150305", status="published")
    return Program.objects.create(community=community, title_th=kw.pop("title_th", "หนึ่งวันที่บางเสด็จ"),
                                  slug=kw.pop("slug", "one-day-bang-sadet"), status="published", **kw)


def published_wisdom(**kw):
    from wisdom.models import WisdomRecord

    return WisdomRecord.objects.create(title_th=kw.pop("title_th", "การปั้นตุ๊กตาชาววัง"),
                                       slug=kw.pop("slug", "court-doll-moulding"), category="handicraft",
                                       subdistrict_id="150305", summary="ภูมิปัญญาการปั้นดินเหนียว",
                                       status="published", access_level="public", **kw)


def published_event(**kw):
    from network.models import Event

    start = timezone.now() + dt.timedelta(days=7)
    return Event.objects.create(title=kw.pop("title", "อบรมการถ่ายภาพสินค้า"), slug=kw.pop("slug", "photo-training"),
                                kind="training", starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                status="published", **kw)
