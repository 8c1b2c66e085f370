"""Every deletable resource of the products app is deleted through its service, from the API and
from the admin: the service's side effects happen (files removed, rows kept where the rule says)."""

import datetime as dt
import os

import pytest

from products import services
from products.models import (
    Certification,
    ChecklistOption,
    DevelopmentProject,
    GroupMarketingSkill,
    Product,
    ProductPhoto,
    StageAttachment,
)
from tests.factories.products import ProductFactory, image_upload

pytestmark = pytest.mark.django_db


def stored(field) -> bool:
    return bool(field.name) and os.path.exists(field.path)


@pytest.fixture
def photo(staff, product):
    return services.product_photo_add(actor=staff, product=product, image=image_upload())


@pytest.fixture
def certification(staff, product):
    return services.certification_add(actor=staff, product=product, kind="tcps", number="มผช. 1/2569")


class TestApiDelete:
    def test_it_deletes_a_product_with_its_photo_files(self, api_for, staff, product, photo, committed):
        image, thumb = photo.image.path, photo.thumbnail.path
        assert os.path.exists(image) and os.path.exists(thumb)
        with committed():
            r = api_for(staff).delete(f"/api/v1/products/{product.pk}/")
        assert r.status_code == 204
        assert not Product.objects.filter(pk=product.pk).exists()
        assert not ProductPhoto.objects.filter(pk=photo.pk).exists()
        assert not os.path.exists(image) and not os.path.exists(thumb)

    def test_it_keeps_a_product_a_project_builds_on(self, api_for, staff, product, project, photo):
        r = api_for(staff).delete(f"/api/v1/products/{product.pk}/")
        assert r.status_code == 400 and "โครงการ" in str(r.json())
        assert Product.objects.filter(pk=product.pk).exists() and stored(ProductPhoto.objects.get().image)

    def test_it_lets_only_staff_delete_products(self, api_for, owner, product):
        assert api_for(owner).delete(f"/api/v1/products/{product.pk}/").status_code == 403
        assert Product.objects.filter(pk=product.pk).exists()

    def test_it_deletes_a_photo_and_its_files(self, api_for, owner, product, photo, committed):
        image, thumb = photo.image.path, photo.thumbnail.path
        with committed():
            r = api_for(owner).delete(f"/api/v1/products/{product.pk}/photos/{photo.pk}/")
        assert r.status_code == 204
        assert not ProductPhoto.objects.exists()
        assert not os.path.exists(image) and not os.path.exists(thumb)

    @pytest.mark.parametrize("role, status", [("outsider", 403), ("partner", 403), ("anonymous", 401)])
    def test_it_refuses_deleting_another_groups_photo(self, api_for, users, product, photo, role, status):
        r = api_for(users[role]).delete(f"/api/v1/products/{product.pk}/photos/{photo.pk}/")
        assert r.status_code == status
        assert ProductPhoto.objects.filter(pk=photo.pk).exists() and stored(photo.image)

    def test_it_answers_404_for_a_photo_of_another_product(self, api_for, staff, other_product, photo):
        r = api_for(staff).delete(f"/api/v1/products/{other_product.pk}/photos/{photo.pk}/")
        assert r.status_code == 404 and ProductPhoto.objects.filter(pk=photo.pk).exists()

    def test_it_deletes_a_standard(self, api_for, owner, product, certification):
        r = api_for(owner).delete(f"/api/v1/products/{product.pk}/certifications/{certification.pk}/")
        assert r.status_code == 204 and not Certification.objects.exists()

    def test_it_refuses_deleting_another_groups_standard(self, api_for, outsider, product, certification):
        r = api_for(outsider).delete(f"/api/v1/products/{product.pk}/certifications/{certification.pk}/")
        assert r.status_code == 403 and Certification.objects.exists()

    def test_it_deletes_a_project_with_its_attachment_files(self, api_for, staff, owner, project, committed):
        record = project.stage_records.first()
        attachment = services.stage_attachment_add(actor=owner, record=record, file=image_upload())
        path, thumb = attachment.file.path, attachment.thumbnail.path
        assert os.path.exists(path) and os.path.exists(thumb)
        assert api_for(owner).delete(f"/api/v1/development-projects/{project.pk}/").status_code == 403
        with committed():
            r = api_for(staff).delete(f"/api/v1/development-projects/{project.pk}/")
        assert r.status_code == 204
        assert not DevelopmentProject.objects.exists() and not StageAttachment.objects.exists()
        assert not os.path.exists(path) and not os.path.exists(thumb)

    def test_it_deletes_a_marketing_skill_item(self, api_for, owner, outsider, staff, group):
        item = services.marketing_skill_set(actor=staff, group=group, skill="line_oa",
                                            achieved_on=dt.date(2026, 11, 1))
        assert api_for(outsider).delete(f"/api/v1/marketing-skills/{item.pk}/").status_code == 404
        assert GroupMarketingSkill.objects.filter(pk=item.pk).exists()
        assert api_for(owner).delete(f"/api/v1/marketing-skills/{item.pk}/").status_code == 204
        assert not GroupMarketingSkill.objects.exists()

    def test_it_refuses_unknown_fields_in_writes(self, api_for, owner, product):
        r = api_for(owner).patch(f"/api/v1/products/{product.pk}/", {"descripton": "typo"}, format="json")
        assert r.status_code == 400 and "descripton" in r.json()


