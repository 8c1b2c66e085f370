import factory
from factory.django import DjangoModelFactory

from core.choices import EntrepreneurType, PartnerType, Role
from core.models import GroupMembership, PartnerOrganisation, ProducerGroup, User

PASSWORD = "pass-for-tests-123"


class PartnerOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name_th = factory.Sequence(lambda n: f"มหาวิทยาลัยราชภัฏทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    org_type = PartnerType.RAJABHAT


class ProducerGroupFactory(DjangoModelFactory):
    """Needs the areas loaded (the `areas` fixture, autouse in tests/conftest.py)."""

    class Meta:
        model = ProducerGroup

    name_th = factory.Sequence(lambda n: f"กลุ่มจักสานทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    entrepreneur_type = EntrepreneurType.COMMUNITY_GROUP
    subdistrict_id = "150305"  # ต.บางเสด็จ อ.ป่าโมก
    village_no = 2


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    role = Role.PRODUCER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.save()
        for group in extracted or []:
            GroupMembership.objects.create(user=self, group=group)


def staff(**kw):
    return UserFactory(role=Role.STAFF, **kw)


def producer(*groups, **kw):
    return UserFactory(role=Role.PRODUCER, groups=list(groups), **kw)


def partner(org=None, **kw):
    return UserFactory(role=Role.PARTNER, partner_organisation=org or PartnerOrganisationFactory(), **kw)


def expert(**kw):
    return UserFactory(role=Role.EXPERT, **kw)
