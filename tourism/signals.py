"""Signals other apps may listen to (tourism depends on none of them)."""

from django.dispatch import Signal

# Sent by services.visit_record_upsert inside its transaction, with `visit` (a MonthlyVisit):
# the evaluation app mirrors the month's tourism income into its income records.
visit_recorded = Signal()

# Sent by services.visit_delete inside its transaction, with `visit` (the deleted MonthlyVisit,
# its community and month still set): a listener may drop what it mirrored from that month.
visit_deleted = Signal()
