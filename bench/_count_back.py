"""The count-back of `bench/load_test.py`: after the run, every write the simulated users saw acknowledged is
in the database exactly, and nothing else changed. Kept apart from the load test (no Django set-up of its own,
no side effects on import) so that `tests/bench/test_count_back.py` checks that it catches what it must.

A write is what `bench/_load_users.py` recorded: ``{"kind": "income" | "booking" | "confirm" | "decline",
"sent": {...}, "status": <HTTP status>, "outcome": "ok" | "expected" | "unexpected", "body": <JSON answer>,
"user": <username>}``; only ``outcome == "ok"`` writes were acknowledged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal


def income_state() -> dict:
    from evaluation.models import IncomeRecord

    return {
        (r.producer_group_id, r.tourism_community_id, r.month, r.source): (r.pk, r.amount)
        for r in IncomeRecord.objects.all()
    }


def booking_state() -> dict:
    from tourism.models import Booking

    return {b.code: b for b in Booking.objects.select_related("program", "decided_by")}


class CountBack:
    def __init__(self) -> None:
        self.acknowledged: dict[str, int] = defaultdict(int)
        self.found: dict[str, int] = defaultdict(int)
        self.missing: list[str] = []
        self.mismatched: list[str] = []
        self.unacknowledged: list[str] = []

    @property
    def clean(self) -> bool:
        """Every acknowledged write found exactly, nothing missing, mismatched or changed otherwise."""
        return (
            not self.missing
            and not self.mismatched
            and not self.unacknowledged
            and sum(self.found.values()) == sum(self.acknowledged.values())
        )

    def check(self, kind: str, ok: bool, what: str, *, missing: bool = False) -> None:
        if ok:
            self.found[kind] += 1
        elif missing:
            self.missing.append(f"{kind}: {what}")
        else:
            self.mismatched.append(f"{kind}: {what}")


def count_back(writes: list[dict], income_before: dict, bookings_before: dict) -> CountBack:
    from evaluation.models import IncomeRecord
    from tourism.choices import HOLDING_STATUSES, BookingStatus
    from tourism.models import Booking, ProgramDateCapacity

    result = CountBack()
    acked = [w for w in writes if w["outcome"] == "ok"]
    for w in acked:
        result.acknowledged[w["kind"]] += 1

    # Income: the last acknowledged amount per key is the row's; every acknowledged amount is in its history.
    income_after = income_state()
    expected = dict(income_before)
    sent_per_key: dict[tuple, list[Decimal]] = defaultdict(list)
    for w in (w for w in acked if w["kind"] == "income"):
        s = w["sent"]
        key = (s["producer_group"], None, dt.date.fromisoformat(s["month"] + "-01"), s["source"])
        amount = Decimal(s["amount"])
        if Decimal(w["body"]["amount"]) != amount or w["status"] != (201 if key not in expected else 200):
            result.mismatched.append(f"income {key}: answered {w['status']} {w['body']} for {amount}")
        expected[key] = (w["body"]["id"], amount)
        sent_per_key[key].append(amount)
    history = defaultdict(set)
    for record_id, amount in IncomeRecord.history.filter(
        id__in=[expected[k][0] for k in sent_per_key]
    ).values_list("id", "amount"):
        history[record_id].add(amount)
    for key, amounts in sent_per_key.items():
        row = income_after.get(key)
        if row is None:
            result.missing.extend(f"income {key} amount {a}" for a in amounts)
            continue
        for i, amount in enumerate(amounts):
            last = i == len(amounts) - 1
            ok = amount in history[row[0]] and (not last or row == expected[key])
            result.check(
                "income",
                ok,
                f"{key}: sent {amount}, table has {row[1]}, history {sorted(history[row[0]])}",
                missing=amount not in history[row[0]],
            )
    for key in income_after.keys() - expected.keys():
        result.unacknowledged.append(f"income record {key} = {income_after[key][1]} appeared unacknowledged")
    for key in expected.keys() & income_after.keys():
        if key not in sent_per_key and income_after[key] != expected[key]:
            result.unacknowledged.append(
                f"income record {key} changed unacknowledged: {expected[key][1]} -> {income_after[key][1]}"
            )
    for key in expected.keys() - income_after.keys() - sent_per_key.keys():
        result.unacknowledged.append(f"income record {key} disappeared")

    # Bookings: each acknowledged one is there as sent; its status is the last acknowledged decision's.
    after = booking_state()
    created = {w["body"]["code"]: w for w in acked if w["kind"] == "booking"}
    decisions: dict[str, list[dict]] = defaultdict(list)
    for w in (w for w in acked if w["kind"] in ("confirm", "decline")):
        decisions[w["sent"]["code"]].append(w)
        if w["sent"]["code"] not in created:
            result.mismatched.append(f"{w['kind']} of {w['sent']['code']}: not a booking of this run")
    for code, w in created.items():
        s, b = w["sent"], after.get(code)
        if b is None:
            result.missing.append(f"booking {code} ({s})")
            result.missing.extend(f"{d['kind']} of booking {code}" for d in decisions.get(code, []))
            continue
        same = (
            b.program.slug == s["program"]
            and b.date.isoformat() == s["date"]
            and b.people == s["people"]
            and b.name == s["name"]
            and b.phone == s["phone"]
            and b.total_price == Decimal(w["body"]["total_price"]) == b.program.price_for(s["people"])
        )
        result.check(
            "booking",
            same,
            f"{code}: sent {s}, table has {b.program.slug} {b.date} {b.people} "
            f"{b.name!r} {b.phone} {b.total_price}",
        )
        steps = sorted(decisions.get(code, []), key=lambda d: d["body"]["decided_at"])
        if steps:
            last = steps[-1]
            want = BookingStatus.CONFIRMED if last["kind"] == "confirm" else BookingStatus.DECLINED
            note = last["sent"].get("note", last["sent"].get("reason"))
            for step in steps:
                ok = (
                    b.status == want
                    and b.response_note == note
                    and b.decided_by is not None
                    and b.decided_by.username == last["user"]
                )
                result.check(
                    step["kind"],
                    ok,
                    f"{code}: {step['kind']} acknowledged, last {last['kind']} "
                    f"{note!r} by {last['user']}; table has {b.status} "
                    f"{b.response_note!r} by {b.decided_by}",
                )
        elif b.status != BookingStatus.REQUESTED:
            result.unacknowledged.append(f"booking {code} is {b.status} without an acknowledged decision")
    for code in after.keys() - bookings_before.keys() - created.keys():
        result.unacknowledged.append(f"booking {code} ({after[code].name}) appeared unacknowledged")
    for code in bookings_before.keys() & after.keys():
        b0, b1 = bookings_before[code], after[code]
        if (b0.status, b0.date, b0.people, b0.response_note) != (
            b1.status,
            b1.date,
            b1.people,
            b1.response_note,
        ):
            result.unacknowledged.append(f"demo booking {code} changed: {b0.status} -> {b1.status}")
    for code in bookings_before.keys() - after.keys():
        result.unacknowledged.append(f"booking {code} disappeared")

    # Capacity: each date's row holds exactly the people of its holding bookings, within capacity.
    held: dict[tuple, int] = defaultdict(int)
    for b in Booking.objects.filter(status__in=HOLDING_STATUSES):
        held[(b.program_id, b.date)] += b.people
    for slot in ProgramDateCapacity.objects.all():
        want = held.pop((slot.program_id, slot.date), 0)
        if slot.booked != want or slot.booked > slot.capacity:
            result.mismatched.append(
                f"capacity of program {slot.program_id} on {slot.date}: booked {slot.booked}, "
                f"bookings hold {want}, capacity {slot.capacity}"
            )
    for (program_id, date), people in held.items():
        result.mismatched.append(
            f"program {program_id} on {date}: {people} people held without a capacity row"
        )
    return result
