"""Spreadsheet imports of the evaluation (admin, django-import-export) — through the services.

import-export would save and delete each row itself; these resources hand every row to the app's
services instead, with the importing staff member as ``actor``, so an imported month of income obeys
the same rules (one record per unit, month and source; no future month; exactly one unit) as one typed
on a page. A row a service refuses is reported as that row's error and nothing of the import is saved.
"""

from __future__ import annotations

from core.resources import ServiceResource

from . import services
from .models import Enrollment, IncomeRecord


class IncomeRecordResource(ServiceResource):
    create_service = services.income_record_create
    update_service = services.income_record_update
    delete_service = services.income_record_delete
    instance_kwarg = "record"
    service_fields = ("producer_group", "tourism_community", "month", "source", "amount")

    class Meta:
        model = IncomeRecord


class EnrollmentResource(ServiceResource):
    create_service = services.enrollment_create
    update_service = services.enrollment_update
    delete_service = services.enrollment_delete
    instance_kwarg = "enrollment"
    service_fields = ("fiscal_year", "project", "producer_group", "tourism_community")

    class Meta:
        model = Enrollment
