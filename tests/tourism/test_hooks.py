"""What tourism contributes to lower apps' pages through core.registry (they never import tourism)."""

import pytest

from core import registry
from tests.factories import core as cf
from tests.factories.products import ProductFactory
from tests.factories.tourism import CommunityFactory, ProgramFactory
from tourism.choices import PublishStatus

pytestmark = pytest.mark.django_db


def test_it_gives_the_products_app_the_programs_of_the_products_group_communities():
    group = cf.ProducerGroupFactory()
    community = CommunityFactory()
    community.producer_groups.add(group)
    published = ProgramFactory(community=community, title_th="ปั้นตุ๊กตาหนึ่งวัน")
    ProgramFactory(community=community, status=PublishStatus.DRAFT)
    ProgramFactory()  # a community the group is not part of
    product = ProductFactory(group=group)

    [programs] = registry.collect("products.related_programs", user=None, product=product)
    assert list(programs) == [published]
    assert programs.query.select_related == {"community": {}}
    coordinator = cf.producer()
    community.coordinators.add(coordinator)
    [mine] = registry.collect("products.related_programs", user=coordinator, product=product)
    assert mine.count() == 2  # a coordinator also sees the community's drafts, as on its other pages