class TestAdminThroughServices:
    def test_it_deletes_a_product_and_its_photo_files_in_the_admin(self, client_for, staff, product, photo, committed):
        image = photo.image.path
        with committed():
            r = client_for(staff).post(f"/admin/products/product/{product.pk}/delete/", {"post": "yes"})
        assert r.status_code == 302
        assert not Product.objects.filter(pk=product.pk).exists() and not os.path.exists(image)

    def test_it_bulk_deletes_products_through_the_service(self, client_for, staff, product, other_product, photo, committed):
        image = photo.image.path
        with committed():
            r = client_for(staff).post("/admin/products/product/", {
                "action": "delete_selected", "_selected_action": [product.pk, other_product.pk], "post": "yes"})
        assert r.status_code == 302
        assert not Product.objects.exists() and not os.path.exists(image)

    def test_it_publishes_through_the_action_and_keeps_status_read_only(self, client_for, staff, draft):
        c = client_for(staff)
        form = c.get(f"/admin/products/product/{draft.pk}/change/").context["adminform"].form
        assert "status" not in form.fields
        r = c.post("/admin/products/product/", {"action": "publish_selected", "_selected_action": [draft.pk]})
        assert r.status_code == 302
        draft.refresh_from_db()
        assert draft.status == "published" and draft.published_at is not None

    def test_it_creates_a_product_in_the_admin_with_a_slug(self, client_for, staff, group):
        r = client_for(staff).post("/admin/products/product/add/", {
            "group": group.pk, "name_th": "กลองทัด", "name_en": "Thai Drum", "product_type": "household",
            "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0, "certifications-TOTAL_FORMS": 0,
            "certifications-INITIAL_FORMS": 0, "star_ratings-TOTAL_FORMS": 0, "star_ratings-INITIAL_FORMS": 0})
        assert r.status_code == 302, r.content.decode()[:1500]
        product = Product.objects.get(name_th="กลองทัด")
        assert product.slug == "thai-drum" and product.status == "draft"

    def test_it_adds_standards_in_the_admin_inline(self, client_for, staff, product):
        c = client_for(staff)
        url = f"/admin/products/product/{product.pk}/change/"
        form = c.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k not in ("created_at", "updated_at")}
        data.update({"wisdom_records": [], "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0,
                     "certifications-TOTAL_FORMS": 1, "certifications-INITIAL_FORMS": 0,
                     "certifications-0-kind": "other", "certifications-0-kind_other": "",
                     "star_ratings-TOTAL_FORMS": 0, "star_ratings-INITIAL_FORMS": 0})
        r = c.post(url, data)
        assert r.status_code == 200 and not Certification.objects.exists()  # "other" needs its name
        data["certifications-0-kind_other"] = "OTOP Select"
        r = c.post(url, data)
        assert r.status_code == 302, r.content.decode()[:1500]
        assert Certification.objects.get().label == "OTOP Select"

    def test_it_keeps_a_checklist_option_that_assessments_chose(self, client_for, staff, product):
        services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                   answers="1.3 2.3 3.3 4.4 5.4".split())
        option = ChecklistOption.objects.get(code="1.3")
        r = client_for(staff).post(f"/admin/products/checklistoption/{option.pk}/delete/", {"post": "yes"})
        assert r.status_code == 200  # the admin lists what protects it
        assert ChecklistOption.objects.filter(pk=option.pk).exists()
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="ลบไม่ได้"):
            services.checklist_option_delete(actor=staff, option=option)
        assert ChecklistOption.objects.filter(pk=option.pk).exists()

    def test_it_deletes_a_project_in_the_admin(self, client_for, staff, project):
        r = client_for(staff).post(f"/admin/products/developmentproject/{project.pk}/delete/", {"post": "yes"})
        assert r.status_code == 302 and not DevelopmentProject.objects.exists()


def test_a_producer_may_not_delete_another_groups_product_through_the_service(outsider, product):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.product_delete(actor=outsider, product=product)
    assert Product.objects.filter(pk=product.pk).exists()


def test_it_removes_a_stage_attachment_and_its_files(owner, outsider, project, committed):
    from django.core.exceptions import PermissionDenied

    attachment = services.stage_attachment_add(actor=owner, record=project.stage_records.first(),
                                               file=image_upload())
    path = attachment.file.path
    with pytest.raises(PermissionDenied):
        services.stage_attachment_delete(actor=outsider, attachment=attachment)
    with committed():
        services.stage_attachment_delete(actor=owner, attachment=attachment)
    assert not StageAttachment.objects.exists() and not os.path.exists(path)


def test_it_keeps_other_products_when_one_is_deleted(staff, group):
    a, b = ProductFactory(group=group), ProductFactory(group=group)
    services.product_delete(actor=staff, product=a)
    assert list(Product.objects.all()) == [b]
