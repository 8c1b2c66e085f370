"""Pages of the notifications: the bell's list, opening one (marks it read), mark all read, the settings
(channels per kind of event, the LINE link) and the LINE webhook."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from linebot.v3.webhooks import MessageEvent, TextMessageContent, UnfollowEvent

from . import line
from . import notifications as services
from .actors import SYSTEM
from .choices import NotificationEvent
from .permissions import get_or_404

logger = logging.getLogger(__name__)


class NotificationListView(LoginRequiredMixin, ListView):
    """The bell's list: the user's notifications, newest first. A notification about an object the user
    may no longer see is shown without its title or link."""

    template_name = "core/notifications.html"
    paginate_by = 20
    context_object_name = "notifications"

    def get_queryset(self):
        return services.notifications_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["notifications"])
        shown = services.visible_object_ids(rows, self.request.user)
        for row in rows:
            row.hidden = row.pk not in shown
        ctx["notifications"] = rows
        return ctx


class NotificationOpenView(LoginRequiredMixin, View):
    """Open one notification: mark it read and go to its object (or back to the list when it is gone or
    no longer visible). Someone else's notification is a 404."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_or_404(services.notifications_for(user=request.user), pk=pk)
        services.notifications_mark_read(actor=request.user, ids=[notification.pk])
        if notification.url and services.notification_visible(notification):
            return HttpResponseRedirect(notification.url)
        messages.info(request, _("รายการนี้ไม่มีอยู่แล้ว หรือคุณไม่มีสิทธิ์เข้าถึง"))
        return redirect("core:notifications")


class NotificationsReadView(LoginRequiredMixin, View):
    """Mark all the user's notifications read."""

    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notifications_mark_read(actor=request.user)
        if count:
            messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(n)s รายการ") % {"n": count})
        return redirect("core:notifications")


class PreferencesForm(forms.Form):
    """One checkbox per kind of event and outside channel, named "<event>__<channel>"."""

    def __init__(self, *args: Any, table: list[dict[str, Any]], line_on: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in table:
            names = []
            for channel in services.OUTSIDE_CHANNELS:
                if channel == "line" and not line_on:
                    continue
                name = f"{row['event']}__{channel}"
                self.fields[name] = forms.BooleanField(
                    required=False, initial=row[str(channel)], label=f"{row['label']} · {channel}"
                )
                names.append(name)
            self.rows.append({"label": row["label"], "fields": [self[n] for n in names]})

    def enabled(self) -> list[tuple[str, str]]:
        pairs = []
        for name, value in self.cleaned_data.items():
            if value:
                event, channel = name.split("__")
                pairs.append((event, channel))
        return pairs


class NotificationSettingsView(LoginRequiredMixin, TemplateView):
    """The profile's notification section: channels per kind of event, and the LINE link (a one-time code
    to send to the Official Account, the link's state, unlink). Without LINE credentials it says LINE is off."""

    template_name = "core/notification_settings.html"
    success_message = gettext_lazy("บันทึกการตั้งค่าการแจ้งเตือนแล้ว")

    def _form(self, data: Any = None) -> PreferencesForm:
        return PreferencesForm(
            data, table=services.preference_table(user=self.request.user), line_on=line.line_configured()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self._form())
        ctx["line_on"] = line.line_configured()
        ctx["line_account"] = services.line_account_of(user=self.request.user)
        ctx["line_oa_id"] = settings.LINE_OA_BASIC_ID
        ctx["code_minutes"] = settings.LINE_LINK_CODE_MINUTES
        ctx["now"] = timezone.now()
        return ctx

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.preferences_set(actor=request.user, user=request.user, enabled=form.enabled())  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, self.success_message)
                return redirect("core:notification_settings")
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
def line_code_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('core:notification_settings')}")
    try:
        services.line_code_issue(actor=request.user, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("core:notification_settings")


@require_POST
def line_unlink_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('core:notification_settings')}")
    if services.line_unlink(actor=request.user, user=request.user):
        messages.success(request, _("ยกเลิกการเชื่อมบัญชี LINE แล้ว"))
    return redirect("core:notification_settings")


_REPLIES = {
    "linked": gettext_lazy(
        "เชื่อมบัญชี LINE กับพอร์ทัล Creative OTOP อ่างทองเรียบร้อยแล้ว คุณจะได้รับการแจ้งเตือนทาง LINE ตามที่ตั้งค่าไว้"
    ),
    "expired": gettext_lazy("รหัสนี้หมดอายุแล้ว กรุณาขอรหัสใหม่ที่หน้าตั้งค่าการแจ้งเตือนในพอร์ทัล"),
    "invalid": gettext_lazy("ไม่พบรหัสนี้ กรุณาตรวจสอบรหัส 8 ตัวจากหน้าตั้งค่าการแจ้งเตือนในพอร์ทัล"),
    "taken": gettext_lazy("บัญชี LINE นี้เชื่อมกับผู้ใช้อื่นในพอร์ทัลอยู่แล้ว กรุณายกเลิกการเชื่อมที่บัญชีนั้นก่อน"),
}


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> HttpResponse:
    """The Official Account's webhook: the body must carry a valid X-Line-Signature (else 400, nothing
    done). A text message is taken as a link code; an unfollow (the user blocked the OA) forgets the link.
    Without LINE credentials the webhook does not exist (404)."""
    if not line.line_configured():
        return HttpResponse(status=404)
    try:
        body = request.body.decode("utf-8")
        events = line.parse_webhook(body=body, signature=request.headers.get("X-Line-Signature", ""))
    except line.InvalidSignatureError:
        logger.warning("line: webhook with an invalid signature refused")
        return HttpResponseBadRequest("invalid signature")
    except (UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("invalid body")
    replies = []
    for event in events:
        source = getattr(event, "source", None)
        user_id = getattr(source, "user_id", None)
        if not user_id:
            continue
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            result = services.line_link_by_code(actor=SYSTEM, code=event.message.text, line_user_id=user_id)
            redelivery = bool(getattr(getattr(event, "delivery_context", None), "is_redelivery", False))
            if result.status in _REPLIES and event.reply_token and not redelivery:
                replies.append((event.reply_token, str(_REPLIES[result.status])))
        elif isinstance(event, UnfollowEvent):
            services.line_unfollowed(actor=SYSTEM, line_user_id=user_id)
    for token, text in replies:
        line.reply_text(reply_token=token, text=text)
    return HttpResponse("OK")


EVENT_LABELS = dict(NotificationEvent.choices)
