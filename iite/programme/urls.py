from django.urls import path

from . import views, views_people

app_name = "programme"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.activity_create, name="activity_create"),
    path("manage/import/", views.import_upload, name="import"),
    path("manage/import/<int:pk>/", views.import_job, name="import_job"),
    path("manage/import/<int:pk>/resume/", views.import_job_resume, name="import_job_resume"),
    path(
        "manage/import/template-<slug:kind>.<slug:fmt>",
        views.import_template,
        name="import_template",
    ),
    path("manage/units/", views.units, name="units"),
    path("manage/units/<int:pk>/remove/", views.unit_remove, name="unit_remove"),
    path("manage/people/", views_people.people, name="people"),
    path("manage/people/<uuid:key>.json", views_people.person_download, name="person_download"),
    path("manage/people/<uuid:key>/erase/", views_people.person_delete, name="person_erase"),
    path("manage/<slug:code>/", views.manage_detail, name="manage_detail"),
    path("manage/<slug:code>/edit/", views.activity_edit, name="activity_edit"),
    path("manage/<slug:code>/participation/", views.participation_add, name="participation_add"),
    path("manage/<slug:code>/counts/", views.aggregate_add, name="aggregate_add"),
    path(
        "manage/<slug:code>/counts/<int:pk>/delete/",
        views.aggregate_delete,
        name="aggregate_delete",
    ),
    path("<slug:code>/", views.activity_detail, name="activity_detail"),
]
