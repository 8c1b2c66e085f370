"""An attributed sale is part of the month's product sale it belongs to (evaluation.ProductSale): linked
when the group split that month's product sales by product, capped by that line's amount, shown on
/campaigns/sales/."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.choices import Channel
from campaigns.models import AttributedSale
from core.thai_dates import format_month
from evaluation import selectors as evaluation_selectors
from evaluation import services as evaluation_services
from tests.factories.campaigns import CampaignFactory, LinkFactory, published_product
from tests.factories.evaluation import income

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)


@pytest.fixture
def fair_link(db):
    campaign = CampaignFactory(starts_on=MONTH - dt.timedelta(days=40), ends_on=TODAY + dt.timedelta(days=2))
    return LinkFactory(campaign=campaign, channel=Channel.PRINT, human_code="AT-FAIR-24")


@pytest.fixture
def doll(group):
    return published_product(group)


@pytest.fixture
def doll_sale(owner, group, doll):
    """The group's product sales of this month, ฿1,000.00 of them the court doll's."""
    record = income(group, f"{MONTH:%Y-%m}", "5000.00")
    return evaluation_services.product_sale_upsert(actor=owner, record=record, product=doll, amount=Decimal("1000"))


def record(actor, group, amount, product=None, sold_on=TODAY):
    return services.sale_record(actor=actor, code="AT-FAIR-24", group=group, sold_on=sold_on,
                                amount=Decimal(amount), product=product)


def test_it_links_a_sale_to_the_product_sale_of_its_month(owner, staff, group, doll, doll_sale, fair_link):
    assert record(owner, group, "450", product=doll).product_sale == doll_sale
    assert record(staff, group, "50", product=doll).product_sale == doll_sale  # staff record for the group


def test_it_links_nothing_without_a_product_or_without_that_months_product_sale(owner, group, doll, doll_sale,
                                                                                 fair_link):
    assert record(owner, group, "450").product_sale is None  # no product named
    other = published_product(group, name_th="กลองเอกราช", slug="ekkarat-drum")
    assert record(owner, group, "450", product=other).product_sale is None  # no line for this product
    last_month = MONTH - dt.timedelta(days=1)  # the campaign ran then too; no breakdown that month
    assert record(owner, group, "450", product=doll, sold_on=last_month).product_sale is None


def test_a_sale_may_not_exceed_its_product_sale(owner, group, doll, doll_sale, fair_link):
    with pytest.raises(ValidationError) as exc:
        record(owner, group, "1000.01", product=doll)
    month = format_month(MONTH)  # e.g. ธันวาคม 2569
    assert exc.value.message_dict == {
        "amount": [f"ยอดขาย ฿1,000.01 เกินยอดขายรายผลิตภัณฑ์ของเดือน{month} ที่กลุ่มบันทึกไว้ (฿1,000.00)"]}
    assert not AttributedSale.objects.exists()
    assert record(owner, group, "1000.00", product=doll).product_sale == doll_sale  # exactly the line is fine


def test_the_sales_linked_to_one_product_sale_may_not_add_up_to_more(owner, group, doll, doll_sale, fair_link):
    record(owner, group, "600", product=doll)
    with pytest.raises(ValidationError) as exc:
        record(owner, group, "400.50", product=doll)
    assert "มียอดขายจากรหัสแคมเปญผูกไว้แล้ว ฿600.00 จึงบันทึกเพิ่มได้อีกไม่เกิน ฿400.00" in exc.value.messages[0]
    record(owner, group, "400", product=doll)
    assert AttributedSale.objects.filter(product_sale=doll_sale).count() == 2


def test_the_page_shows_the_product_sale_and_refuses_too_much_in_thai(client_for, owner, group, doll, doll_sale,
                                                                      fair_link):
    c = client_for(owner)
    form = {"code": "AT-FAIR-24", "group": group.pk, "product": doll.pk, "sold_on": TODAY.isoformat()}
    response = c.post(reverse("campaigns:sale_list"), {**form, "amount": "1200"})
    assert response.status_code == 400 and "เกินยอดขายรายผลิตภัณฑ์ของเดือน" in response.content.decode()
    assert not AttributedSale.objects.exists()
    assert c.post(reverse("campaigns:sale_list"), {**form, "amount": "450"}).status_code == 302
    page = c.get(reverse("campaigns:sale_list")).content.decode()
    products_page = reverse("evaluation:income_products", kwargs={"pk": doll_sale.income_record_id})
    assert f'<a href="{products_page}">฿1,000.00</a>' in page
    assert c.get(products_page).status_code == 200  # the producer may open the line's month


def test_a_deleted_product_sale_leaves_the_sale_unlinked(owner, group, doll, doll_sale, fair_link):
    sale = record(owner, group, "450", product=doll)
    evaluation_services.product_sale_delete(actor=owner, sale=doll_sale)
    sale.refresh_from_db()
    assert sale.product_sale is None and sale.amount == Decimal("450")


def test_the_selector_finds_only_that_group_product_and_month(group, other_group, doll, doll_sale):
    find = evaluation_selectors.product_sale_for
    assert find(group_id=group.pk, product_id=doll.pk, month=TODAY) == doll_sale
    assert find(group_id=group.pk, product_id=doll.pk, month=f"{MONTH:%Y-%m}") == doll_sale
    assert find(group_id=other_group.pk, product_id=doll.pk, month=TODAY) is None
    assert find(group_id=group.pk, product_id=doll.pk, month=MONTH - dt.timedelta(days=1)) is None


def test_the_sales_page_lists_in_constant_queries(client_for, owner, group, fair_link, assert_constant_queries):
    record_ = income(group, f"{MONTH:%Y-%m}", "100000.00")
    made = []

    def add(n):
        for _i in range(n):
            k = len(made)
            product = published_product(group, name_th=f"ผลิตภัณฑ์ {k}", slug=f"product-{k}")
            evaluation_services.product_sale_upsert(actor=owner, record=record_, product=product, amount=Decimal(900))
            made.append(record(owner, group, "100", product=product))

    add(3)
    c = client_for(owner)

    def fetch():
        assert c.get(reverse("campaigns:sale_list")).status_code == 200

    assert_constant_queries(fetch, lambda: add(27))
    assert all(s.product_sale_id for s in made)


@pytest.mark.django_db(transaction=True)
def test_two_sales_at_once_cannot_both_pass_the_cap(owner, group, doll, doll_sale, fair_link):
    """Two producers record ฿600 against the ฿1,000 line at the same moment: one is saved, one refused."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            barrier.wait()
            record(owner, group, "600", product=doll)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert AttributedSale.objects.filter(product_sale=doll_sale).count() == 1
