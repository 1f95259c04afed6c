from django.urls import include, path

from . import urls_practices, views, views_manage

app_name = "library"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Best practices offered by teachers and students, and their moderation
    path("practices/", include(urls_practices.public)),
    path("manage/practices/", include(urls_practices.manage)),
    # Staff
    path("manage/", views_manage.publication_list, name="manage"),
    path("manage/new/", views_manage.publication_create, name="manage_create"),
    path("manage/<slug:slug>/", views_manage.publication_edit, name="manage_edit"),
    path("manage/<slug:slug>/files/", views_manage.file_upload, name="manage_files"),
    path(
        "manage/<slug:slug>/files/<str:language>/delete/",
        views_manage.file_delete,
        name="manage_file_delete",
    ),
    path("manage/<slug:slug>/status/", views_manage.status_set, name="manage_status"),
    # Public
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cite.<str:style>", views.export, name="export"),
    path("<slug:slug>/<str:language>/download/", views.download, name="download"),
]
