"""The anonymous page cache (core/pagecache.py): served for anonymous visitors only, never stale after a committed
write (publish, unpublish, edit, capacity, consent withdrawal), per language, with ETag/Last-Modified and 304s,
and forms in cached pages still post (the visitor's own CSRF token).

These tests commit (``transactional_db``): the generation changes only when a write commits, as in production."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from core import pagecache
from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory
from tourism import services as tourism_services
from tourism.choices import PublishStatus
from wisdom import services as wisdom_services
from wisdom.choices import ConsentScope

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def _cache_state(response):
    return response.headers.get("X-Page-Cache")


def generation():
    return pagecache.current()[0]


@pytest.fixture
def program(db):
    return ProgramFactory(title_th="ล่องเรือชมวิถีบางเสด็จ")


def test_second_anonymous_visit_is_served_from_the_cache_with_the_same_page(program):
    url = reverse("tourism:program_list")
    first, second = _get(Client(), url), _get(Client(), url)
    assert _cache_state(first) == "miss" and _cache_state(second) == "hit"
    assert second.content.decode().count("ล่องเรือชมวิถีบางเสด็จ") >= 1
    assert second["Content-Type"].startswith("text/html")
    assert second["Content-Language"] == "th"


def test_a_committed_write_changes_the_generation_and_an_uncommitted_one_turns_the_cache_off(program):
    before = generation()
    tourism_services.program_update(actor=SYSTEM, program=program, title_th="ล่องเรือบางเสด็จ (ใหม่)")
    assert generation() > before
    with transaction.atomic():
        tourism_services.program_update(actor=SYSTEM, program=program, title_th="ยังไม่ยืนยัน")
        assert pagecache.current() is None  # this transaction would render rows others cannot see yet
        transaction.set_rollback(True)


def test_editing_a_program_shows_the_new_title_at_once(program):
    url = reverse("tourism:program_detail", args=[program.slug])
    _get(Client(), url)
    assert _cache_state(_get(Client(), url)) == "hit"
    tourism_services.program_update(actor=SYSTEM, program=program, title_th="ล่องเรือชมตลาดน้ำบางเสด็จ")
    after = _get(Client(), url)
    assert _cache_state(after) == "miss"
    assert "ล่องเรือชมตลาดน้ำบางเสด็จ" in after.content.decode()


def test_unpublishing_removes_the_program_from_the_cached_list_and_its_page(program):
    list_url, detail_url = reverse("tourism:program_list"), reverse("tourism:program_detail", args=[program.slug])
    assert "ล่องเรือชมวิถีบางเสด็จ" in _get(Client(), list_url).content.decode()
    _get(Client(), detail_url)
    assert _cache_state(_get(Client(), list_url)) == "hit"
    tourism_services.program_unpublish(actor=SYSTEM, program=program)
    assert "ล่องเรือชมวิถีบางเสด็จ" not in _get(Client(), list_url).content.decode()
    assert Client().get(detail_url).status_code == 404


def test_publishing_adds_the_program_to_the_cached_list(program):
    draft = ProgramFactory(title_th="ทำขนมไทยกับแม่ครัวป่าโมก", community=program.community,
                             status=PublishStatus.DRAFT)
    url = reverse("tourism:program_list")
    _get(Client(), url)
    assert "ทำขนมไทยกับแม่ครัวป่าโมก" not in _get(Client(), url).content.decode()
    tourism_services.program_publish(actor=SYSTEM, program=draft)
    assert "ทำขนมไทยกับแม่ครัวป่าโมก" in _get(Client(), url).content.decode()


def test_a_booking_taking_places_renders_the_program_again(program):
    url = reverse("tourism:program_detail", args=[program.slug])
    _get(Client(), url)
    before = generation()
    tourism_services.booking_create(actor=AnonymousUser(), program=program, date=datetime.date.today() + datetime.timedelta(days=9),
                                    people=3, name="นักท่องเที่ยว", phone="0812345678")
    assert generation() > before
    assert _cache_state(_get(Client(), url)) == "miss"


def test_withdrawn_consent_hides_the_holder_from_the_cached_wisdom_page():
    record = WisdomRecordFactory(title_th="การทำกลองเอกราช", status="published", access_level="public")
    holder = KnowledgeHolderFactory(record=record, name="นายสมชาย ทำกลอง")  # consents to every scope
    url = reverse("wisdom:detail", args=[record.slug])
    assert "นายสมชาย ทำกลอง" in _get(Client(), url).content.decode()
    assert _cache_state(_get(Client(), url)) == "hit"
    wisdom_services.consent_withdraw(actor=SYSTEM, holder=holder, scope=ConsentScope.NAMING)
    after = _get(Client(), url)
    assert _cache_state(after) == "miss"
    assert "นายสมชาย ทำกลอง" not in after.content.decode()


def test_withdrawn_consent_to_sale_takes_the_product_off_the_cached_pages():
    from products.models import Product
    from tests.factories.products import ProductFactory

    holder = KnowledgeHolderFactory(record=WisdomRecordFactory(title_th="การปั้นตุ๊กตาชาววัง"))
    product = ProductFactory(name_th="ตุ๊กตาชาววังชุดรำไทย", status="published")
    product.wisdom_records.add(holder.record)
    list_url, detail_url = reverse("products:list"), reverse("products:detail", args=[product.slug])
    _get(Client(), detail_url)
    assert "ตุ๊กตาชาววังชุดรำไทย" in _get(Client(), list_url).content.decode()
    assert _cache_state(_get(Client(), list_url)) == "hit"
    wisdom_services.consent_withdraw(actor=SYSTEM, holder=holder, scope=ConsentScope.PRODUCT)
    assert Product.objects.get(pk=product.pk).status != "published"
    assert "ตุ๊กตาชาววังชุดรำไทย" not in _get(Client(), list_url).content.decode()
    assert Client().get(detail_url).status_code == 404


def test_each_language_has_its_own_entry(program):
    url = reverse("tourism:program_list")
    thai = _get(Client(), url)
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = _get(english_client, url)
    assert _cache_state(english) == "miss"
    assert english["Content-Language"] == "en" and thai["Content-Language"] == "th"
    assert english.content != thai.content
    assert _cache_state(_get(english_client, url)) == "hit"
    assert _get(english_client, url)["Content-Language"] == "en"


@pytest.mark.parametrize("role", ["staff", "owner", "partner_user", "expert_user", "admin_user"])
def test_logged_in_pages_are_never_read_from_or_written_to_the_cache(role, request, program):
    user = request.getfixturevalue(role)
    urls = [reverse("home"), reverse("tourism:program_list"), reverse("tourism:program_detail", args=[program.slug]),
            "/api/v1/tourism/programs/"]
    for url in urls:
        _get(Client(), url)  # an anonymous entry exists for every page
    member = Client()
    member.force_login(user)
    for url in urls:
        response = member.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers, url
        if not url.startswith("/api/"):
            assert "ออกจากระบบ" in response.content.decode()  # the member's own page, with the logout button
    caches["pages"].clear()
    for url in urls:  # and nothing the member saw was stored for anonymous visitors
        response = member.get(url)
        assert "X-Page-Cache" not in response.headers
    for url in urls:
        assert _cache_state(_get(Client(), url)) == "miss"


def test_api_with_a_token_bypasses_the_cache(program, staff):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=staff)
    _get(Client(), "/api/v1/tourism/programs/")
    assert _cache_state(_get(Client(), "/api/v1/tourism/programs/")) == "hit"
    authed = Client().get("/api/v1/tourism/programs/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert authed.status_code == 200 and "X-Page-Cache" not in authed.headers


def test_etag_and_last_modified_answer_304_until_something_changes(program):
    url = reverse("tourism:program_list")
    client = Client()
    first = _get(client, url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    tourism_services.program_update(actor=SYSTEM, program=program, title_th="ชื่อใหม่")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and "ชื่อใหม่" in changed.content.decode()


def test_a_cached_form_posts_with_the_visitors_own_csrf_token(program):
    url = reverse("tourism:program_detail", args=[program.slug])
    _get(Client(), url)  # someone else's visit filled the cache
    visitor = Client(enforce_csrf_checks=True)
    page = _get(visitor, url)
    assert _cache_state(page) == "hit"
    html = page.content.decode()
    assert pagecache.SENTINEL.decode() not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert "csrftoken" in page.cookies  # a first visit gets its cookie with the cached page
    day = datetime.date.today() + datetime.timedelta(days=8)
    response = visitor.post(url, {"csrfmiddlewaretoken": token, "date": day.isoformat(), "people": 2,
                                  "name": "ผู้มาเยือน", "phone": "0812345678"})
    assert response.status_code == 302, response.content.decode()[:500]


def test_writes_no_public_page_shows_do_not_empty_the_cache(staff):
    from core.outbox import email_queue

    before = generation()
    with transaction.atomic():
        email_queue(actor=SYSTEM, key="pagecache-test", to=["a@example.com"], subject="s", body="b")
    Client().force_login(staff)  # updates last_login
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_user SET last_login = now()")
    assert generation() == before
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_user SET first_name = 'ใหม่' WHERE id = %s", [staff.pk])
    assert generation() > before


def test_every_table_of_the_apps_is_watched_except_the_ignored_ones():
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name = 'core_content'")
        watched = {row[0] for row in cursor.fetchall()}
    for table in ["tourism_program", "tourism_programdatecapacity", "tourism_booking", "wisdom_knowledgeholder",
                  "products_product", "network_event", "network_registration", "search_searchentry", "core_user"]:
        assert table in watched
    for table in ["core_outgoingemail", "core_pendingtask", "campaigns_linkclickday", "django_session"]:
        assert table not in watched


def test_home_sections_are_rendered_once_for_every_anonymous_url(program):
    from django.test.utils import CaptureQueriesContext

    _get(Client(), "/?utm_source=line")  # a URL the page cache keys apart from "/"
    with CaptureQueriesContext(connection) as fresh:
        first = _get(Client(), "/?fbclid=abc")
    assert _cache_state(first) == "miss"
    assert "ล่องเรือชมวิถีบางเสด็จ" in first.content.decode()  # the tourism section, from the shared fragment
    assert len(fresh.captured_queries) <= 4  # the generation, the districts, the page's own — no section queries
