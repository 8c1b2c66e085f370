"""Structured consent (issue 17, part 3): one period per holder and scope, the rules of recording it,
and the consent matrix — every scope against every use it gates, on publishing, on withdrawal (at once,
with e-mails) and on restoring (nothing republished)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.actors import SYSTEM
from core.files import file_url
from network import services as network_services
from network.choices import KnowledgeStatus
from products import services as product_services
from products.choices import PublishStatus
from tests.factories.core import UserFactory
from tests.factories.network import KnowledgeItemFactory
from tests.factories.products import ProductFactory
from tests.factories.tourism import ProgramFactory
from tests.factories.wisdom import (
    HolderConsentFactory,
    KnowledgeHolderFactory,
    WisdomRecordFactory,
    image_upload,
    pdf_upload,
)
from tourism import services as tourism_services
from tourism.choices import PublishStatus as ProgramStatus
from wisdom import selectors, services
from wisdom.choices import ConsentScope, Status
from wisdom.models import HolderConsent

pytestmark = pytest.mark.django_db

ALL = list(ConsentScope.values)
D = dt.date


# --- Periods: was holder H consenting to scope S on date D ------------------------------------


def test_it_answers_whether_a_holder_consented_on_a_date_across_withdrawal_and_restore(staff):
    holder = KnowledgeHolderFactory(scopes=())
    services.consent_grant(
        actor=staff, holder=holder, scope="product", given_on=D(2026, 1, 15), form=pdf_upload()
    )
    services.consent_withdraw(actor=staff, holder=holder, scope="product", on=D(2026, 3, 1))
    services.consent_restore(
        actor=staff, holder=holder, scope="product", given_on=D(2026, 4, 10), form=pdf_upload()
    )
    expected = {
        D(2026, 1, 14): False,
        D(2026, 1, 15): True,
        D(2026, 2, 28): True,
        D(2026, 3, 1): False,
        D(2026, 4, 9): False,
        D(2026, 4, 10): True,
        D(2026, 6, 30): True,
    }
    assert {
        day: selectors.consent_active_on(holder=holder, scope="product", day=day) for day in expected
    } == expected
    assert not selectors.consent_active_on(holder=holder, scope="tourism", day=D(2026, 6, 30))
    assert selectors.consent_periods(holder_ids=[holder.pk], scope="product") == {
        holder.pk: [(D(2026, 1, 15), D(2026, 3, 1)), (D(2026, 4, 10), None)]
    }


# --- Recording consent ------------------------------------------------------------------------


def test_it_lets_staff_record_consent_as_the_recorder(staff):
    holder = KnowledgeHolderFactory(scopes=())
    consent = services.consent_grant(
        actor=staff, holder=holder, scope="naming", given_on=D(2026, 5, 1), form=image_upload()
    )
    assert (consent.recorded_by, consent.witness, consent.given_on, consent.withdrawn_on) == (
        staff,
        "",
        D(2026, 5, 1),
        None,
    )
    assert consent.form.name.startswith("wisdom/consent/")


def test_it_lets_the_owning_community_record_consent_with_a_witness_and_the_form(owner, group):
    holder = KnowledgeHolderFactory(
        record=WisdomRecordFactory(owner_group=group, status=Status.DRAFT), scopes=()
    )
    with pytest.raises(ValidationError) as exc:
        services.consent_grant(
            actor=owner, holder=holder, scope="product", given_on=D(2026, 5, 1), form=pdf_upload()
        )
    assert "พยาน" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.consent_grant(
            actor=owner, holder=holder, scope="product", given_on=D(2026, 5, 1), witness="ผู้ใหญ่บ้าน"
        )
    assert "แนบแบบฟอร์ม" in str(exc.value)
    consent = services.consent_grant(
        actor=owner,
        holder=holder,
        scope="product",
        given_on=D(2026, 5, 1),
        witness=" ผู้ใหญ่บ้าน ",
        form=pdf_upload(),
    )
    assert (consent.recorded_by, consent.witness) == (None, "ผู้ใหญ่บ้าน")


@pytest.mark.parametrize("role", ["outsider", "partner", "expert"])
def test_it_refuses_consent_recorded_by_anyone_else(role, users, group):
    holder = KnowledgeHolderFactory(record=WisdomRecordFactory(owner_group=group), scopes=())
    with pytest.raises(PermissionDenied):
        services.consent_grant(
            actor=users[role],
            holder=holder,
            scope="product",
            given_on=D(2026, 5, 1),
            witness="พยาน",
            form=pdf_upload(),
        )
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(
            actor=users[role], holder=KnowledgeHolderFactory(record=holder.record), scope="product"
        )
    assert not HolderConsent.objects.filter(holder=holder).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"given_on": None}, "ระบุวันที่ให้ความยินยอม"),
        ({"given_on": "2026-05-01"}, "ระบุวันที่ให้ความยินยอม"),
        ({"given_on": "tomorrow"}, "วันในอนาคต"),
        ({"form": SimpleUploadedFile("form.pdf", b"not a pdf nor an image")}, "PDF หรือรูปภาพ"),
        ({"scope": "everything"}, "ไม่มีขอบเขต"),
    ],
)
def test_it_refuses_bad_consent_input_in_thai_and_saves_nothing(staff, kwargs, message):
    holder = KnowledgeHolderFactory(scopes=())
    values = {"scope": "product", "given_on": D(2026, 5, 1), "form": pdf_upload(), **kwargs}
    if values["given_on"] == "tomorrow":
        values["given_on"] = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.consent_grant(actor=staff, holder=holder, **values)
    assert message in str(exc.value)
    assert not HolderConsent.objects.exists()


def test_it_keeps_periods_in_order_and_one_open_at_a_time(staff):
    holder = KnowledgeHolderFactory(scopes=["product"])  # given 2026-01-15
    with pytest.raises(ValidationError, match="อยู่แล้ว"):
        services.consent_grant(
            actor=staff, holder=holder, scope="product", given_on=D(2026, 2, 1), form=pdf_upload()
        )
    with pytest.raises(ValidationError, match="ยังไม่เคยถอน"):
        services.consent_restore(
            actor=staff, holder=holder, scope="product", given_on=D(2026, 2, 1), form=pdf_upload()
        )
    with pytest.raises(ValidationError, match="ไม่ก่อนวันที่ให้ความยินยอม"):
        services.consent_withdraw(actor=staff, holder=holder, scope="product", on=D(2026, 1, 14))
    with pytest.raises(ValidationError, match="วันในอนาคต"):
        services.consent_withdraw(
            actor=staff, holder=holder, scope="product", on=timezone.localdate() + dt.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="ไม่ได้ให้ความยินยอม"):
        services.consent_withdraw(actor=staff, holder=holder, scope="tourism")
    services.consent_withdraw(actor=staff, holder=holder, scope="product", on=D(2026, 3, 1))
    with pytest.raises(ValidationError, match="ไม่ก่อนวันที่ถอน"):
        services.consent_restore(
            actor=staff, holder=holder, scope="product", given_on=D(2026, 2, 1), form=pdf_upload()
        )
    assert HolderConsent.objects.filter(holder=holder).count() == 1


# --- The signed form is served like restricted media -------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("staff", 200),
        ("owner", 200),
        ("outsider", 404),
        ("partner", 404),
        ("expert", 404),
    ],
)
def test_it_serves_the_signed_form_only_to_staff_and_the_owning_community(
    role, status, users, client_for, group, staff
):
    holder = KnowledgeHolderFactory(record=WisdomRecordFactory(owner_group=group), scopes=())
    consent = services.consent_grant(
        actor=staff, holder=holder, scope="naming", given_on=D(2026, 5, 1), form=pdf_upload()
    )
    assert client_for(users[role]).get(file_url(consent, "form")).status_code == status


# --- The consent matrix: scope × use × withdraw/restore ----------------------------------------

USES = {"product": ConsentScope.PRODUCT, "program": ConsentScope.TOURISM, "knowledge": ConsentScope.EDUCATION}


@pytest.fixture
def chain(owner, group, staff):
    """A published wisdom record with one holder, and one draft of each use built on it (each with an
    owner who has an e-mail address)."""
    owner.email, staff.email = "owner@example.test", "staff@example.test"
    owner.save(update_fields=["email"])
    staff.save(update_fields=["email"])
    record = WisdomRecordFactory(owner_group=group, title_th="ตุ๊กตาชาววังทดสอบ")
    holder = KnowledgeHolderFactory(record=record, name="นางสมจิตร", scopes=())
    product = ProductFactory(group=group, status=PublishStatus.DRAFT, name_th="ตุ๊กตาชุดไทย")
    product.wisdom_records.add(record)
    program = ProgramFactory(
        status=ProgramStatus.DRAFT, title_th="ปั้นตุ๊กตาหนึ่งวัน", community__contact_email="community@example.test"
    )
    program.items.get().activity.wisdom_records.add(record)
    author = UserFactory(email="author@example.test")
    item = KnowledgeItemFactory(status=KnowledgeStatus.IN_REVIEW, title="เทคนิคปั้นหน้าตุ๊กตา", author=author)
    item.wisdom_records.add(record)
    return {
        "record": record,
        "holder": holder,
        "product": product,
        "program": program,
        "knowledge": item,
        "owner": owner,
        "staff": staff,
    }


def _publish(use, chain):
    if use == "product":
        return product_services.product_publish(actor=chain["owner"], product=chain["product"])
    if use == "program":
        return tourism_services.program_publish(actor=chain["staff"], program=chain["program"])
    return network_services.knowledge_publish(actor=chain["staff"], item=chain["knowledge"])


def _published(use, chain) -> bool:
    obj = chain[use]
    obj.refresh_from_db()
    return obj.status == "published"


def _consent_to(holder, scopes):
    for scope in scopes:
        HolderConsentFactory(holder=holder, scope=scope, given_on=D(2026, 1, 15))


OWNER_MAIL = {
    "product": "owner@example.test",
    "program": "community@example.test",
    "knowledge": "author@example.test",
}


@pytest.mark.parametrize("use", list(USES))
@pytest.mark.parametrize("missing", ALL)
def test_matrix_publishing_needs_exactly_the_scope_of_its_use(use, missing, chain):
    _consent_to(chain["holder"], [s for s in ALL if s != missing])
    if missing == USES[use]:
        with pytest.raises(ValidationError) as exc:
            _publish(use, chain)
        assert "ตุ๊กตาชาววังทดสอบ" in str(exc.value) and str(ConsentScope(missing).label) in str(exc.value)
        assert not _published(use, chain)
    else:
        _publish(use, chain)
        assert _published(use, chain)


@pytest.mark.parametrize("use", list(USES))
def test_matrix_publishing_needs_every_holder_of_the_record(use, chain):
    _consent_to(chain["holder"], ALL)
    KnowledgeHolderFactory(
        record=chain["record"], name="ผู้ยังไม่ยินยอม", scopes=[s for s in ALL if s != USES[use]]
    )
    with pytest.raises(ValidationError):
        _publish(use, chain)
    assert not _published(use, chain)


@pytest.mark.parametrize("use", list(USES))
@pytest.mark.parametrize("scope", ALL)
def test_matrix_withdrawal_unpublishes_at_once_and_restoring_does_not_republish(use, scope, chain, committed):
    _consent_to(chain["holder"], ALL)
    _publish(use, chain)
    hit = scope == USES[use]
    with committed():
        closed, unpublished = services.consent_withdraw(
            actor=chain["staff"], holder=chain["holder"], scope=scope, on=timezone.localdate()
        )
    assert closed.withdrawn_on == timezone.localdate() and closed.withdrawn_by == chain["staff"]
    assert _published(use, chain) is not hit
    assert len(unpublished) == int(hit) + int(scope == ConsentScope.DOCUMENTATION)  # the record itself
    recipients = {addr for m in mail.outbox for addr in m.to}
    assert "staff@example.test" in recipients  # staff hear of every withdrawal
    assert (OWNER_MAIL[use] in recipients) is hit
    if hit:
        staff_mail = next(m for m in mail.outbox if "staff@example.test" in m.to)
        assert "นางสมจิตร" in staff_mail.body and unpublished[0] in staff_mail.body
    services.consent_restore(
        actor=chain["staff"],
        holder=chain["holder"],
        scope=scope,
        given_on=timezone.localdate(),
        form=pdf_upload(),
    )
    assert _published(use, chain) is not hit  # restoring never republishes
    if hit:
        if use == "knowledge":
            network_services.knowledge_submit(actor=chain["staff"], item=chain["knowledge"])
        _publish(use, chain)
        assert _published(use, chain)


def test_withdrawing_documentation_takes_the_record_itself_offline_until_restored(chain):
    _consent_to(chain["holder"], ALL)
    services.consent_withdraw(actor=chain["staff"], holder=chain["holder"], scope="documentation")
    chain["record"].refresh_from_db()
    assert chain["record"].status == Status.DRAFT
    for step in (services.record_submit, services.record_verify):
        step(actor=SYSTEM, record=chain["record"])
    with pytest.raises(ValidationError, match="ถอนความยินยอม"):
        services.record_publish(actor=chain["staff"], record=chain["record"])
    services.consent_restore(
        actor=chain["staff"],
        holder=chain["holder"],
        scope="documentation",
        given_on=timezone.localdate(),
        form=pdf_upload(),
    )
    assert services.record_publish(actor=chain["staff"], record=chain["record"]).status == Status.PUBLISHED


def test_a_failing_receiver_rolls_the_withdrawal_back(chain, monkeypatch):
    from wisdom.signals import consent_withdrawn

    _consent_to(chain["holder"], ALL)
    _publish("product", chain)

    def boom(sender, **kwargs):
        raise RuntimeError("receiver failed")

    consent_withdrawn.connect(boom, dispatch_uid="test.boom")
    try:
        with pytest.raises(RuntimeError):
            services.consent_withdraw(actor=chain["staff"], holder=chain["holder"], scope="product")
    finally:
        consent_withdrawn.disconnect(dispatch_uid="test.boom")
    assert _published("product", chain)
    assert not HolderConsent.objects.filter(holder=chain["holder"], withdrawn_on__isnull=False).exists()


# --- Public pages credit only holders who consent to being named -------------------------------


def test_product_and_program_pages_credit_only_holders_named_in_public(chain, client_for):
    _consent_to(chain["holder"], ALL)
    KnowledgeHolderFactory(
        record=chain["record"], name="นายไม่ประสงค์ออกนาม", scopes=[s for s in ALL if s != "naming"]
    )
    _publish("product", chain)
    _publish("program", chain)
    for url in (chain["product"].get_absolute_url(), chain["program"].get_absolute_url()):
        page = client_for(None).get(url).content.decode()
        assert "นางสมจิตร" in page and "นายไม่ประสงค์ออกนาม" not in page
    services.consent_withdraw(actor=chain["staff"], holder=chain["holder"], scope="naming")
    page = client_for(None).get(chain["product"].get_absolute_url()).content.decode()
    assert "นางสมจิตร" not in page


# --- API -------------------------------------------------------------------------------------

API = "/api/v1/wisdom-consents/"


def test_api_grants_withdraws_and_restores_for_the_owning_community(api_for, chain):
    _consent_to(chain["holder"], [s for s in ALL if s != "product"])
    api = api_for(chain["owner"])
    bad = api.post(
        f"{API}grant/",
        {"holder": chain["holder"].pk, "scope": "product", "given_on": "2026-05-01", "form": pdf_upload()},
        format="multipart",
    )
    assert bad.status_code == 400 and "พยาน" in str(bad.json())
    unknown = api.post(
        f"{API}grant/",
        {
            "holder": chain["holder"].pk,
            "scope": "product",
            "given_on": "2026-05-01",
            "witness": "ผู้ใหญ่บ้าน",
            "form": pdf_upload(),
            "status": "x",
        },
        format="multipart",
    )
    assert unknown.status_code == 400 and "status" in str(unknown.json())
    ok = api.post(
        f"{API}grant/",
        {
            "holder": chain["holder"].pk,
            "scope": "product",
            "given_on": "2026-05-01",
            "witness": "ผู้ใหญ่บ้าน",
            "form": pdf_upload(),
        },
        format="multipart",
    )
    assert ok.status_code == 201 and ok.json()["form_url"].startswith("http")
    _publish("product", chain)
    out = api.post(f"{API}{ok.json()['id']}/withdraw/", {"note": "ขอถอน"}, format="json")
    assert out.status_code == 200 and out.json()["unpublished"] == ["ผลิตภัณฑ์: ตุ๊กตาชุดไทย"]
    assert not _published("product", chain)
    again = api.post(
        f"{API}restore/",
        {
            "holder": chain["holder"].pk,
            "scope": "product",
            "given_on": timezone.localdate().isoformat(),
            "witness": "ผู้ใหญ่บ้าน",
            "form": pdf_upload(),
        },
        format="multipart",
    )
    assert again.status_code == 201 and not _published("product", chain)
    listed = api.get(API).json()
    assert {r["scope"] for r in listed["results"]} == set(ALL)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner", "expert"])
def test_api_hides_consent_from_everyone_else(role, users, api_for, chain):
    _consent_to(chain["holder"], ALL)
    consent = HolderConsent.objects.filter(holder=chain["holder"]).first()
    api = api_for(users[role])
    listing = api.get(API)
    assert listing.status_code in (401, 403) if role == "anonymous" else listing.json()["count"] == 0
    assert api.post(f"{API}{consent.pk}/withdraw/", {}, format="json").status_code in (401, 403, 404)
    assert HolderConsent.objects.filter(withdrawn_on__isnull=False).count() == 0


# --- The holder's consent page ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 200), ("owner", 200), ("outsider", 404), ("partner", 404), ("expert", 404)]
)
def test_the_consent_page_is_for_staff_and_the_owning_community(role, status, users, client_for, chain):
    from django.urls import reverse

    url = reverse("wisdom:holder_consent", kwargs={"pk": chain["holder"].pk})
    assert client_for(users[role]).get(url).status_code == status
    assert client_for(None).get(url).status_code == 302


def test_the_consent_page_records_and_withdraws_with_thai_errors(client_for, chain):
    from django.urls import reverse

    url = reverse("wisdom:holder_consent", kwargs={"pk": chain["holder"].pk})
    client = client_for(chain["owner"])
    no_witness = client.post(
        url, {"action": "grant", "scope": "product", "on": "2026-05-01", "form": pdf_upload()}
    )
    assert no_witness.status_code == 400 and "ระบุชื่อพยาน" in no_witness.content.decode()
    assert not HolderConsent.objects.exists()
    ok = client.post(
        url,
        {
            "action": "grant",
            "scope": "product",
            "on": "2026-05-01",
            "witness": "ผู้ใหญ่บ้าน",
            "form": pdf_upload(),
        },
    )
    assert ok.status_code == 302
    _consent_to(chain["holder"], [s for s in ALL if s != "product"])
    _publish("product", chain)
    out = client.post(
        url, {"action": "withdraw", "scope": "product", "on": timezone.localdate().isoformat()}, follow=True
    )
    assert "ยกเลิกการเผยแพร่: ผลิตภัณฑ์: ตุ๊กตาชุดไทย" in out.content.decode()
    assert not _published("product", chain)
    early = client.post(
        url,
        {
            "action": "restore",
            "scope": "product",
            "on": "2026-04-30",
            "witness": "พยาน",
            "form": pdf_upload(),
        },
    )
    assert early.status_code == 400 and "ไม่ก่อนวันที่ถอนครั้งล่าสุด" in early.content.decode()


def test_deleting_a_holder_removes_the_signed_forms_after_commit(staff, committed):
    holder = KnowledgeHolderFactory(scopes=())
    consent = services.consent_grant(
        actor=staff, holder=holder, scope="naming", given_on=D(2026, 5, 1), form=pdf_upload()
    )
    storage, name = consent.form.storage, consent.form.name
    assert storage.exists(name)
    with committed():
        services.holder_delete(actor=staff, holder=holder)
    assert not storage.exists(name) and not HolderConsent.objects.exists()
