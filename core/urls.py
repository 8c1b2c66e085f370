from django.urls import path

from . import files, notification_views, views

app_name = "core"

urlpatterns = [
    path("me/", views.DashboardView.as_view(), name="dashboard"),
    path("me/notifications/", notification_views.NotificationListView.as_view(), name="notifications"),
    path("me/notifications/read/", notification_views.NotificationsReadView.as_view(), name="notifications_read"),
    path("me/notifications/<int:pk>/open/", notification_views.NotificationOpenView.as_view(),
         name="notification_open"),
    path("me/notifications/settings/", notification_views.NotificationSettingsView.as_view(),
         name="notification_settings"),
    path("me/notifications/line/code/", notification_views.line_code_view, name="line_code"),
    path("me/notifications/line/unlink/", notification_views.line_unlink_view, name="line_unlink"),
    path("line/webhook/", notification_views.line_webhook, name="line_webhook"),
    path("groups/", views.ProducerGroupListView.as_view(), name="group_list"),
    path("groups/<str:slug>/", views.ProducerGroupDetailView.as_view(), name="group_detail"),
    path("groups/<str:slug>/edit/", views.ProducerGroupUpdateView.as_view(), name="group_edit"),
    path("files/<str:model>/<int:pk>/<str:field>/", files.serve_file, name="file"),
]
