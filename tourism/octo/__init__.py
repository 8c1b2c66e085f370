"""The OCTO supplier API (/octo/): travel sellers resell the published tourism programs.

Open Connectivity for Tours, Activities and Attractions, core specification: a program is a Product
with one Option ("DEFAULT") and two Units (adult, child); its availability is read from, and its
bookings hold places in, the same ProgramDateCapacity rows the portal's own bookings use; a reseller's
booking is a tourism Booking (with its reseller, uuid and hold expiry), so the coordinators' queue
and the community's list see it. Documented for resellers in docs/octo.md; schema at /octo/schema/.
"""
