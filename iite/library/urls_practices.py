"""Addresses of best-practice submissions (included by `urls` in the library's namespace)."""

from django.urls import path

from . import views_collections as collections
from . import views_practices as views

public = [
    path("", views.practice_mine, name="practice_mine"),
    path("submit/", views.practice_submit, name="practice_submit"),
    path("<int:pk>/", views.practice_detail, name="practice_detail"),
    path("<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("files/<int:pk>/", views.practice_file, name="practice_file"),
]

manage = [
    path("", views.queue, name="practice_queue"),
    path("<int:pk>/", views.review, name="practice_review"),
    # Best-practice collections (publications staff make of published practices)
    path("collections/", collections.collection_list, name="collection_list"),
    path("collections/new/", collections.collection_create, name="collection_create"),
    path("collections/<slug:slug>/", collections.collection_edit, name="collection_edit"),
]
