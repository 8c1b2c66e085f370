"""The rows the API tests under tests/api/ run against: a few of every kind the API serves, with known ids
(1, 2, 3 …), slugs ("fuzz", "fuzz-1" …) and booking codes, so generated requests hit real rows."""

from __future__ import annotations

import datetime as dt

SLUG = "fuzz"  # every seeded row with a slug has this one
BOOKING_CODE = "FUZZ1"


def seed() -> dict:
    """A few rows of every kind the API serves, published where that matters (ids start at 1)."""
    from rest_framework.authtoken.models import Token

    from products.models import GroupMarketingSkill
    from tests.factories import campaigns as cf
    from tests.factories import core as f
    from tests.factories import evaluation as ef
    from tests.factories import network as nf
    from tests.factories import products as pf
    from tests.factories import tourism as tf
    from tests.factories import wisdom as wf

    staff = f.staff(username="fuzz-staff")
    groups = [f.ProducerGroupFactory(slug=f"{SLUG}-group-{i}") for i in range(3)]
    orgs = [f.PartnerOrganisationFactory(slug=f"{SLUG}-partner-{i}") for i in range(3)]
    producer = f.producer(groups[0], username="fuzz-producer")
    f.partner(orgs[0], username="fuzz-partner")
    expert_user = f.expert(username="fuzz-expert")
    for i in range(3):
        product = pf.ProductFactory(group=groups[i], slug=SLUG if i == 0 else f"{SLUG}-{i}")
        pf.StarRatingFactory(product=product)
        pf.DevelopmentProjectFactory(group=groups[i])
        GroupMarketingSkill.objects.create(
            group=groups[i], skill="facebook_page", achieved_on=dt.date(2026, 1, 5)
        )
        community = tf.CommunityFactory(slug=SLUG if i == 0 else f"{SLUG}-{i}")
        program = tf.ProgramFactory(community=community, slug=SLUG if i == 0 else f"{SLUG}-{i}")
        tf.BookingFactory(
            program=program,
            code=BOOKING_CODE if i == 0 else f"FUZZ{i + 1}",
            date=dt.date.today() + dt.timedelta(days=10 + i),
        )
        tf.MonthlyVisitFactory(community=community, month=dt.date(2026, i + 1, 1))
        record = wf.WisdomRecordFactory(slug=SLUG if i == 0 else f"{SLUG}-{i}")
        wf.KnowledgeHolderFactory(record=record)
        expert = nf.ExpertProfileFactory(
            slug=SLUG if i == 0 else f"{SLUG}-{i}", user=expert_user if i == 0 else None
        )
        nf.KnowledgeItemFactory(slug=SLUG if i == 0 else f"{SLUG}-{i}")
        event = nf.EventFactory(slug=SLUG if i == 0 else f"{SLUG}-{i}")
        nf.RegistrationFactory(event=event, user=producer)
        mentorship = nf.MentorshipFactory(mentor_expert=expert, mentee_group=groups[i])
        nf.MentoringSessionFactory(mentorship=mentorship)
        ef.income(groups[i], f"2026-{i + 1:02d}", 1000 * (i + 1))
        ef.enroll(groups[i])
        ef.TargetFactory(fiscal_year=2570 + i)
        ef.DistrictTargetFactory(fiscal_year=2570 + i)
        ef.UnitTargetFactory(fiscal_year=2570 + i, producer_group=groups[i])
        cf.assigned_issue(groups[i], orgs[i], raised_by=producer)
        cf.SupportFactory(partner=orgs[i], group=groups[i])
        campaign = cf.CampaignFactory(slug=SLUG if i == 0 else f"{SLUG}-{i}")
        cf.PostFactory(campaign=campaign)
        cf.LinkFactory(campaign=campaign, code=SLUG if i == 0 else f"{SLUG}{i}")
        from tests.factories import benefits as bf

        bf.agreement(group=groups[i], record=record, products=[product], title=f"{SLUG} agreement {i}",
                     shares=[(record.holders.get(), "60"), (None, "40")])
    return {"staff_token": Token.objects.create(user=staff).key}


def restart_sequences() -> None:
    """Ids from 1 for the seeded rows: each sequence of the portal's tables restarts after its highest id
    (Django's sqlsequencereset; the tables the seed fills are empty, so their ids start at 1)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [
        model
        for app in ("core", "wisdom", "products", "tourism", "network", "evaluation", "benefits", "campaigns")
        for model in apps.get_app_config(app).get_models()
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
