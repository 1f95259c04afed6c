from django.urls import path

from . import revision_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("summary.<str:fmt>", views.export_public_indicators, name="summary_export"),
    path("figure/<str:measure>/", views.figure, name="figure"),
    path("iati.xml", views.iati, name="iati"),
    path("manage/", views.staff_dashboard, name="staff_dashboard"),
    path("manage/indicators.<str:fmt>", views.export_indicators, name="export_indicators"),
    path("manage/report/<int:year>.pdf", views.annual_report, name="annual_report"),
    path("manage/reported/", views.reported_list, name="reported_list"),
    path("manage/reported/new/", views.reported_edit, name="reported_new"),
    path("manage/reported/<int:pk>/", views.reported_edit, name="reported_edit"),
    path("manage/workplans/", views.workplan_list, name="workplan_list"),
    path("manage/workplans/new/", views.workplan_edit, name="workplan_new"),
    path("manage/workplans/<int:year>/", views.workplan_detail, name="workplan_detail"),
    path("manage/workplans/<int:year>/edit/", views.workplan_edit, name="workplan_edit"),
    path("manage/workplans/<int:year>/status/", views.workplan_status, name="workplan_status"),
    path("manage/workplans/<int:year>/items/new/", views.workplan_item_edit, name="item_new"),
    path("manage/workplans/<int:year>/items/<int:pk>/", views.workplan_item_edit, name="item_edit"),
    path(
        "manage/workplans/<int:year>/items/<int:pk>/narrative/",
        revision_views.item_narrative,
        name="item_narrative",
    ),
    path(
        "manage/workplans/<int:year>/revisions/new/",
        revision_views.revision_open,
        name="revision_new",
    ),
    path(
        "manage/workplans/<int:year>/revisions/<int:number>/",
        revision_views.revision_detail,
        name="revision_detail",
    ),
    path(
        "manage/workplans/<int:year>/revisions/<int:number>/decide/",
        revision_views.revision_decide,
        name="revision_decide",
    ),
    path(
        "manage/workplans/<int:year>/revisions/<int:number>/items/new/",
        revision_views.revision_item_edit,
        name="revision_item_new",
    ),
    path(
        "manage/workplans/<int:year>/revisions/<int:number>/items/<int:index>/",
        revision_views.revision_item_edit,
        name="revision_item_edit",
    ),
    path(
        "manage/workplans/<int:year>/revisions/<int:number>/items/<int:index>/remove/",
        revision_views.revision_item_remove,
        name="revision_item_remove",
    ),
    path(
        "manage/workplans/<int:year>/reviews/<str:kind>/",
        views.workplan_review_edit,
        name="review_edit",
    ),
    path("manage/risks/", views.risk_list, name="risk_list"),
    path("manage/risks/new/", views.risk_edit, name="risk_new"),
    path("manage/risks/<slug:code>/", views.risk_detail, name="risk_detail"),
    path("manage/risks/<slug:code>/edit/", views.risk_edit, name="risk_edit"),
    path("manage/risks/<slug:code>/review/", views.risk_review, name="risk_review"),
    path("manage/risks/<slug:code>/actions/new/", views.action_edit, name="action_new"),
    path("manage/risks/<slug:code>/actions/<int:pk>/", views.action_edit, name="action_edit"),
]
