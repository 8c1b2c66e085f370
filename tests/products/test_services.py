import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from products import services
from products.choices import PublishStatus, Stage
from products.models import (
    DevelopmentProject,
    Product,
    ProductPhoto,
    StageAttachment,
    StageRecord,
    StageTransition,
    StarRating,
)
from tests.factories.products import ProductFactory, image_upload, pdf_upload
from tests.factories.wisdom import KnowledgeHolderFactory
from wisdom.models import HolderConsent, WisdomRecord

pytestmark = pytest.mark.django_db


def wisdom(group, consent):
    rec = WisdomRecord.objects.create(title_th=f"ภูมิปัญญา {consent}", slug=f"w-{consent}", category="handicraft",
                                      subdistrict_id="150305", owner_group=group, status="published")
    if consent:
        holder = KnowledgeHolderFactory(record=rec, name="ปราชญ์", scopes=() if consent == "pending" else None)
        if consent == "withdrawn":
            HolderConsent.objects.filter(holder=holder, scope="product").update(withdrawn_on=dt.date(2026, 3, 1))
    return rec


class TestCatalogue:
    def test_it_creates_a_draft_with_a_thai_slug(self, owner, group):
        p = services.product_create(actor=owner, group=group, name_th="ตุ๊กตาชาววัง ชุดรำไทย",
                                    product_type="household", price=350)
        assert p.status == PublishStatus.DRAFT and p.slug and p.get_absolute_url().startswith("/products/")

    def test_it_refuses_a_duplicate_name_in_the_group_with_a_thai_message(self, owner, group):
        services.product_create(actor=owner, group=group, name_th="กลองยาว", product_type="household")
        with pytest.raises(ValidationError) as exc:
            services.product_create(actor=owner, group=group, name_th="กลองยาว", product_type="household")
        assert "กลุ่มนี้มีผลิตภัณฑ์ชื่อนี้อยู่แล้ว" in str(exc.value)
        assert Product.objects.filter(group=group).count() == 1

    def test_it_allows_the_same_name_in_another_group(self, owner, group, staff, other_group):
        services.product_create(actor=owner, group=group, name_th="กลองยาว", product_type="household")
        services.product_create(actor=staff, group=other_group, name_th="กลองยาว", product_type="household")

    def test_it_keeps_producers_out_of_other_groups(self, outsider, group):
        with pytest.raises(PermissionDenied):
            services.product_create(actor=outsider, group=group, name_th="x", product_type="food")
        p = ProductFactory(group=group)
        with pytest.raises(PermissionDenied):
            services.product_update(actor=outsider, product=p, name_th="เปลี่ยน")

    def test_it_refuses_a_negative_price(self, owner, group):
        with pytest.raises(ValidationError):
            services.product_create(actor=owner, group=group, name_th="x", product_type="food", price=-1)

    @pytest.mark.parametrize("consent, ok", [("granted", True), ("pending", False), ("withdrawn", False),
                                              (None, False)])
    def test_it_publishes_only_when_linked_wisdom_has_consent(self, owner, group, consent, ok):
        p = ProductFactory(group=group, status=PublishStatus.DRAFT)
        p.wisdom_records.add(wisdom(group, consent))
        if ok:
            assert services.product_publish(actor=owner, product=p).status == PublishStatus.PUBLISHED
        else:
            with pytest.raises(ValidationError) as exc:
                services.product_publish(actor=owner, product=p)
            assert "เผยแพร่ไม่ได้" in str(exc.value) and "ภูมิปัญญา" in str(exc.value)
            p.refresh_from_db()
            assert p.status == PublishStatus.DRAFT

    def test_it_refuses_linking_unconsented_wisdom_to_a_published_product(self, owner, group):
        p = ProductFactory(group=group)
        with pytest.raises(ValidationError):
            services.product_update(actor=owner, product=p, wisdom_records=[wisdom(group, "pending")])
        assert p.wisdom_records.count() == 0

    def test_it_stores_photos_without_exif_in_order_with_thumbnails(self, owner, group):
        from PIL import Image

        p = ProductFactory(group=group)
        first = services.product_photo_add(actor=owner, product=p, image=image_upload(exif=True, size=(1200, 900)))
        second = services.product_photo_add(actor=owner, product=p, image=image_upload(fmt="PNG", name="b.png"))
        assert (first.position, second.position) == (0, 1)
        with Image.open(first.image.path) as img:
            assert not img.getexif()
        with Image.open(first.thumbnail.path) as img:
            assert max(img.size) <= 480
        services.product_photos_reorder(actor=owner, product=p, photo_ids=[second.pk, first.pk])
        assert list(p.photos.values_list("pk", flat=True)) == [second.pk, first.pk]

    @pytest.mark.parametrize("upload", [
        lambda: image_upload(name="fake.jpg").__class__("fake.jpg", b"not an image", content_type="image/jpeg"),
        lambda: pdf_upload("x.jpg"),
    ])
    def test_it_refuses_files_that_are_not_images(self, owner, group, upload):
        p = ProductFactory(group=group)
        with pytest.raises(ValidationError) as exc:
            services.product_photo_add(actor=owner, product=p, image=upload())
        assert "รูปภาพ" in str(exc.value)
        assert not ProductPhoto.objects.exists()

    def test_it_refuses_a_decompression_bomb(self, owner, group, settings):
        settings.IMAGE_MAX_PIXELS = 100
        with pytest.raises(ValidationError):
            services.product_photo_add(actor=owner, product=ProductFactory(group=group),
                                       image=image_upload(size=(50, 50)))

    def test_it_keeps_one_star_rating_per_year_between_1_and_5(self, staff):
        p = ProductFactory()
        services.star_rating_set(actor=staff, product=p, year=2567, stars=3)
        services.star_rating_set(actor=staff, product=p, year=2567, stars=4)
        assert list(p.star_ratings.values_list("stars", flat=True)) == [4]
        with pytest.raises(ValidationError):
            services.star_rating_set(actor=staff, product=p, year=2565, stars=6)
        with pytest.raises(IntegrityError), transaction.atomic():
            StarRating.objects.create(product=p, year=2567, stars=2)
        with pytest.raises(IntegrityError), transaction.atomic():
            StarRating.objects.create(product=p, year=2569, stars=0)

    def test_it_flags_expired_certifications(self, owner, group):
        p = ProductFactory(group=group)
        old = services.certification_add(actor=owner, product=p, kind="tcps", number="มผช. 123/2560",
                                          expires_on=dt.date(2020, 1, 1))
        new = services.certification_add(actor=owner, product=p, kind="fda", number="15-2-00001-2-0001",
                                         expires_on=dt.date(2099, 1, 1))
        assert old.is_expired and not new.is_expired


