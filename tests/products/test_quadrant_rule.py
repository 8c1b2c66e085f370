"""The quadrant rule over the seeded table (CDD's segment criteria, DOMAIN.md)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from products import services
from products.models import Assessment, ChecklistOption, Quadrant, QuadrantRule
from tests.factories.products import ProductFactory


def opts(*codes):
    return list(ChecklistOption.objects.filter(code__in=codes))


def q(*codes):
    result = services.quadrant_for_answers(opts(*codes))
    return result.code if result else None


@pytest.mark.django_db
class TestRule:
    @pytest.mark.parametrize("answers", [
        ("1.1", "2.1", "3.1", "4.1", "5.1"),
        ("1.2", "2.1", "3.2", "4.1", "5.1"),
    ])
    def test_it_gives_a(self, answers):
        assert q(*answers) == "A"

    @pytest.mark.parametrize("answers", [
        ("1.1", "2.2", "3.3", "4.2", "5.1"),
        ("1.2", "2.3", "3.3", "4.2", "5.2"),
        ("1.2", "2.2", "3.3", "4.2", "5.4"),
    ])
    def test_it_gives_b(self, answers):
        assert q(*answers) == "B"

    @pytest.mark.parametrize("answers", [
        ("1.1", "2.2", "3.2", "4.3", "5.1"),
        ("1.2", "2.3", "3.2", "4.4", "5.3"),
        ("1.2", "2.2", "3.2", "4.3", "5.4"),
    ])
    def test_it_gives_c(self, answers):
        assert q(*answers) == "C"

    @pytest.mark.parametrize("answers", [
        ("1.3", "2.1", "3.1", "4.1", "5.1"),  # otherwise an A
        ("1.3", "2.2", "3.3", "4.2", "5.2"),  # otherwise a B
        ("1.3", "2.3", "3.2", "4.4", "5.4"),  # otherwise a C
    ])
    def test_it_gives_d_to_a_product_without_a_standard_whatever_the_rest(self, answers):
        assert q(*answers) == "D"

    @pytest.mark.parametrize("answers", [
        ("1.1", "2.1", "3.3", "4.1", "5.1"),  # A but 3.3
        ("1.2", "2.2", "3.2", "4.3", "5.2"),  # C but market 5.2
        ("1.1", "2.3", "3.1", "4.2", "5.3"),
    ])
    def test_it_leaves_answers_matching_no_rule_unclassified(self, answers):
        assert q(*answers) is None

    def test_it_follows_an_edited_rule_table(self):
        # Staff revise C to also accept market 5.2.
        rule = QuadrantRule.objects.get(quadrant__code="C")
        assert q("1.2", "2.2", "3.2", "4.3", "5.2") is None
        rule.options.add(ChecklistOption.objects.get(code="5.2"))
        assert q("1.2", "2.2", "3.2", "4.3", "5.2") == "C"

    def test_it_ignores_inactive_rules_and_follows_priority(self):
        d_rule = QuadrantRule.objects.get(quadrant__code="D")
        d_rule.is_active = False
        d_rule.save()
        assert q("1.3", "2.1", "3.1", "4.1", "5.1") is None
        # A new catch-all-by-standard rule before A puts every 1.1 product in B.
        rule = QuadrantRule.objects.create(quadrant=Quadrant.objects.get(code="B"), priority=1)
        rule.options.set(opts("1.1"))
        assert q("1.1", "2.1", "3.1", "4.1", "5.1") == "B"

    def test_it_lets_an_empty_rule_match_nothing(self):
        QuadrantRule.objects.create(quadrant=Quadrant.objects.get(code="A"), priority=1)
        assert q("1.3", "2.1", "3.1", "4.1", "5.1") == "D"


@pytest.mark.django_db
class TestAssessmentRecord:
    def test_it_stores_answers_and_computed_quadrant(self, staff):
        product = ProductFactory()
        a = services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                       answers=["1.3", "2.3", "3.3", "4.4", "5.4"], notes="ยังไม่มี มผช.")
        assert a.computed_quadrant.code == "D" and a.quadrant.code == "D"
        assert sorted(a.answers.values_list("code", flat=True)) == ["1.3", "2.3", "3.3", "4.4", "5.4"]
        assert a.assessed_by == staff

    def test_it_re_records_the_same_year_instead_of_duplicating(self, staff):
        product = ProductFactory()
        services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                   answers=["1.3", "2.3", "3.3", "4.4", "5.4"])
        a = services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                       answers=["1.2", "2.2", "3.3", "4.2", "5.2"])
        assert Assessment.objects.filter(product=product).count() == 1
        assert a.quadrant.code == "B"

    def test_it_keeps_an_override_with_its_reason_beside_the_computed_result(self, staff):
        product = ProductFactory()
        a = services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                       answers=["1.2", "2.2", "3.2", "4.3", "5.2"])
        assert a.quadrant is None and a.needs_review
        a = services.assessment_override(actor=staff, assessment=a, quadrant=Quadrant.objects.get(code="C"),
                                         reason="ตลาดเฉพาะกลุ่มแต่กระบวนการเหมือนกลุ่ม C")
        a.refresh_from_db()
        assert a.quadrant.code == "C" and a.computed_quadrant is None
        assert a.override_reason.startswith("ตลาด")
        assert a.history.count() >= 2

    def test_it_refuses_an_override_without_a_reason(self, staff):
        a = services.assessment_record(actor=staff, product=ProductFactory(), fiscal_year=2570,
                                       answers=["1.3", "2.3", "3.3", "4.4", "5.4"])
        with pytest.raises(ValidationError) as exc:
            services.assessment_override(actor=staff, assessment=a, quadrant=Quadrant.objects.get(code="B"),
                                         reason="  ")
        assert "เหตุผล" in str(exc.value)
        a.refresh_from_db()
        assert a.quadrant.code == "D"

    def test_it_clears_an_override_back_to_the_computed_quadrant(self, staff):
        a = services.assessment_record(actor=staff, product=ProductFactory(), fiscal_year=2570,
                                       answers=["1.3", "2.3", "3.3", "4.4", "5.4"],
                                       override_quadrant=Quadrant.objects.get(code="C"), override_reason="ทดลอง")
        assert a.quadrant.code == "C"
        a = services.assessment_override(actor=staff, assessment=a, quadrant=None)
        assert a.quadrant.code == "D" and a.override_reason == ""

    def test_it_recomputes_after_the_table_changes(self, staff):
        a = services.assessment_record(actor=staff, product=ProductFactory(), fiscal_year=2570,
                                       answers=["1.2", "2.2", "3.2", "4.3", "5.2"])
        assert a.quadrant is None
        QuadrantRule.objects.get(quadrant__code="C").options.add(ChecklistOption.objects.get(code="5.2"))
        a = services.assessment_recompute(actor=staff, assessment=a)
        assert a.quadrant.code == "C"

    @pytest.mark.parametrize("answers, message", [
        (["1.3", "2.3", "3.3", "4.4"], "ครบทุกหัวข้อ"),
        (["1.3", "1.2", "2.3", "3.3", "4.4", "5.4"], "หัวข้อละหนึ่ง"),
        (["1.3", "2.3", "3.3", "4.4", "9.9"], "ไม่พบตัวเลือก"),
    ])
    def test_it_refuses_incomplete_or_bad_answers_and_saves_nothing(self, staff, answers, message):
        product = ProductFactory()
        with pytest.raises(ValidationError) as exc:
            services.assessment_record(actor=staff, product=product, fiscal_year=2570, answers=answers)
        assert message in str(exc.value)
        assert not Assessment.objects.filter(product=product).exists()

    def test_it_lets_only_staff_assess(self, owner, group):
        with pytest.raises(PermissionDenied):
            services.assessment_record(actor=owner, product=ProductFactory(group=group), fiscal_year=2570,
                                       answers=["1.3", "2.3", "3.3", "4.4", "5.4"])
