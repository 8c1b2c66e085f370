"""Thai-aware search on a corpus of real Thai text (Ang Thong products, crafts, places)."""

import pytest

from core import permissions
from products.models import Product
from search.index import index_object, rebuild
from search.models import SearchEntry
from tests.factories import core as f
from tourism.models import Program, TourismCommunity
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(group):
    basketry = f.ProducerGroupFactory(name_th="กลุ่มจักสานไม้ไผ่บ้านบางเจ้าฉ่า", subdistrict_id="150414")
    items = {
        "dolls": Product.objects.create(group=group, name_th="ตุ๊กตาชาววังชุดไทยประยุกต์", slug="dolls",
                                        name_en="Court dolls", product_type="household", status="published",
                                        description="ตุ๊กตาดินเหนียวปั้นมือจากบ้านบางเสด็จ อำเภอป่าโมก"),
        "basket": Product.objects.create(group=basketry, name_th="เครื่องจักสานไม้ไผ่ลายขิด", slug="basket",
                                         name_en="Bamboo basketry handbag", product_type="household",
                                         status="published", description="กระเป๋าสานจากไม้ไผ่สีสุก"),
        "drum_draft": Product.objects.create(group=group, name_th="กลองยาวเอกราช", slug="drum", status="draft",
                                             product_type="household"),
        "soap_body": Product.objects.create(group=group, name_th="สบู่เหลวสมุนไพร", slug="soap",
                                            product_type="herbal", status="published",
                                            description="ของฝากคู่กับตุ๊กตาชาววัง"),
    }
    community = TourismCommunity.objects.create(name_th="ชุมชนบ้านเพชร", slug="ban-phet", subdistrict_id="150505",
                                                story="โฮมสเตย์ นาข้าวหอมมะลิ ศูนย์เรียนรู้เศรษฐกิจพอเพียง",
                                                status="published")
    items["program"] = Program.objects.create(community=community, title_th="หนึ่งวันวิถีชาวนาบ้านเพชร",
                                              slug="one-day", status="published")
    items["public_wisdom"] = WisdomRecord.objects.create(
        title_th="การทำกลองบ้านเอกราช", slug="drums", category="arts", subdistrict_id="150307",
        status="published", access_level="public")
    items["members_wisdom"] = WisdomRecord.objects.create(
        title_th="สูตรน้ำพริกเผาโบราณ", slug="chili", category="food", subdistrict_id="150503",
        status="published", access_level="members")
    items["restricted_wisdom"] = WisdomRecord.objects.create(
        title_th="พิธีไหว้ครูช่างปั้นตุ๊กตา", slug="rite", category="beliefs", subdistrict_id="150305",
        status="published", access_level="restricted")
    rebuild()
    return items


def titles(client, q, **params):
    data = client.get("/api/v1/search/", {"q": q, **params}).json()
    return [row["title"] for row in data["results"]]


def test_a_word_inside_a_compound_is_found(client, corpus):
    assert "ตุ๊กตาชาววังชุดไทยประยุกต์" in titles(client, "ตุ๊กตา")
    assert "เครื่องจักสานไม้ไผ่ลายขิด" in titles(client, "จักสาน")
    assert "เครื่องจักสานไม้ไผ่ลายขิด" in titles(client, "ไม้ไผ่")


def test_place_names_find_their_content(client, corpus):
    assert "ตุ๊กตาชาววังชุดไทยประยุกต์" in titles(client, "บางเสด็จ")
    assert "หนึ่งวันวิถีชาวนาบ้านเพชร" in titles(client, "ข้าวหอมมะลิ")


def test_english_and_mixed_queries_work(client, corpus):
    assert titles(client, "basket") == ["เครื่องจักสานไม้ไผ่ลายขิด"]  # prefix of basketry
    assert "ตุ๊กตาชาววังชุดไทยประยุกต์" in titles(client, "court ตุ๊กตา")


