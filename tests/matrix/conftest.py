"""The world the role × endpoint matrix runs against: built once per module, rolled back after it.

Two producer groups (A, B), two partner organisations (A, B) and one object of each owned kind per
owner — published and draft where the kind has a status, each wisdom access level — plus the roles:
anonymous, producer of group A, producer of group B, partner of org A, partner of org B, expert,
staff, superuser. ``World.objects`` maps a key ("product:A:draft") to the row and ``World.owner``
to who owns it; tests/matrix/test_matrix.py derives every expected answer from ``visible_to`` /
``editable_by``, never from hand-written cells.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import campaigns as cf
from tests.factories import core as f
from tests.factories import evaluation as ef
from tests.factories import network as nf
from tests.factories import products as pf
from tests.factories import tourism as tf
from tests.factories import wisdom as wf

ROLES = ("anonymous", "producer_a", "producer_b", "partner_a", "partner_b", "expert", "staff", "superuser")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # role -> User (None for anonymous)
    objects: dict[str, Any] = field(default_factory=dict)  # key -> row
    owner: dict[str, str] = field(default_factory=dict)  # key -> "group A", "org B", "staff", …
    page_clients: dict[str, Client] = field(default_factory=dict)  # role -> logged-in Client

    def add(self, key: str, obj: Any, owner: str) -> Any:
        self.objects[key] = obj
        self.owner[key] = owner
        return obj

    def of_model(self, model: Any) -> list[tuple[str, Any]]:
        return [(k, o) for k, o in self.objects.items() if type(o) is model]


def _file(obj: Any, name: str, attr: str, data: bytes) -> None:
    getattr(obj, attr).save(name, ContentFile(data), save=False)
    type(obj).objects.filter(pk=obj.pk).update(**{attr: getattr(obj, attr).name})


def build_world() -> World:
    from campaigns.models import IssueAttachment
    from core.choices import Role
    from core.photos import store_photo
    from evaluation.models import Finding, ImprovementAction, ProductSale, Report
    from network.choices import KnowledgeStatus, Visibility
    from network.models import KnowledgeAttachment
    from products.models import GroupMarketingSkill, ProductPhoto, StageAttachment, StageRecord
    from tourism.models import CommunityPhoto
    from wisdom.models import WisdomDocument, WisdomPhoto

    w = World()
    jpg = wf.image_bytes()

    def photo(model: Any, **fk: Any) -> Any:
        return store_photo(model(**fk), ContentFile(jpg, name="p.jpg"))

    # --- owners and roles -------------------------------------------------------------------
    group = {"A": f.ProducerGroupFactory(name_th="กลุ่มเมทริกซ์ A", slug="matrix-group-a"),
             "B": f.ProducerGroupFactory(name_th="กลุ่มเมทริกซ์ B", slug="matrix-group-b", subdistrict_id="150307")}
    org = {"A": f.PartnerOrganisationFactory(slug="matrix-org-a"), "B": f.PartnerOrganisationFactory(slug="matrix-org-b")}
    u = w.users
    u["anonymous"] = None
    u["producer_a"] = f.producer(group["A"], username="mx-producer-a")
    u["producer_b"] = f.producer(group["B"], username="mx-producer-b")
    u["partner_a"] = f.partner(org["A"], username="mx-partner-a")
    u["partner_b"] = f.partner(org["B"], username="mx-partner-b")
    u["expert"] = f.expert(username="mx-expert")
    u["staff"] = f.staff(username="mx-staff")
    u["superuser"] = f.UserFactory(username="mx-superuser", role=Role.STAFF, is_superuser=True, is_staff=True)
    for g in "AB":
        w.add(f"group:{g}", group[g], f"group {g}")
        _file(group[g], "logo.jpg", "logo", jpg)
        w.add(f"partnerorg:{g}", org[g], f"org {g}")
    for role, user in u.items():
        if user is not None:
            w.add(f"account:{role}", user, role)

    # --- wisdom: each access level, published and draft, per group ---------------------------
    for g in "AB":
        for level in ("public", "members", "restricted"):
            for status in ("published", "draft"):
                if level != "public" and status == "draft":
                    continue
                rec = w.add(f"wisdom:{g}:{level}:{status}", wf.WisdomRecordFactory(
                    owner_group=group[g], access_level=level, status=status, slug=f"mx-wisdom-{g}-{level}-{status}"),
                    f"group {g}")
                w.add(f"wisdomphoto:{g}:{level}:{status}", photo(WisdomPhoto, record=rec), f"group {g}")
        rec = w.objects[f"wisdom:{g}:public:published"]
        strict = photo(WisdomPhoto, record=rec, access_level="restricted")
        w.add(f"wisdomphoto:{g}:public:published:restricted-media", strict, f"group {g}")
        doc = WisdomDocument.objects.create(record=rec, title="แบบสำรวจ")
        _file(doc, "survey.pdf", "file", PDF)
        w.add(f"wisdomdocument:{g}", doc, f"group {g}")
        holder = wf.KnowledgeHolderFactory(record=rec, name=f"ปราชญ์ {g}", scopes=["naming"])
        consent = holder.consents.get()
        _file(consent, "consent.pdf", "form", PDF)
        w.add(f"holderconsent:{g}", consent, f"group {g}")

    # --- products, projects, skills -----------------------------------------------------------
    for g in "AB":
        for status in ("published", "draft"):
            p = w.add(f"product:{g}:{status}", pf.ProductFactory(group=group[g], status=status,
                                                                slug=f"mx-product-{g}-{status}"), f"group {g}")
            w.add(f"productphoto:{g}:{status}", photo(ProductPhoto, product=p), f"group {g}")
        proj = w.add(f"project:{g}", pf.DevelopmentProjectFactory(group=group[g], partner=org[g]), f"group {g}")
        stage = StageRecord.objects.create(project=proj, stage="assessment")
        att = StageAttachment.objects.create(stage_record=stage, kind="pdf")
        _file(att, "plan.pdf", "file", PDF)
        _file(att, "thumb.jpg", "thumbnail", jpg)
        w.add(f"stagerecord:{g}", stage, f"group {g}")
        w.add(f"stageattachment:{g}", att, f"group {g}")
        w.add(f"skill:{g}", GroupMarketingSkill.objects.create(group=group[g], skill="facebook_page",
                                                               achieved_on=dt.date(2026, 10, 5)), f"group {g}")

    # --- network --------------------------------------------------------------------------------
    w.add("expertprofile:own", nf.ExpertProfileFactory(user=u["expert"], slug="mx-expert-own"), "expert")
    w.add("expertprofile:members", nf.ExpertProfileFactory(slug="mx-expert-members",
                                                           visibility=Visibility.MEMBERS), "staff")
    w.add("expertprofile:inactive", nf.ExpertProfileFactory(slug="mx-expert-inactive", is_active=False), "staff")
    for who in ("producer_a", "producer_b"):
        for status in (KnowledgeStatus.PUBLISHED, KnowledgeStatus.DRAFT):
            item = w.add(f"knowledge:{who}:{status}", nf.KnowledgeItemFactory(
                author=u[who], status=status, slug=f"mx-knowledge-{who}-{status}".replace("_", "-")), who)
            att = KnowledgeAttachment.objects.create(item=item, title="คู่มือ")
            _file(att, "guide.pdf", "file", PDF)
            w.add(f"knowledgeattachment:{who}:{status}", att, who)
    for status in ("published", "draft"):
        ev = w.add(f"event:{status}", nf.EventFactory(status=status, slug=f"mx-event-{status}"), "staff")
        _file(ev, "materials.pdf", "materials_file", PDF)
    ev = w.objects["event:published"]
    for who in ("producer_a", "producer_b"):
        w.add(f"registration:{who}", nf.RegistrationFactory(event=ev, user=u[who]), who)
    ms = w.add("mentorship:A", nf.MentorshipFactory(mentor_expert=w.objects["expertprofile:own"],
                                                    mentee_group=group["A"]), "group A + expert")
    w.add("mentoringsession:A", nf.MentoringSessionFactory(mentorship=ms), "group A + expert")
    q = w.add("question:producer_a", nf.QuestionFactory(asked_by=u["producer_a"]), "producer_a")
    w.add("answer:expert", nf.AnswerFactory(question=q, author=u["expert"]), "expert")

    # --- tourism: community A coordinated by producer A (published), community B by producer B (draft)
    for g, status in (("A", "published"), ("B", "draft")):
        who = f"producer_{g.lower()}"
        com = w.add(f"community:{g}:{status}", tf.CommunityFactory(status=status, slug=f"mx-community-{g}",
                                                                  coordinators=[u[who]], with_photo=False), who)
        w.add(f"communityphoto:{g}", photo(CommunityPhoto, community=com), who)
        for pstatus in ("published", "draft"):
            prog = w.add(f"program:{g}:{pstatus}", tf.ProgramFactory(
                community=com, status=pstatus, slug=f"mx-program-{g}-{pstatus}"), who)
        w.add(f"activity:{g}", prog.items.first().activity, who)
        w.add(f"booking:{g}", tf.BookingFactory(program=w.objects[f"program:{g}:published"],
                                                code=f"MXBOOK{g}"), who)
        w.add(f"visit:{g}", tf.MonthlyVisitFactory(community=com), who)
    w.add("fair:published", tf.FairFactory(slug="mx-fair"), "staff")

    # --- evaluation -------------------------------------------------------------------------------
    for g in "AB":
        income = w.add(f"income:{g}", ef.income(group[g], "2026-10", "1000.00"), f"group {g}")
        w.add(f"productsale:{g}", ProductSale.objects.create(
            income_record=income, product=w.objects[f"product:{g}:published"], amount="400.00"), f"group {g}")
        w.add(f"enrollment:{g}", ef.enroll(group[g]), f"group {g}")
    w.add("income:community-A", ef.income(w.objects["community:A:published"], "2026-10", "500.00",
                                          source="tourism"), "producer_a")
    w.add("target:all", ef.TargetFactory(), "staff")
    w.add("districttarget", ef.DistrictTargetFactory(), "staff")
    for g in "AB":
        w.add(f"unittarget:{g}", ef.UnitTargetFactory(producer_group=group[g]), f"group {g}")
    report = w.add("report", Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 11, 1), status="failed",
                                                   finished_at=timezone.now()), "staff")
    _file(report, "report.xlsx", "xlsx", b"PK\x03\x04 not really a workbook")
    _file(report, "report.pdf", "pdf", PDF)
    finding = w.add("finding", Finding.objects.create(report=report, title="รายได้ต่ำกว่าเป้า"), "staff")
    w.add("action", ImprovementAction.objects.create(finding=finding, what="อบรมการตลาด", owner="พช.",
                                                     due_date=dt.date(2027, 1, 31), producer_group=group["A"]),
          "staff")

    # --- benefits: an agreement per group (its record's holder and the fund), October's ledger, a payment
    from benefits import services as benefit_services
    from core.actors import SYSTEM

    for g in "AB":
        rec = w.objects[f"wisdom:{g}:public:published"]
        deal = benefit_services.agreement_create(
            actor=SYSTEM, title=f"ข้อตกลงเมทริกซ์ {g}", producer_group=group[g], wisdom_record=rec,
            products=[w.objects[f"product:{g}:published"]], share_basis="percent", rate=Decimal("5.00"),
            start_date=dt.date(2026, 1, 1))
        _file(deal, "agreement.pdf", "document", PDF)
        w.add(f"agreement:{g}", deal, f"group {g}")
        holder = benefit_services.beneficiary_add(actor=SYSTEM, agreement=deal, kind="holder",
                                                  holder=rec.holders.get(), share_percent=Decimal("60"))
        fund = benefit_services.beneficiary_add(actor=SYSTEM, agreement=deal, kind="fund", name=f"กองทุน {g}",
                                                share_percent=Decimal("40"))
        w.add(f"beneficiary:{g}:holder", holder, f"group {g}")
        w.add(f"beneficiary:{g}:fund", fund, f"group {g}")
        benefit_services.compute_ledger(actor=SYSTEM, month="2026-10", agreements=[deal])
        for entry in deal.ledger_entries.all():
            w.add(f"ledgerentry:{g}:{entry.beneficiary.kind}", entry, f"group {g}")
        payment = benefit_services.record_payment(actor=SYSTEM, beneficiary=fund, paid_on=dt.date(2026, 11, 30),
                                                  amount=Decimal("8.00"), method="transfer", reference=f"MX-{g}")
        _file(payment, "receipt.pdf", "receipt", PDF)
        w.add(f"payment:{g}", payment, f"group {g}")

    # --- campaigns: issue of group A assigned to org A, of group B to org B -------------------------
    for g in "AB":
        issue = w.add(f"issue:{g}", cf.assigned_issue(group[g], org[g], raised_by=u[f"producer_{g.lower()}"]),
                      f"group {g} / org {g}")
        att = IssueAttachment.objects.create(issue=issue, caption="ภาพกล่อง")
        _file(att, "box.jpg", "file", jpg)
        w.add(f"issueattachment:{g}", att, f"group {g} / org {g}")
        w.add(f"support:{g}", cf.SupportFactory(partner=org[g], group=group[g], value=Decimal("15000")),
              f"org {g} -> group {g}")
    camp = w.add("campaign", cf.CampaignFactory(slug="mx-campaign"), "staff")
    w.add("link", cf.LinkFactory(campaign=camp, code="mxlink"), "staff")
    w.add("post", cf.PostFactory(campaign=camp), "staff")

    # refresh so file names and denormalised fields are what the database holds
    for obj in w.objects.values():
        obj.refresh_from_db()
    for role, user in u.items():
        c = Client()
        if user is not None:
            c.force_login(user)
        w.page_clients[role] = c
    return w


@pytest.fixture(autouse=True)
def _media_and_mail():
    """Overrides tests/conftest.py's per-test MEDIA_ROOT: the world's files live in the module's folder."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from tests.conftest import ensure_reference_data

    media = tempfile.mkdtemp(prefix="otop-matrix-media-")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        with transaction.atomic():
            ensure_reference_data()
            w = build_world()
            yield w
            transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter):
    import sys

    module = sys.modules.get("tests.matrix.test_matrix")
    checked = getattr(module, "CHECKED", None)
    if checked:
        terminalreporter.write_line(f"role × endpoint matrix: {len(checked)} cells, "
                                    f"{sum(checked)} (object, operation, role) checks; "
                                    f"{len(module.REFUSED_OUTRIGHT)} (operation, role) pairs refused outright")
        if terminalreporter.verbosity > 0:  # -v: which operations refuse which roles for every id
            for operation, role in sorted(module.REFUSED_OUTRIGHT):
                terminalreporter.write_line(f"  refused outright: {operation} for {role}")
