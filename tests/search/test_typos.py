"""Typo tolerance for Latin words ("did you mean"), from a lexicon of the indexed Latin words (no pg_trgm)."""

import pytest

from products.models import Product
from search import lexicon
from search.index import index_object, rebuild
from search.models import SearchTerm
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def pottery(group):
    items = [
        Product.objects.create(
            group=group,
            name_th="เครื่องปั้นดินเผาบ้านบางเสด็จ",
            slug="pots",
            name_en="Ang Thong pottery",
            product_type="household",
            status="published",
            description="ปั้นมือ",
        ),
        Product.objects.create(
            group=group,
            name_th="ตุ๊กตาชาววัง",
            slug="dolls",
            name_en="Court dolls",
            product_type="household",
            status="published",
        ),
    ]
    rebuild()
    return items


def search(client, q, **params):
    response = client.get("/api/v1/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.json()


def test_it_corrects_a_misspelt_latin_word(client, pottery):
    data = search(client, "potery")
    assert data["suggestion"] == "pottery"
    assert [r["title"] for r in data["results"]] == ["เครื่องปั้นดินเผาบ้านบางเสด็จ"]
    assert "<mark>pottery</mark>" in data["results"][0]["snippet"]


def test_it_corrects_two_latin_words_typed_together(client, pottery):
    data = search(client, "angtong")
    assert data["suggestion"] == "ang thong"
    assert [r["title"] for r in data["results"]] == ["เครื่องปั้นดินเผาบ้านบางเสด็จ"]


def test_it_corrects_a_latin_word_beside_thai_words(client, pottery):
    data = search(client, "ดินเผา potery")
    assert data["suggestion"] == "ดินเผา pottery"
    assert [r["title"] for r in data["results"]] == ["เครื่องปั้นดินเผาบ้านบางเสด็จ"]


def test_it_suggests_nothing_when_the_words_as_typed_find_something(client, pottery):
    data = search(client, "pottery")
    assert data["suggestion"] is None and data["count"] == 1
    assert search(client, "pot")["suggestion"] is None  # a prefix of a known word is not a typo


def test_it_does_not_correct_words_too_far_or_too_short(client, pottery):
    assert search(client, "xylophone") == {**search(client, "xylophone"), "count": 0, "suggestion": None}
    assert search(client, "potttteryy")["count"] == 0  # three edits away
    assert search(client, "dols")["suggestion"] == "dolls"  # four letters: one edit allowed
    assert search(client, "pts")["count"] == 0  # three letters: never corrected


def test_the_page_says_what_was_searched_instead(client, pottery):
    page = client.get("/search/", {"q": "potery"}).content.decode()
    assert "แสดงผลลัพธ์ของ “pottery” แทน" in page and "เครื่องปั้นดินเผาบ้านบางเสด็จ" in page


def test_the_lexicon_follows_the_index(group, pottery):
    assert {"pottery", "angthong", "court", "dolls"} <= set(SearchTerm.objects.values_list("term", flat=True))
    assert SearchTerm.objects.get(term="angthong").phrase == "ang thong"
    product = pottery[1]
    product.name_en = "Court figurines"
    product.save()
    index_object(product)
    assert SearchTerm.objects.filter(term="figurines").exists()
    rebuild()  # the nightly rebuild drops words no longer indexed
    assert not SearchTerm.objects.filter(term="dolls").exists()


def test_it_keeps_visibility_in_the_corrected_search(client, client_for, owner, group):
    Product.objects.create(
        group=group,
        name_th="กลองยาว",
        slug="drum",
        name_en="Long drum",
        status="draft",
        product_type="household",
    )
    rebuild()
    assert not SearchTerm.objects.filter(term="drum").exists()  # drafts are not indexed, nor their words
    assert search(client, "drun")["count"] == 0


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("potery", "pottery", 2, 1),
        ("angtong", "angthong", 2, 1),
        ("basktry", "basketry", 1, 1),
        ("kitten", "sitting", 3, 3),
        ("kitten", "sitting", 1, 2),
        ("abc", "abcdef", 1, 2),
        ("same", "same", 0, 0),
    ],
)
def test_it_measures_edit_distance_with_a_limit(a, b, limit, expected):
    assert lexicon.distance(a, b, limit) == expected


def test_terms_pair_adjacent_latin_words_only():
    assert lexicon.terms_of(["ang", "thong", "อ่างทอง", "ok", "pottery"]) == {
        "ang": "ang",
        "thong": "thong",
        "angthong": "ang thong",
        "pottery": "pottery",
        "okpottery": "ok pottery",
    }


def test_the_suggestion_keeps_the_text_as_typed_but_the_corrected_word(client, pottery):
    assert search(client, "Potery  ดินเผา")["suggestion"] == "pottery ดินเผา"
    assert search(client, "ดินเผาpotery")["suggestion"] == "ดินเผา pottery"  # glued: the segmented words


def test_it_never_suggests_a_word_only_members_may_see(client, client_for, owner, pottery):
    WisdomRecord.objects.create(
        title_th="สูตรน้ำพริก chilipaste",
        slug="chili",
        category="food",
        subdistrict_id="150503",
        status="published",
        access_level="members",
    )
    rebuild()
    assert SearchTerm.objects.filter(term="chilipaste").exists()
    assert search(client, "chilipasta") == {**search(client, "chilipasta"), "count": 0, "suggestion": None}
    data = search(client_for(owner), "chilipasta")
    assert data["suggestion"] == "chilipaste" and data["count"] == 1
