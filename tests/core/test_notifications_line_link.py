"""Linking a LINE account: the one-time code on the profile, the webhook (X-Line-Signature checked by
line-bot-sdk), duplicate deliveries, wrong and expired codes, unlinking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.actors import SYSTEM
from core.models import LineAccount
from core.notifications import CODE_LENGTH, line_code_issue, line_link_by_code
from tests.fake_line import sign, text_message_body, unfollow_body

pytestmark = pytest.mark.django_db
WEBHOOK = "/line/webhook/"


def post_webhook(client, body, signature=None):
    headers = (
        {}
        if signature is False
        else {"HTTP_X_LINE_SIGNATURE": sign(body) if signature is None else signature}
    )
    return client.post(WEBHOOK, data=body, content_type="application/json", **headers)


def test_the_profile_gives_a_one_time_code_that_expires(fake_line, client_for, owner):
    c = client_for(owner)
    response = c.post(reverse("core:line_code"))
    assert response.status_code == 302
    account = LineAccount.objects.get(user=owner)
    assert len(account.link_code) == CODE_LENGTH and account.line_user_id is None
    minutes = (account.code_expires_at - timezone.now()).total_seconds() / 60
    assert 14 < minutes <= 15
    page = c.get(reverse("core:notification_settings")).content.decode()
    assert account.link_code in page


def test_sending_the_code_links_the_account_and_replies_in_thai(fake_line, client, owner):
    account = line_code_issue(actor=owner, user=owner)
    response = post_webhook(
        client, text_message_body(user_id="Uowner", text=f" {account.link_code.lower()} ")
    )
    assert response.status_code == 200
    account.refresh_from_db()
    assert (account.line_user_id, account.link_code) == ("Uowner", None)
    assert [r["text"] for r in fake_line.replies] == [
        "เชื่อมบัญชี LINE กับพอร์ทัล Creative OTOP อ่างทองเรียบร้อยแล้ว คุณจะได้รับการแจ้งเตือนทาง LINE ตามที่ตั้งค่าไว้"
    ]


def test_a_duplicate_webhook_delivery_links_nothing_twice(fake_line, client, owner, colleague):
    account = line_code_issue(actor=owner, user=owner)
    body = text_message_body(user_id="Uowner", text=account.link_code)
    assert post_webhook(client, body).status_code == 200
    linked_at = LineAccount.objects.get(user=owner).linked_at
    redelivered = text_message_body(user_id="Uowner", text=account.link_code, redelivery=True)
    assert post_webhook(client, redelivered).status_code == 200
    assert post_webhook(client, body).status_code == 200
    assert list(
        LineAccount.objects.filter(line_user_id="Uowner").values_list("user__username", "linked_at")
    ) == [("owner", linked_at)]
    # the used code cannot link anyone else either
    assert line_link_by_code(actor=SYSTEM, code=account.link_code, line_user_id="Uother").status == "invalid"
    assert not LineAccount.objects.filter(line_user_id="Uother").exists()


@pytest.mark.parametrize("signature", [False, "", "bm90IGEgc2lnbmF0dXJl", "wrong"])
def test_a_body_without_a_valid_signature_is_refused(fake_line, client, owner, signature):
    account = line_code_issue(actor=owner, user=owner)
    body = text_message_body(user_id="Uevil", text=account.link_code)
    response = post_webhook(client, body, signature=signature)
    assert response.status_code == 400
    account.refresh_from_db()
    assert account.line_user_id is None and account.link_code  # nothing linked, the code still good
    assert fake_line.requests == []


def test_a_body_signed_with_another_secret_is_refused(fake_line, client, owner):
    account = line_code_issue(actor=owner, user=owner)
    body = text_message_body(user_id="Uevil", text=account.link_code)
    assert post_webhook(client, body, signature=sign(body, "another-secret")).status_code == 400
    assert LineAccount.objects.get(user=owner).line_user_id is None


def test_a_wrong_code_links_nothing_and_says_so(fake_line, client, owner):
    line_code_issue(actor=owner, user=owner)
    assert post_webhook(client, text_message_body(user_id="Uowner", text="ZZZZZZZZ")).status_code == 200
    assert LineAccount.objects.get(user=owner).line_user_id is None
    assert "ไม่พบรหัสนี้" in fake_line.replies[0]["text"]


def test_an_expired_code_links_nothing_and_says_so(fake_line, client, owner):
    account = line_code_issue(actor=owner, user=owner, now=timezone.now() - dt.timedelta(minutes=16))
    assert (
        post_webhook(client, text_message_body(user_id="Uowner", text=account.link_code)).status_code == 200
    )
    assert LineAccount.objects.get(user=owner).line_user_id is None
    assert "หมดอายุ" in fake_line.replies[0]["text"]


def test_a_line_account_linked_to_someone_else_is_not_taken_over(fake_line, owner, colleague):
    first = line_code_issue(actor=owner, user=owner)
    assert line_link_by_code(actor=SYSTEM, code=first.link_code, line_user_id="Ushared").status == "linked"
    second = line_code_issue(actor=colleague, user=colleague)
    assert line_link_by_code(actor=SYSTEM, code=second.link_code, line_user_id="Ushared").status == "taken"
    assert LineAccount.objects.get(user=colleague).line_user_id is None


def test_a_code_is_issued_only_to_oneself_and_only_with_line_on(settings, owner, colleague):
    from django.core.exceptions import PermissionDenied, ValidationError

    settings.LINE_CHANNEL_ACCESS_TOKEN, settings.LINE_CHANNEL_SECRET = "t", "s"
    with pytest.raises(PermissionDenied):
        line_code_issue(actor=colleague, user=owner)
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    with pytest.raises(ValidationError):
        line_code_issue(actor=owner, user=owner)
    assert not LineAccount.objects.exists()


def test_unlink_from_the_profile(fake_line, client_for, owner):
    account = line_code_issue(actor=owner, user=owner)
    line_link_by_code(actor=SYSTEM, code=account.link_code, line_user_id="Uowner")
    c = client_for(owner)
    assert "เชื่อมแล้ว" in c.get(reverse("core:notification_settings")).content.decode()
    assert c.post(reverse("core:line_unlink")).status_code == 302
    assert LineAccount.objects.get(user=owner).line_user_id is None


def test_blocking_the_official_account_unlinks(fake_line, client, owner):
    account = line_code_issue(actor=owner, user=owner)
    line_link_by_code(actor=SYSTEM, code=account.link_code, line_user_id="Uowner")
    assert post_webhook(client, unfollow_body(user_id="Uowner")).status_code == 200
    assert LineAccount.objects.get(user=owner).line_user_id is None


def test_without_credentials_the_webhook_is_absent_and_the_profile_says_line_is_off(
    settings, client, client_for, owner
):
    settings.LINE_CHANNEL_ACCESS_TOKEN = settings.LINE_CHANNEL_SECRET = ""
    body = text_message_body(user_id="U1", text="ABCDEFGH")
    assert post_webhook(client, body, signature=sign(body, "")).status_code == 404
    page = client_for(owner).get(reverse("core:notification_settings")).content.decode()
    assert "data-line-off" in page and "ยังไม่เปิดใช้" in page
    assert client_for(owner).post(reverse("core:line_code")).status_code == 302
    assert not LineAccount.objects.exists()


def test_the_webhook_takes_only_post(fake_line, client):
    assert client.get(WEBHOOK).status_code == 405