def make_project(user, group, product=None, **kw):
    return services.project_create(actor=user, group=group, title="พัฒนาบรรจุภัณฑ์ตุ๊กตา", fiscal_year=2570,
                                   product=product, **kw)


class TestStageTransitions:
    def test_it_starts_at_assessment_with_one_record_per_stage(self, owner, group):
        project = make_project(owner, group, idea="กล่องของขวัญ")
        assert project.stage == Stage.ASSESSMENT
        assert list(project.stage_records.values_list("stage", flat=True)) == [s.value for s in Stage]
        assert project.stage_records.get(stage=Stage.ASSESSMENT).actual_date is not None

    def test_it_walks_every_stage_when_the_required_fields_are_there(self, owner, group, staff):
        product = ProductFactory(group=group, status=PublishStatus.DRAFT)
        project = make_project(owner, group, product=product)
        with pytest.raises(ValidationError, match="ประเมิน"):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.DESIGN)
        services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                   answers=["1.3", "2.3", "3.3", "4.4", "5.4"])
        project = services.project_move_stage(actor=owner, project=project, to_stage=Stage.DESIGN)

        with pytest.raises(ValidationError) as exc:
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.PROTOTYPE)
        assert "นักออกแบบ" in str(exc.value) and "เทคโนโลยี" in str(exc.value)
        services.project_update(actor=owner, project=project, designer_name="อ.วิไล", uses_packaging=True)
        project = services.project_move_stage(actor=owner, project=project, to_stage=Stage.PROTOTYPE)

        with pytest.raises(ValidationError, match="รูปถ่ายผลิตภัณฑ์ต้นแบบ"):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.MARKET_TEST)
        record = project.stage_records.get(stage=Stage.PROTOTYPE)
        services.stage_attachment_add(actor=owner, record=record, file=pdf_upload())
        with pytest.raises(ValidationError):  # a PDF is not a photo
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.MARKET_TEST)
        services.stage_attachment_add(actor=owner, record=record, file=image_upload())
        project = services.project_move_stage(actor=owner, project=project, to_stage=Stage.MARKET_TEST)

        with pytest.raises(ValidationError, match="ผลตอบรับ"):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.LAUNCH)
        services.project_update(actor=owner, project=project, market_feedback="ลูกค้าชอบ", trial_units_sold=40)
        project = services.project_move_stage(actor=owner, project=project, to_stage=Stage.LAUNCH)

        with pytest.raises(ValidationError, match="เผยแพร่"):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.FOLLOW_UP)
        services.product_publish(actor=owner, product=product)
        project = services.project_move_stage(actor=owner, project=project, to_stage=Stage.FOLLOW_UP)
        assert project.stage == Stage.FOLLOW_UP
        rec = project.stage_records.get(stage=Stage.FOLLOW_UP)
        assert rec.moved_by == owner and rec.actual_date is not None
        assert project.transitions.count() == 5

    @pytest.mark.parametrize("to_stage", [Stage.PROTOTYPE, Stage.LAUNCH])
    def test_it_refuses_skipping_by_a_producer(self, owner, group, to_stage):
        project = make_project(owner, group, idea="x")
        with pytest.raises(PermissionDenied):
            services.project_move_stage(actor=owner, project=project, to_stage=to_stage, reason="รีบ")
        project.refresh_from_db()
        assert project.stage == Stage.ASSESSMENT and not StageTransition.objects.exists()

    def test_it_refuses_going_back_by_a_producer(self, owner, group, staff):
        project = make_project(owner, group, idea="x")
        services.project_move_stage(actor=owner, project=project, to_stage=Stage.DESIGN)
        with pytest.raises(PermissionDenied):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.ASSESSMENT, reason="แก้")

    def test_it_lets_staff_skip_or_go_back_only_with_a_reason(self, owner, group, staff):
        project = make_project(owner, group, idea="x")
        with pytest.raises(ValidationError, match="เหตุผล"):
            services.project_move_stage(actor=staff, project=project, to_stage=Stage.MARKET_TEST)
        project = services.project_move_stage(actor=staff, project=project, to_stage=Stage.MARKET_TEST,
                                              reason="มีต้นแบบจากโครงการปีก่อนแล้ว")
        assert project.stage == Stage.MARKET_TEST
        project = services.project_move_stage(actor=staff, project=project, to_stage=Stage.DESIGN,
                                              reason="ผลทดสอบตลาดไม่ดี ต้องออกแบบใหม่")
        assert project.stage == Stage.DESIGN
        reasons = list(project.transitions.values_list("reason", flat=True))
        assert reasons == ["มีต้นแบบจากโครงการปีก่อนแล้ว", "ผลทดสอบตลาดไม่ดี ต้องออกแบบใหม่"]

    def test_it_keeps_other_groups_out(self, owner, group, outsider, partner_user):
        project = make_project(owner, group, idea="x")
        for user in (outsider, partner_user, None):
            from django.contrib.auth.models import AnonymousUser
            with pytest.raises(PermissionDenied):
                services.project_move_stage(actor=user or AnonymousUser(), project=project, to_stage=Stage.DESIGN)

    def test_it_refuses_the_same_stage_and_unknown_stages(self, owner, group):
        project = make_project(owner, group, idea="x")
        with pytest.raises(ValidationError):
            services.project_move_stage(actor=owner, project=project, to_stage=Stage.ASSESSMENT)
        with pytest.raises(ValidationError):
            services.project_move_stage(actor=owner, project=project, to_stage="sold")

    def test_it_refuses_negative_figures(self, owner, group):
        with pytest.raises(ValidationError):
            make_project(owner, group, price_before=-5)
        project = make_project(owner, group, price_before=120, monthly_units_before=30)
        with pytest.raises(ValidationError):
            services.project_update(actor=owner, project=project, monthly_sales_after=-1)
        assert DevelopmentProject.objects.count() == 1
        project.refresh_from_db()
        assert project.monthly_sales_after is None

    def test_it_refuses_a_product_of_another_group(self, owner, group, other_group):
        with pytest.raises(ValidationError):
            make_project(owner, group, product=ProductFactory(group=other_group))
        assert not StageRecord.objects.exists()

    def test_it_strips_exif_from_stage_photos(self, owner, group):
        from PIL import Image
        project = make_project(owner, group, idea="x")
        a = services.stage_attachment_add(actor=owner, record=project.stage_records.first(),
                                          file=image_upload(exif=True))
        with Image.open(a.file.path) as img:
            assert not img.getexif()
        assert StageAttachment.objects.get().thumbnail


