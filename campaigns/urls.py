from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("partner/", views.PartnerHomeView.as_view(), name="partner_home"),
    path("issues/", views.IssueListView.as_view(), name="issue_list"),
    path("issues/new/", views.IssueCreateView.as_view(), name="issue_create"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="issue_detail"),
    path("issues/<int:pk>/edit/", views.IssueUpdateView.as_view(), name="issue_edit"),
    path("partner/supports/", views.SupportListView.as_view(), name="support_list"),
    path("partner/supports/new/", views.SupportCreateView.as_view(), name="support_create"),
    path("partner/supports/<int:pk>/edit/", views.SupportUpdateView.as_view(), name="support_edit"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/posts-template.csv", views.posts_csv_template, name="posts_csv_template"),
    path("campaigns/new/", views.CampaignFormView.as_view(), name="campaign_create"),
    path("campaigns/sales/", views.SaleListView.as_view(), name="sale_list"),
    path("campaigns/<str:slug>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<str:slug>/funnel/", views.CampaignFunnelView.as_view(), name="campaign_funnel"),
    path("campaigns/<str:slug>/funnel.xlsx", views.CampaignFunnelExportView.as_view(), name="campaign_funnel_xlsx"),
    path("campaigns/<str:slug>/edit/", views.CampaignFormView.as_view(), name="campaign_edit"),
    path("links/<slug:code>/qr.<str:fmt>", views.LinkQrView.as_view(), name="link_qr"),
    path("links/<slug:code>/card/", views.LinkCardView.as_view(), name="link_card"),
    path("go/<slug:code>", views.go, name="go"),
    path("order/<str:slug>/<str:contact>", views.order_contact, name="order_contact"),
]
