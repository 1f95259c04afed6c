from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("my-organisation/", views.my_organisation, name="my_organisation"),
    path("manage/", views.directory, name="directory"),
    path("manage/new/", views.partner_create, name="partner_create"),
    path("manage/map/", views.partnership_map, name="map"),
    path("manage/member-states/", views.member_states, name="member_states"),
    path("manage/member-states/new/", views.engagement_edit, name="engagement_create"),
    path("manage/member-states/<str:iso2>/", views.member_state, name="member_state"),
    path("manage/member-states/<str:iso2>/edit/", views.engagement_edit, name="engagement_edit"),
    path("manage/resources/", views.resources, name="resources"),
    path("manage/resources/<str:kind>/new/", views.resource_edit, name="resource_create"),
    path("manage/resources/<str:kind>/<int:pk>/", views.resource_edit, name="resource_edit"),
    path("manage/documents/<int:pk>/", views.document_download, name="document_download"),
    path(
        "manage/focal-points/<int:pk>/remove/", views.focal_point_remove, name="focal_point_remove"
    ),
    path("manage/<slug:slug>/", views.profile, name="profile"),
    path("manage/<slug:slug>/edit/", views.partner_edit, name="partner_edit"),
    path("manage/<slug:slug>/merge/", views.partner_merge, name="partner_merge"),
    path("manage/<slug:slug>/focal-points/new/", views.focal_point_add, name="focal_point_add"),
    path("manage/<slug:slug>/agreements/new/", views.agreement_edit, name="agreement_create"),
    path("manage/<slug:slug>/agreements/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path(
        "manage/<slug:slug>/agreements/<int:pk>/documents/new/",
        views.document_upload,
        name="document_upload",
    ),
    path("<slug:slug>/", views.public_profile, name="public_profile"),
]
