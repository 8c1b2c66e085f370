import pytest

from products import services
from products.choices import PublishStatus
from tests.factories.products import ProductFactory


@pytest.fixture
def product(group):
    return ProductFactory(group=group, name_th="ตุ๊กตาชาววังชุดรำไทย", slug="court-doll")


@pytest.fixture
def draft(group):
    return ProductFactory(group=group, name_th="ร่างตุ๊กตา", slug="draft-doll", status=PublishStatus.DRAFT)


@pytest.fixture
def other_product(other_group):
    return ProductFactory(group=other_group, name_th="กลองยาว", slug="long-drum")


@pytest.fixture
def project(group, staff, product):
    return services.project_create(actor=staff, group=group, title="พัฒนากล่องตุ๊กตา", fiscal_year=2570,
                                   product=product, idea="กล่องของขวัญ")


@pytest.fixture
def new_idea_project(group, staff):
    return services.project_create(actor=staff, group=group, title="ไอเดียใหม่", fiscal_year=2570, idea="พวงกุญแจ")
