"""Signals other apps may listen to (wisdom depends on none of them)."""

from django.dispatch import Signal

# Sent by services.consent_withdraw inside its transaction, with keyword arguments
#   consent    – the HolderConsent period just closed (its pk names the event in e-mail keys),
#   holder     – the KnowledgeHolder who withdrew,
#   record_ids – [the holder's wisdom record id],
#   scope      – the ConsentScope value withdrawn,
#   on         – the date it stops counting (a datetime.date),
#   actor      – who recorded it.
# A listener unpublishes, through its own services and with core.actors.SYSTEM, every object of its app
# that uses those records for that scope, e-mails the objects' owners (core.outbox), and RETURNS a list
# of Thai one-line descriptions of what it unpublished: the wisdom app lists them in the staff e-mail.
consent_withdrawn = Signal()
