"""The office's contact is a site setting staff edit (issue #15 item 6): the footer shows what staff entered,
a blank field is hidden, nothing shows a placeholder number, and demo shops are marked as demo."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core import selectors, services
from core.actors import SYSTEM
from core.models import SiteContact
from tests.factories.core import ProducerGroupFactory
from tests.factories.products import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.delete(selectors.SITE_CONTACT_CACHE_KEY)
    yield
    cache.delete(selectors.SITE_CONTACT_CACHE_KEY)


def _footer(response) -> str:
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_it_shows_what_staff_entered_in_every_footer(client, staff, committed):
    with committed():
        services.site_contact_update(
            actor=staff,
            address="ศาลากลางจังหวัดอ่างทอง ถนนเทศบาล 1",
            phone="035 611 234",
            email="office@example.go.th",
            line_id="@cdd-angthong",
        )
    for path in ("/", "/products/", "/no-such-page/"):
        footer = _footer(client.get(path))
        assert "ศาลากลางจังหวัดอ่างทอง ถนนเทศบาล 1" in footer, path
        assert '<a href="tel:035611234">035 611 234</a>' in footer
        assert '<a href="mailto:office@example.go.th">office@example.go.th</a>' in footer
        assert "LINE @cdd-angthong" in footer


def test_a_blank_field_is_hidden_and_a_blank_contact_shows_nothing(client, staff, committed):
    with committed():
        services.site_contact_update(
            actor=staff, address="", phone="", email="office@example.go.th", line_id=""
        )
    footer = _footer(client.get("/"))
    assert "office@example.go.th" in footer
    assert "โทร" not in footer and "LINE" not in footer and "tel:" not in footer
    with committed():
        services.site_contact_update(actor=staff, site_contact=SiteContact.objects.get(), email="")
    footer = _footer(client.get("/"))
    assert "mailto:" not in footer and "footer-contact" not in footer


def test_the_footer_reads_the_contact_once_per_cache_period(
    client, staff, django_assert_num_queries, committed
):
    with committed():
        services.site_contact_update(actor=staff, phone="035 611 234")
    client.get("/")  # fills the cache
    with django_assert_num_queries(0):
        assert selectors.site_contact().phone == "035 611 234"
    with committed():  # a change clears it after commit
        services.site_contact_update(actor=staff, site_contact=SiteContact.objects.get(), phone="035 611 999")
    assert "035 611 999" in _footer(client.get("/"))


@pytest.mark.parametrize("who", ["owner", "partner_user", "expert_user"])
def test_only_staff_change_it(request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.site_contact_update(actor=user, phone="035 000 111")
    assert not SiteContact.objects.filter(phone="035 000 111").exists()


def test_bad_input_is_a_thai_error_and_saves_nothing(staff):
    with pytest.raises(ValidationError) as exc:
        services.site_contact_update(actor=staff, email="not-an-address", phone="035 611 234")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError, match="ไม่รู้จักช่องข้อมูล: fax"):
        services.site_contact_update(actor=staff, fax="035 611 235")
    assert not SiteContact.objects.filter(phone="035 611 234").exists()


def test_the_database_keeps_a_single_row():
    SiteContact.objects.update_or_create(pk=1, defaults={"phone": "035 611 234"})
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteContact.objects.create(pk=2, phone="035 611 235")


def test_staff_edit_it_in_the_back_office(client_for, staff, committed):
    SiteContact.objects.all().delete()
    admin = client_for(staff)
    assert admin.get("/admin/core/sitecontact/add/").status_code == 200
    with committed():
        response = admin.post(
            "/admin/core/sitecontact/add/",
            {"address": "ศาลากลาง", "phone": "035 611 234", "email": "office@example.go.th", "line_id": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SiteContact.objects.get().phone == "035 611 234"
    assert admin.get("/admin/core/sitecontact/add/").status_code == 403  # one row: change it instead
    with committed():
        admin.post(
            "/admin/core/sitecontact/1/change/",
            {"address": "ศาลากลาง", "phone": "", "email": "office@example.go.th", "line_id": "@cdd"},
        )
    assert SiteContact.objects.get().line_id == "@cdd" and SiteContact.objects.get().phone == ""


def test_no_page_shows_a_placeholder_number(client):
    group = ProducerGroupFactory(phone="035-000-000", is_demo=True)
    product = ProductFactory(group=group, is_demo=True)
    for path in ("/", product.get_absolute_url(), group.get_absolute_url()):
        html = client.get(path).content.decode()
        # "035-611-xxx", "08x-xxx-xxxx" — standing alone (a CSRF token may hold "3xX" by chance)
        assert not re.search(r"(?<![A-Za-z0-9])0[0-9x]{1,2}-?[0-9x]{3}-?x{3,4}(?![A-Za-z0-9])", html), path


def test_a_demo_shop_contact_is_marked_as_demo_and_not_dialable(client):
    demo = ProductFactory(group=ProducerGroupFactory(phone="035-000-000", is_demo=True), is_demo=True)
    real = ProductFactory(group=ProducerGroupFactory(phone="035 662 111"))
    demo_html = client.get(demo.get_absolute_url()).content.decode()
    assert "035-000-000" in demo_html and "เบอร์ตัวอย่าง ไม่ใช่ร้านจริง" in demo_html
    assert "tel:035000000" not in demo_html
    real_html = client.get(real.get_absolute_url()).content.decode()
    # a real shop's number is a link that credits the call to a campaign (/order/…/phone) and then dials it
    order_url = f"/order/{real.slug}/phone"
    assert f'<a href="{order_url}" rel="nofollow">035 662 111</a>' in real_html and "เบอร์ตัวอย่าง" not in real_html
    assert client.get(order_url)["Location"] == "tel:035662111"


def test_the_demo_loader_gives_groups_the_invented_number(db):
    from core import demo

    demo.load()
    from core.models import ProducerGroup

    assert set(ProducerGroup.objects.filter(is_demo=True).values_list("phone", flat=True)) == {
        demo.DEMO_SHOP_PHONE
    }


def test_the_system_may_set_it(committed):
    with committed():
        services.site_contact_update(actor=SYSTEM, email="office@example.go.th")
    assert selectors.site_contact().email == "office@example.go.th"
