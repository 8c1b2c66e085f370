"""Spreadsheet imports of the campaigns admin (django-import-export) — through the services.

import-export would save and delete each row itself; these resources hand every row to the app's
services instead, with the importing staff member as ``actor``, so an imported support record or post
obeys the same rules as one typed on a page. A row a service refuses is reported as that row's error.
(core.resources.ServiceResource.)
"""

from __future__ import annotations

from core.resources import ServiceResource

from . import services
from .models import CampaignPost, Support


class SupportResource(ServiceResource):
    create_service = services.support_record
    update_service = services.support_update
    delete_service = services.support_delete
    instance_kwarg = "support"
    service_fields = ("partner", "kind", "title", "group", "project", "community", "issue", "date", "value",
                      "description", "outcome")

    class Meta:
        model = Support


class CampaignPostResource(ServiceResource):
    create_service = services.post_save
    update_service = services.post_save
    delete_service = services.post_delete
    instance_kwarg = "post"
    service_fields = ("campaign", "channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks",
                      "video_views")

    class Meta:
        model = CampaignPost
