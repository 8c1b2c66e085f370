"""Every list keeps a constant number of queries (3 rows, then 30)."""

import pytest

from products import services
from products.models import ProductPhoto
from tests.factories.products import ProductFactory
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


def add_products(group, n, staff, start=0):
    for i in range(start, start + n):
        p = ProductFactory(group=group, slug=f"q-{i}", name_th=f"สินค้า {i}")
        ProductPhoto.objects.create(product=p, image=f"products/photos/{i}.jpg", thumbnail=f"products/thumbs/{i}.jpg")
        p.star_ratings.create(year=2567, stars=4)
        p.certifications.create(kind="tcps", number=str(i))
        w = WisdomRecord.objects.create(title_th=f"ภูมิปัญญา {i}", slug=f"wq-{i}", category="handicraft",
                                        subdistrict_id="150305", status="published")
        p.wisdom_records.add(w)
        services.assessment_record(actor=staff, product=p, fiscal_year=2570, answers="1.3 2.3 3.3 4.4 5.4".split())


def add_projects(group, n, staff, start=0):
    for i in range(start, start + n):
        services.project_create(actor=staff, group=group, title=f"โครงการ {i}", fiscal_year=2570, idea="x")


PRODUCT_URLS = ["/products/", "/products/?stars=3&standard=tcps", "/api/v1/products/",
                "/api/v1/products/?quadrant=D&year=2570", "/products/mine/", "/products/quadrants/?year=2570", "/"]
PROJECT_URLS = ["/products/pipeline/", "/products/pipeline/?district=1503&fiscal_year=2570",
                "/api/v1/development-projects/"]


def counts(client, urls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = {}
    for url in urls:
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        result[url] = len(ctx.captured_queries)
    return result


@pytest.mark.parametrize("who", ["anonymous", "owner", "staff"])
def test_it_keeps_product_lists_constant(client_for, users, group, staff, who):
    """Every product list (page and API, with filters) for 3 rows and then 30 rows."""
    urls = [u for u in PRODUCT_URLS
            if not (who != "staff" and "quadrants" in u) and not (who == "anonymous" and "mine" in u)]
    add_products(group, 3, staff)
    c = client_for(users[who])
    before = counts(c, urls)
    add_products(group, 27, staff, start=3)
    assert counts(c, urls) == before


@pytest.mark.parametrize("who", ["owner", "staff"])
@pytest.mark.parametrize("url", PROJECT_URLS)
def test_it_keeps_project_lists_constant(client_for, users, group, staff, assert_constant_queries, who, url):
    add_projects(group, 3, staff)
    c = client_for(users[who])
    assert_constant_queries(lambda: c.get(url), lambda: add_projects(group, 27, staff, start=3))


def test_it_keeps_the_assessment_history_constant(api_for, staff, group, product, assert_constant_queries):
    api = api_for(staff)

    def grow():
        for fy in range(2545, 2572):
            services.assessment_record(actor=staff, product=product, fiscal_year=fy,
                                       answers="1.3 2.3 3.3 4.4 5.4".split())
    for fy in (2572, 2573, 2574):
        services.assessment_record(actor=staff, product=product, fiscal_year=fy, answers="1.3 2.3 3.3 4.4 5.4".split())
    assert_constant_queries(lambda: api.get(f"/api/v1/products/{product.pk}/assessments/"), grow)
    assert_constant_queries(lambda: api_for(staff).get(product.get_absolute_url()), lambda: None)


def test_it_keeps_the_marketing_skills_list_constant(api_for, staff, assert_constant_queries):
    import datetime as dt

    from products.choices import MarketingSkill
    from tests.factories.core import ProducerGroupFactory

    def add(n_groups):
        for _ in range(n_groups):
            g = ProducerGroupFactory()
            for skill in MarketingSkill.values:
                services.marketing_skill_set(actor=staff, group=g, skill=skill, achieved_on=dt.date(2026, 11, 1))

    add(1)
    api = api_for(staff)
    assert_constant_queries(lambda: api.get("/api/v1/marketing-skills/"), lambda: add(4))