def test_title_matches_rank_first(client, corpus):
    found = titles(client, "ตุ๊กตาชาววัง", kind="products")
    assert found[0] == "ตุ๊กตาชาววังชุดไทยประยุกต์"
    assert "สบู่เหลวสมุนไพร" in found  # body match, ranked after


def test_misses_are_misses(client, corpus):
    assert titles(client, "ทุเรียน") == []
    assert titles(client, "xylophone") == []


def test_a_latin_typo_degrades_gracefully(client, corpus):
    response = client.get("/api/v1/search/", {"q": "bamboo baskte"})
    assert response.status_code == 200
    assert "เครื่องจักสานไม้ไผ่ลายขิด" in [r["title"] for r in response.json()["results"]]


def test_only_what_the_visitor_may_see_is_searched(client, client_for, corpus, owner):
    assert titles(client, "กลอง") == ["การทำกลองบ้านเอกราช"]  # the draft drum product is not there
    assert titles(client, "น้ำพริก") == []  # members-only wisdom: not for anonymous
    logged_in = client_for(owner)
    assert titles(logged_in, "น้ำพริก") == ["สูตรน้ำพริกเผาโบราณ"]
    assert "พิธีไหว้ครูช่างปั้นตุ๊กตา" not in titles(logged_in, "ตุ๊กตา")  # restricted never indexed


def test_snippets_highlight_the_match_and_escape_html(client, corpus):
    product = corpus["basket"]
    product.description = "<b>กระเป๋า</b>สานจากไม้ไผ่สีสุก"
    product.save()
    index_object(product)
    row = client.get("/api/v1/search/", {"q": "ไม้ไผ่"}).json()["results"][0]
    assert "<mark>ไม้ไผ่</mark>" in row["snippet"] and "&lt;b&gt;" in row["snippet"]


def test_the_index_follows_saves_and_deletes(client, corpus, django_capture_on_commit_callbacks):
    product = corpus["dolls"]
    with django_capture_on_commit_callbacks(execute=True):
        product.status = "draft"
        product.save()
    assert "ตุ๊กตาชาววังชุดไทยประยุกต์" not in titles(client, "ตุ๊กตา")
    with django_capture_on_commit_callbacks(execute=True):
        corpus["basket"].delete()
    assert not SearchEntry.objects.filter(title="เครื่องจักสานไม้ไผ่ลายขิด").exists()


def test_filters_by_kind_and_district(client, corpus):
    assert titles(client, "บ้าน", kind="programs") == ["หนึ่งวันวิถีชาวนาบ้านเพชร"]
    assert "หนึ่งวันวิถีชาวนาบ้านเพชร" not in titles(client, "บ้าน", district="1503")


def test_an_empty_query_is_a_clear_json_error(client):
    response = client.get("/api/v1/search/")
    assert response.status_code == 400 and "q" in response.json()


def test_the_page_groups_results_by_kind(client, corpus):
    page = client.get("/search/", {"q": "ตุ๊กตา"}).content.decode()
    assert "ผลิตภัณฑ์ OTOP" in page and "<mark>ตุ๊กตา</mark>" in page


