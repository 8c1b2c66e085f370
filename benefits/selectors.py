"""Reads of the benefit-sharing app: agreements a user may see, ledgers, statements, balances.

Every list here runs a fixed number of queries whatever the number of rows (sums are subqueries).
"Overdue" follows ``services``: what a month earns is due by the end of the following month; the
overdue part of a balance is what the months already due earned, less everything paid (payments are
applied to the oldest months first), never below zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import permissions

from .models import Agreement, Beneficiary, LedgerEntry, Payment
from .services import add_months, month_first

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _sum_of(qs: QuerySet, field: str = "amount") -> Coalesce:
    total = qs.order_by().values("beneficiary_id").annotate(t=Sum(field)).values("t")
    return Coalesce(Subquery(total, output_field=DecimalField(max_digits=14, decimal_places=2)), ZERO)


def due_cutoff(today: dt.date | None = None) -> dt.date:
    """Months before this one are due (their "end of the following month" has passed)."""
    return add_months((today or timezone.localdate()).replace(day=1), -1)


def with_balances(qs: QuerySet[Beneficiary], *, today: dt.date | None = None) -> QuerySet[Beneficiary]:
    """Beneficiaries annotated with ``earned``, ``paid``, ``owed`` (= earned − paid) and ``earned_due``
    (what the months already due earned); :func:`overdue_of` gives the overdue part. One query."""
    cutoff = due_cutoff(today)
    entries = LedgerEntry.objects.filter(beneficiary_id=OuterRef("pk"))
    payments = Payment.objects.filter(beneficiary_id=OuterRef("pk"))
    return qs.annotate(earned=_sum_of(entries), paid=_sum_of(payments),
                       earned_due=_sum_of(entries.filter(month__lt=cutoff))).annotate(owed=F("earned") - F("paid"))


def overdue_of(beneficiary: Any) -> Decimal:
    return max(Decimal("0.00"), beneficiary.earned_due - beneficiary.paid)


def agreement_list(*, user: Any) -> QuerySet[Agreement]:
    """Agreements the user may see, with their party and record (one query)."""
    return (Agreement.objects.visible_to(user)
            .select_related("producer_group", "tourism_community", "wisdom_record")
            .order_by("-start_date", "title", "pk"))


def agreement_detail(*, user: Any, pk: Any) -> Agreement:
    """One agreement the user may see (else 404), with covered products and programs and the
    beneficiaries the user may see (with balances) prefetched as ``visible_beneficiaries``."""
    qs = agreement_list(user=user).prefetch_related(
        "products", "programs",
        Prefetch("beneficiaries", queryset=with_balances(Beneficiary.objects.visible_to(user))
                 .select_related("holder", "account").order_by("kind", "name", "pk"),
                 to_attr="visible_beneficiaries"))
    return permissions.get_or_404(qs, pk=pk)


def agreement_ledger(*, user: Any, agreement: Agreement) -> QuerySet[LedgerEntry]:
    """The ledger lines of an agreement the user may see, by month (one query)."""
    return (LedgerEntry.objects.visible_to(user).filter(agreement=agreement)
            .select_related("beneficiary").order_by("-month", "beneficiary__name", "beneficiary_id", "kind",
                                                    "revision"))


def beneficiary_visible(*, user: Any, pk: Any) -> Beneficiary:
    qs = with_balances(Beneficiary.objects.visible_to(user)).select_related(
        "agreement__producer_group", "agreement__tourism_community", "agreement__wisdom_record", "holder")
    return permissions.get_or_404(qs, pk=pk)


def statement_entries(*, beneficiary: Beneficiary) -> QuerySet[LedgerEntry]:
    """A beneficiary's ledger lines, oldest first (the statement; one query)."""
    return beneficiary.ledger_entries.order_by("month", "kind", "revision", "pk")


def statement_payments(*, beneficiary: Beneficiary) -> QuerySet[Payment]:
    return beneficiary.payments.select_related("entry").order_by("paid_on", "pk")


def statement_lines(*, beneficiary: Beneficiary) -> list[dict[str, Any]]:
    """Entries and payments in date order with a running balance: what the statement page and PDF show.
    An entry is dated the last day of its month; two queries."""
    from .services import month_last

    lines: list[dict[str, Any]] = []
    for e in statement_entries(beneficiary=beneficiary):
        lines.append({"date": month_last(e.month), "order": 0, "entry": e, "payment": None,
                      "credit": e.amount, "debit": Decimal("0.00")})
    for p in statement_payments(beneficiary=beneficiary):
        lines.append({"date": p.paid_on, "order": 1, "entry": None, "payment": p,
                      "credit": Decimal("0.00"), "debit": p.amount})
    lines.sort(key=lambda line: (line["date"], line["order"]))
    balance = Decimal("0.00")
    for line in lines:
        balance += line["credit"] - line["debit"]
        line["balance"] = balance
    return lines


def beneficiary_balance(*, beneficiary: Beneficiary | int, today: dt.date | None = None) -> dict[str, Decimal]:
    """{"earned", "paid", "owed", "overdue"} of one beneficiary (one query)."""
    pk = beneficiary if isinstance(beneficiary, int) else beneficiary.pk
    b: Any = with_balances(Beneficiary.objects.filter(pk=pk), today=today).get()
    return {"earned": b.earned, "paid": b.paid, "owed": b.earned - b.paid, "overdue": overdue_of(b)}


def province_summary(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Staff's province summary: every beneficiary with earned / paid / owed / overdue, and the totals.
    Two queries whatever the number of agreements (the rows, and nothing else)."""
    rows: list[Any] = list(with_balances(Beneficiary.objects.visible_to(user), today=today)
                .select_related("agreement__producer_group", "agreement__tourism_community")
                .order_by("agreement__title", "agreement_id", "kind", "name", "pk"))
    totals = {"earned": Decimal("0.00"), "paid": Decimal("0.00"), "owed": Decimal("0.00"),
              "overdue": Decimal("0.00")}
    for b in rows:
        b.overdue = overdue_of(b)
        for key in totals:
            totals[key] += getattr(b, key)
    return {"rows": rows, "totals": totals, "cutoff": due_cutoff(today)}


def my_statements(*, user: Any) -> QuerySet[Beneficiary]:
    """The beneficiary rows linked to the user's account (a knowledge holder's own statements)."""
    if not permissions.is_member(user) or getattr(user, "pk", None) is None:
        return Beneficiary.objects.none()
    return with_balances(Beneficiary.objects.filter(account_id=user.pk)).select_related("agreement")


def parse_month(value: Any) -> dt.date:
    return month_first(value)
