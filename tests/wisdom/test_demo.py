import pytest

from core import demo as core_demo
from products.models import Product
from wisdom import demo
from wisdom.choices import ConsentScope
from wisdom.models import HolderConsent, KnowledgeHolder, WisdomPhoto, WisdomRecord
from wisdom.selectors import consent_blockers

pytestmark = pytest.mark.django_db


def test_it_loads_a_dozen_marked_ang_thong_records_idempotently():
    core_demo.load()
    demo.load()
    demo.load()
    records = WisdomRecord.objects.all()
    assert records.count() == 12
    assert all(r.is_demo for r in records)
    assert all(r.subdistrict.district.province_id == "15" for r in records)
    assert KnowledgeHolder.objects.count() == KnowledgeHolder.objects.filter(is_demo=True).count() >= 12
    assert WisdomPhoto.objects.count() == 12
    dolls = WisdomRecord.objects.get(slug="court-dolls-ban-bang-sadet")
    assert dolls.owner_group.slug == "bang-sadet-court-dolls" and dolls.potential_score is not None
    not_asked = KnowledgeHolder.objects.filter(consents__isnull=True)
    assert not_asked.count() == 1
    pending = not_asked.get().record
    assert pending.pk in consent_blockers([pending], scope=ConsentScope.PRODUCT)
    # The court dolls' holders consent to everything (issue 17's demo chain), from the first load on.
    assert {(h.name, c) for h in dolls.holders.all() for c in h.consents.values_list("scope", flat=True)} == {
        (h.name, s) for h in dolls.holders.all() for s in ConsentScope.values}
    # 11 holders with the five migrated scopes, the two court-doll holders with all six; loaded twice above.
    assert HolderConsent.objects.count() == HolderConsent.objects.filter(is_demo=True).count()
    assert HolderConsent.objects.filter(holder__record=dolls).count() == 2 * 6
    assert Product.objects.count() == 0  # products come from their own app's demo


def test_it_shows_demo_records_with_a_badge(client):
    core_demo.load()
    demo.load()
    html = client.get("/wisdom/").content.decode()
    assert "ข้อมูลตัวอย่าง" in html
    assert "ตุ๊กตาชาววังบ้านบางเสด็จ" in html
    assert "พิธีไหว้ครูช่างกลอง" not in html  # restricted
