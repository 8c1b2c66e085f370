"""Content in two languages (issue 15 item 5): `<field>_en` columns read through core/i18n_content.py.

An English visitor (the language switch's cookie) reads the English title, summary, itinerary and inclusions;
an empty English value falls back to the Thai text, marked lang="th" with a small "In Thai" label; the forms
and the admin save both languages; the API answers both; search finds records by English words; the page
cache keeps the languages apart; prices read "฿450 per person" in English and as before in Thai."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.actors import SYSTEM
from core.i18n_content import area_line, localized, price_per
from core.models import District, Subdistrict
from products.models import Product
from search.index import rebuild
from tests.factories.products import ProductFactory
from tests.factories.tourism import ActivityFactory, CommunityFactory, ProgramFactory
from tourism import services as tourism_services
from tourism.models import Activity, ProgramItem

pytestmark = pytest.mark.django_db


def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def program(db):
    community = CommunityFactory(name_th="ชุมชนตุ๊กตาชาววังบ้านบางเสด็จ", name_en="Ban Bang Sadet Court Doll Community",
                                 story="ชุมชนริมแม่น้ำเจ้าพระยา", story_en="A community on the Chao Phraya river")
    program = ProgramFactory(
        community=community, title_th="ครึ่งวันปั้นตุ๊กตาชาววัง", title_en="Half a day making court dolls",
        summary="ชมช่างปั้นและปั้นตุ๊กตาของตัวเอง", summary_en="Watch the artisans and mould a doll of your own",
        included="วัสดุปั้นตุ๊กตา\nน้ำดื่ม", included_en="A doll-making kit\nDrinking water",
        price_per_person=Decimal("450.00"), items=False)
    workshop = ActivityFactory(community=community, title_th="เวิร์กช็อปปั้นตุ๊กตา",
                               title_en="Court doll workshop", description="ปั้นและแต่งตัวตุ๊กตา")
    ProgramItem.objects.create(program=program, activity=workshop, order=1, start_time=datetime.time(9, 0),
                               end_time=datetime.time(11, 0), note="เจอกันที่ศูนย์", note_en="Meet at the centre")
    return program


# --- The accessor and the price ----------------------------------------------------------------------------


def test_it_reads_the_english_value_in_english_and_the_thai_one_in_thai(program):
    with translation.override("en"):
        assert localized(program, "title") == ("Half a day making court dolls", False)
        assert localized(program, "summary").text == "Watch the artisans and mould a doll of your own"
    with translation.override("th"):
        assert localized(program, "title") == ("ครึ่งวันปั้นตุ๊กตาชาววัง", False)
        assert localized(program, "summary").text == "ชมช่างปั้นและปั้นตุ๊กตาของตัวเอง"


def test_an_empty_english_value_falls_back_to_thai_and_says_so(program):
    program.summary_en = "   "
    with translation.override("en"):
        assert localized(program, "summary") == ("ชมช่างปั้นและปั้นตุ๊กตาของตัวเอง", True)


def test_area_names_come_from_the_dopa_english_names():
    assert District.objects.get(code="1503").name_en == "Pa Mok"
    bang_sadet = Subdistrict.objects.select_related("district").get(code="150305")
    with translation.override("en"):
        assert area_line(bang_sadet, 3) == "Moo 3, Bang Sadet, Pa Mok, Ang Thong"
        assert str(bang_sadet.district) == "Pa Mok"
    with translation.override("th"):
        assert area_line(bang_sadet, 3) == "หมู่ 3 ต.บางเสด็จ อ.ป่าโมก จ.อ่างทอง"
        assert str(bang_sadet.district) == "ป่าโมก"


@pytest.mark.parametrize(("amount", "unit_th", "unit_en", "language", "expected"), [
    (Decimal("450.00"), "คน", "", "en", "฿450 per person"),
    (Decimal("1350"), "คน", "", "en", "฿1,350 per person"),
    (Decimal("65.50"), "กระปุก 200 ก.", "200 g jar", "en", "฿65.50 per 200 g jar"),
    (Decimal("390"), "ใบ", "", "en", "฿390 per piece"),
    (Decimal("450.00"), "คน", "", "th", "฿450.00 / คน"),
    (Decimal("65.50"), "กระปุก 200 ก.", "200 g jar", "th", "฿65.50 / กระปุก 200 ก."),
    (None, "คน", "", "en", ""),
])
def test_prices_read_naturally_in_each_language(amount, unit_th, unit_en, language, expected):
    assert price_per(amount, unit_th, unit_en, language=language) == expected


# --- Pages ----------------------------------------------------------------------------------------------------


def test_an_english_visitor_reads_the_english_title_itinerary_and_inclusions(program):
    url = reverse("tourism:program_detail", args=[program.slug])
    page = text_of(english_client().get(url))
    for english in ("Half a day making court dolls", "Watch the artisans and mould a doll of your own",
                    "A doll-making kit", "Drinking water", "Court doll workshop", "Meet at the centre",
                    "Ban Bang Sadet Court Doll Community", "฿450 per person", "Bang Sadet, Pa Mok, Ang Thong"):
        assert english in page, english
    for thai in ("ครึ่งวันปั้นตุ๊กตาชาววัง", "วัสดุปั้นตุ๊กตา", "เวิร์กช็อปปั้นตุ๊กตา", "ต.บางเสด็จ"):
        assert thai not in page, thai
    assert "In Thai" in page  # the workshop's description has no English version


def test_the_thai_page_stays_thai(program):
    page = text_of(Client().get(reverse("tourism:program_detail", args=[program.slug])))
    assert "ครึ่งวันปั้นตุ๊กตาชาววัง" in page and "วัสดุปั้นตุ๊กตา" in page and "เวิร์กช็อปปั้นตุ๊กตา" in page
    assert "In Thai" not in page
    assert "฿450 / คน" not in page and "฿450.00 / คน" in text_of(Client().get(reverse("tourism:program_list")))


def test_missing_english_falls_back_to_thai_with_a_lang_marker(program):
    program.summary_en = ""
    program.save(update_fields=["summary_en"])
    html = english_client().get(reverse("tourism:program_detail", args=[program.slug])).content.decode()
    marked = re.search(r'<div lang="th" class="in-thai">(.*?)</div> <small class="lang-fallback">In Thai</small>',
                       html, re.S)
    assert marked and "ชมช่างปั้นและปั้นตุ๊กตาของตัวเอง" in marked.group(1)


def test_a_product_card_and_page_read_english_with_its_unit(group):
    product = ProductFactory(group=group, name_th="น้ำพริกเผา", name_en="Roasted chili paste", price=Decimal("65"),
                             unit="กระปุก", unit_en="jar", description="น้ำพริกเผาสูตรดั้งเดิม",
                             description_en="Roasted chili paste to the old recipe")
    detail = text_of(english_client().get(product.get_absolute_url()))
    assert "Roasted chili paste to the old recipe" in detail and "฿65 per jar" in detail
    assert "น้ำพริกเผาสูตรดั้งเดิม" not in detail
    listing = text_of(english_client().get(reverse("products:list")))
    assert "Roasted chili paste" in listing and "฿65 per jar" in listing
    assert "฿65.00 / กระปุก" in text_of(Client().get(reverse("products:list")))


# --- Forms, admin, API ---------------------------------------------------------------------------------------


def test_the_producer_form_saves_both_languages(client_for, owner, group):
    response = client_for(owner).post("/products/new/", {
        "group": group.pk, "name_th": "กลองทัดจิ๋ว", "name_en": "Miniature drum", "product_type": "household",
        "price": "350", "unit": "ใบ", "unit_en": "piece", "description": "กลองทัดขนาดเล็ก",
        "description_en": "A small thon drum", "story": "", "story_en": "Made by the Ekkarat drum makers"})
    assert response.status_code == 302
    product = Product.objects.get(name_th="กลองทัดจิ๋ว")
    assert (product.name_en, product.unit_en, product.description_en, product.story_en) == (
        "Miniature drum", "piece", "A small thon drum", "Made by the Ekkarat drum makers")


def test_english_is_optional_on_the_form(client_for, owner, group):
    response = client_for(owner).post("/products/new/", {"group": group.pk, "name_th": "ตะกร้าไม้ไผ่",
                                                         "product_type": "household"})
    assert response.status_code == 302
    assert Product.objects.get(name_th="ตะกร้าไม้ไผ่").description_en == ""


def test_the_admin_saves_both_languages_through_the_service(client_for, staff):
    community = CommunityFactory()
    response = client_for(staff).post(reverse("admin:tourism_activity_add"), {
        "community": community.pk, "title_th": "ทำขนมไทย", "title_en": "Making Thai desserts", "slug": "desserts",
        "activity_type": "local_cooking", "description": "ทำขนมชั้น", "description_en": "Make layered khanom chan",
        "duration_minutes": "90", "price_per_person": "250", "min_group_size": "1", "max_group_size": "20"})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    activity = Activity.objects.get(title_th="ทำขนมไทย")
    assert activity.title_en == "Making Thai desserts" and activity.description_en == "Make layered khanom chan"


def test_the_coordinators_program_page_saves_the_english_itinerary(client_for, staff, program):
    item = program.items.get()
    tourism_services.program_update(actor=SYSTEM, program=program, items=[
        {"day": 1, "start_time": item.start_time, "end_time": item.end_time, "activity": item.activity,
         "note": "เจอกันที่ศาลา", "note_en": "Meet at the pavilion"}])
    assert program.items.get().note_en == "Meet at the pavilion"


def test_the_api_answers_both_languages_under_the_existing_names(client, program):
    rows = client.get("/api/v1/tourism/programs/").json()["results"]
    row = next(r for r in rows if r["slug"] == program.slug)
    assert row["title_th"] == "ครึ่งวันปั้นตุ๊กตาชาววัง" and row["title_en"] == "Half a day making court dolls"
    assert row["summary"] == "ชมช่างปั้นและปั้นตุ๊กตาของตัวเอง"
    assert row["summary_en"] == "Watch the artisans and mould a doll of your own"
    assert row["included_en"] == "A doll-making kit\nDrinking water"
    detail = client.get(f"/api/v1/tourism/programs/{program.slug}/").json()
    assert detail["items"][0]["note_en"] == "Meet at the centre"


def test_the_api_writes_english_and_still_refuses_unknown_fields(api_for, owner, group):
    product = ProductFactory(group=group)
    response = api_for(owner).patch(f"/api/v1/products/{product.pk}/", {"description_en": "Hand-moulded"},
                                    format="json")
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.description_en == "Hand-moulded"
    refused = api_for(owner).patch(f"/api/v1/products/{product.pk}/", {"description_fr": "x"}, format="json")
    assert refused.status_code == 400


# --- Search -------------------------------------------------------------------------------------------------


def test_search_finds_records_by_english_words(client, program, group):
    ProductFactory(group=group, name_th="ข้าวหอมมะลิ", name_en="Jasmine rice",
                   description_en="Chemical-free rice milled every week")
    rebuild()
    titles = [r["title"] for r in client.get("/api/v1/search/", {"q": "jasmine"}).json()["results"]]
    assert "ข้าวหอมมะลิ" in titles
    titles = [r["title"] for r in client.get("/api/v1/search/", {"q": "milled"}).json()["results"]]
    assert "ข้าวหอมมะลิ" in titles  # an English description word
    rows = client.get("/api/v1/search/", {"q": "artisans"}).json()["results"]
    assert [r["title_en"] for r in rows] == ["Half a day making court dolls"]  # the English summary
    page = text_of(english_client().get("/search/", {"q": "jasmine"}))
    assert "Jasmine rice" in page and "Chemical-free rice milled every week" in page
    assert "ข้าวหอมมะลิ" in text_of(Client().get("/search/", {"q": "jasmine"}))


# --- The page cache keeps the languages apart ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_keeps_english_and_thai_content_apart():
    caches["pages"].clear()
    community = CommunityFactory(name_th="ชุมชนบ้านเพชร", name_en="Ban Phet community")
    program = ProgramFactory(community=community, title_th="หนึ่งวันวิถีนาข้าว", title_en="A day in the rice fields")
    url = reverse("tourism:program_detail", args=[program.slug])
    try:
        Client().get(url), english_client().get(url)  # one entry per language
        thai, english = Client().get(url), english_client().get(url)
        assert thai.headers.get("X-Page-Cache") == "hit" and english.headers.get("X-Page-Cache") == "hit"
        assert "A day in the rice fields" in text_of(english) and "หนึ่งวันวิถีนาข้าว" not in text_of(english)
        assert re.search(r"<h1>\s*หนึ่งวันวิถีนาข้าว", thai.content.decode())
        assert re.search(r"<h1>\s*A day in the rice fields", english.content.decode())
        tourism_services.program_update(actor=SYSTEM, program=program, title_en="Rice fields of Ban Phet")
        fresh = english_client().get(url)
        assert fresh.headers.get("X-Page-Cache") == "miss" and "Rice fields of Ban Phet" in text_of(fresh)
    finally:
        caches["pages"].clear()


# --- English pages keep a constant number of queries ---------------------------------------------------------


@pytest.mark.parametrize("url_name", ["products:list", "tourism:program_list", "tourism:community_list",
                                      "wisdom:list", "search"])
def test_english_lists_keep_a_constant_number_of_queries(url_name, assert_constant_queries, group):
    from tests.factories.wisdom import WisdomRecordFactory

    client = english_client()
    url = reverse(url_name) + ("?q=doll" if url_name == "search" else "")

    def add(n):
        for i in range(n):
            community = CommunityFactory(name_en=f"Doll community {i}", story_en="Dolls")
            ProgramFactory(community=community, title_en=f"Doll day {i}", summary_en="Dolls")
            ProductFactory(group=group, name_en=f"Doll {i}", description_en="A doll", unit_en="piece")
            WisdomRecordFactory(title_en=f"Doll wisdom {i}", summary_en="Dolls")
        rebuild()

    add(3)
    assert assert_constant_queries(lambda: client.get(url), lambda: add(27)) > 0  # rendered, not cached