class TestMarketingSkills:
    def test_it_ticks_an_item_once_per_group(self, owner, group, outsider):
        services.marketing_skill_set(actor=owner, group=group, skill="online_shop", achieved_on=dt.date(2026, 11, 1))
        item = services.marketing_skill_set(actor=owner, group=group, skill="online_shop",
                                            achieved_on=dt.date(2026, 11, 3))
        assert group.marketing_skills.count() == 1 and item.achieved_on == dt.date(2026, 11, 3)
        with pytest.raises(PermissionDenied):
            services.marketing_skill_set(actor=outsider, group=group, skill="line_oa",
                                         achieved_on=dt.date(2026, 11, 1))


class TestConsentWithdrawnLater:
    def test_it_unpublishes_products_whose_wisdom_lost_consent(self, owner, group):
        from products.tasks import unpublish_products_without_consent

        record = wisdom(group, "granted")
        kept = ProductFactory(group=group)
        hit = ProductFactory(group=group)
        hit.wisdom_records.add(record)
        assert unpublish_products_without_consent() == []
        HolderConsent.objects.filter(holder__record=record, scope="product").update(
            withdrawn_on=timezone.localdate())
        assert unpublish_products_without_consent.apply().get() == [hit.pk]
        hit.refresh_from_db()
        kept.refresh_from_db()
        assert hit.status == PublishStatus.DRAFT and kept.status == PublishStatus.PUBLISHED
        assert hit.history.first().status == PublishStatus.DRAFT


def test_only_staff_move_a_project_to_another_group_and_its_product_must_follow(staff, owner, group, other_group):
    project = services.project_create(actor=staff, group=group, title="ตุ๊กตาบรรจุภัณฑ์ใหม่", fiscal_year=2570)
    with pytest.raises(ValidationError):
        services.project_update(actor=owner, project=project, group=other_group)
    project.refresh_from_db()
    assert project.group_id == group.pk
    services.project_update(actor=staff, project=project, group=other_group)
    project.refresh_from_db()
    assert project.group_id == other_group.pk
    with_product = services.project_create(actor=staff, group=group, title="กลองรุ่นใหม่", fiscal_year=2570,
                                           product=ProductFactory(group=group))
    with pytest.raises(ValidationError) as exc:
        services.project_update(actor=staff, project=with_product, group=other_group)
    assert "product" in exc.value.message_dict
