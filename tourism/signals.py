"""Signals other apps may listen to (tourism depends on none of them)."""

from django.dispatch import Signal

# Sent by services.visit_record_upsert inside its transaction, with `visit` (a MonthlyVisit):
# the evaluation app mirrors the month's tourism income into its income records.
visit_recorded = Signal()

# Sent by services.visit_delete inside its transaction, with `visit` (the deleted MonthlyVisit,
# its community and month still set): a listener may drop what it mirrored from that month.
visit_deleted = Signal()

# Sent by services.booking_create inside its transaction, after the booking row is saved, with `booking`,
# `actor` and `attribution`: a dict the caller passed through unread — the tourist's typed code
# (`"code"`, the booking form's "ได้รับรหัสจากงานแสดงสินค้า?") and what the hook
# ``tourism.booking_attribution`` returned for the request. The campaigns app credits the booking to a
# tracked link. A receiver may refuse with a ValidationError (e.g. {"source_code": ...}): the booking
# is then rolled back, nothing saved.
booking_created = Signal()