def test_search_keeps_a_constant_number_of_queries(client, corpus, assert_constant_queries, group):
    def grow():
        for i in range(27):
            p = Product.objects.create(group=group, name_th=f"ตุ๊กตาชาววังแบบที่ {i}", slug=f"d{i}",
                                       product_type="household", status="published")
            index_object(p)

    assert_constant_queries(lambda: client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page_size": 50}), grow)
    assert_constant_queries(lambda: client.get("/search/", {"q": "ตุ๊กตา"}), lambda: None)


def test_knowledge_items_and_experts_are_searchable_by_their_visibility(client, client_for, owner):
    from network.models import ExpertProfile, KnowledgeItem

    KnowledgeItem.objects.create(title="เทคนิคย้อมสีจักสานไม้ไผ่ให้สีไม่ตก", slug="dye", kind="howto",
                                 summary="ขั้นตอนการย้อมสีธรรมชาติ", status="published", tags=["จักสาน", "ย้อมสี"])
    KnowledgeItem.objects.create(title="ร่างบทความจักสาน", slug="draft", kind="article", status="draft")
    ExpertProfile.objects.create(name="อาจารย์ออกแบบบรรจุภัณฑ์", slug="pack", visibility="public",
                                 expertise=["packaging"], bio="ออกแบบกล่องตุ๊กตาชาววัง")
    ExpertProfile.objects.create(name="ที่ปรึกษาการเงินชุมชน", slug="fin", visibility="members",
                                 expertise=["finance"], bio="วางแผนการเงินกลุ่มจักสาน")
    rebuild()
    assert titles(client, "จักสาน", kind="knowledge") == ["เทคนิคย้อมสีจักสานไม้ไผ่ให้สีไม่ตก"]
    assert titles(client, "ตุ๊กตาชาววัง", kind="experts") == ["อาจารย์ออกแบบบรรจุภัณฑ์"]
    assert titles(client, "การเงิน", kind="experts") == []
    assert titles(client_for(owner), "การเงิน", kind="experts") == ["ที่ปรึกษาการเงินชุมชน"]


def test_unpublishing_a_community_takes_its_programs_out_of_search(client, corpus,
                                                                 django_capture_on_commit_callbacks):
    community = corpus["program"].community
    with django_capture_on_commit_callbacks(execute=True):
        community.status = "draft"
        community.save()
    assert titles(client, "ชาวนา") == []


def test_the_sitemap_lists_only_public_content(client, corpus):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/products/dolls/" in xml and "/wisdom/drums/" in xml
    assert "/products/drum/" not in xml  # draft
    assert "/wisdom/chili/" not in xml and "/wisdom/rite/" not in xml  # members-only, restricted


def test_what_a_models_visible_to_hides_is_not_indexed_until_it_is_shown(
        client, client_for, owner, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = WisdomRecord.objects.create(title_th="ตำรายาสมุนไพรประจำตระกูล", slug="herbs", category="herbal",
                                             subdistrict_id="150305", status="published",
                                             access_level="restricted")
        product = Product.objects.create(group=group, name_th="หมอนขิดลายโบราณ", slug="pillow",
                                         product_type="household", status="draft")
    assert not WisdomRecord.objects.visible_to(permissions.ANONYMOUS).filter(pk=record.pk).exists()
    assert not SearchEntry.objects.filter(title__in=[record.title_th, product.name_th]).exists()
    assert titles(client_for(owner), "สมุนไพร") == [] and titles(client, "หมอนขิด") == []

    with django_capture_on_commit_callbacks(execute=True):
        record.access_level = "members"
        record.save()
        product.status = "published"
        product.save()
    assert SearchEntry.objects.get(title=record.title_th).visibility == "members"
    assert titles(client, "สมุนไพร") == []
    assert titles(client_for(owner), "สมุนไพร") == ["ตำรายาสมุนไพรประจำตระกูล"]
    assert titles(client, "หมอนขิด") == ["หมอนขิดลายโบราณ"]
    assert rebuild()["wisdom"] == 1  # the rebuild reads the same querysets

    with django_capture_on_commit_callbacks(execute=True):
        record.access_level = "restricted"
        record.save()
    assert titles(client_for(owner), "สมุนไพร") == []


def test_cancelled_events_keep_their_page_but_leave_search(client, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from network.models import Event

    start = timezone.now() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        event = Event.objects.create(title="อบรมการย้อมผ้าด้วยสีธรรมชาติ", slug="dye-course", kind="training",
                                     starts_at=start, ends_at=start + dt.timedelta(hours=3), status="published")
    assert titles(client, "ย้อมผ้า") == ["อบรมการย้อมผ้าด้วยสีธรรมชาติ"]
    with django_capture_on_commit_callbacks(execute=True):
        event.status = "cancelled"
        event.save()
    assert Event.objects.visible_to(permissions.ANONYMOUS).filter(pk=event.pk).exists()
    assert titles(client, "ย้อมผ้า") == []
