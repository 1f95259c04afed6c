from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/<slug:code>/v<int:version>/", views.framework, name="framework"),
    path("answer/", views.access, name="access"),
    path("answer/resume/", views.resume, name="resume"),
    path("r/<str:code>/", views.respond, name="respond"),
    path("a/<str:key>/<int:page>/", views.answer, name="answer"),
    path("a/<str:key>/thanks/", views.done, name="done"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/status/", views.campaign_status, name="campaign_status"),
    path("campaigns/<int:pk>/report/", views.report, name="report"),
    path("campaigns/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("campaigns/<int:pk>/report.csv", views.report_csv, name="report_csv"),
    path("campaigns/<int:pk>/plan/", views.plan, name="plan"),
    path(
        "campaigns/<int:pk>/plan/<int:priority>/actions/new/", views.action_edit, name="action_new"
    ),
    path(
        "campaigns/<int:pk>/plan/<int:priority>/actions/<int:action>/",
        views.action_edit,
        name="action_edit",
    ),
    path("aggregates/", views.aggregates, name="aggregates"),
    path("campaigns/<int:pk>/support/", views.record_support, name="record_support"),
]
