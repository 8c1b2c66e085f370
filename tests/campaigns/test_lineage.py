"""The campaigns app's part of a wisdom record's lineage: campaigns featuring the record, its products or its
programs, with their clicks — for staff only."""

import datetime as dt

import pytest

from campaigns.lineage import wisdom_lineage
from campaigns.models import LinkClickDay
from tests.factories.campaigns import CampaignFactory, LinkFactory
from tests.factories.products import ProductFactory
from tests.factories.tourism import ProgramFactory
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db


def test_it_finds_campaigns_through_products_and_programs(group, users):
    record = WisdomRecordFactory()
    product = ProductFactory(group=group)
    product.wisdom_records.add(record)
    program = ProgramFactory()
    program.items.get().activity.wisdom_records.add(record)
    by_product, by_program, direct = (CampaignFactory(name=n) for n in ("ผ่านผลิตภัณฑ์", "ผ่านโปรแกรม", "โดยตรง"))
    by_product.featured_products.add(product)
    by_program.featured_programs.add(program)
    direct.featured_wisdom.add(record)
    CampaignFactory(name="ไม่เกี่ยว")
    LinkClickDay.objects.create(link=LinkFactory(campaign=by_program), day=dt.date(2026, 11, 2), count=9)
    section = wisdom_lineage(records=[record], user=users["staff"], private=True)[record.pk]
    assert {e.title for e in section.entries} == {"โดยตรง", "ผ่านผลิตภัณฑ์", "ผ่านโปรแกรม"}
    assert {f.label: f.value for f in section.figures}["คลิกลิงก์ติดตามผล"] == 9
    for role in ("anonymous", "owner", "partner", "expert"):
        assert wisdom_lineage(records=[record], user=users[role], private=True) == {}
