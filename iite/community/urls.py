from django.urls import path

from . import views, views_manage

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("moderation/", views.queue, name="queue"),
    path("posts/<int:pk>/flag/", views.flag, name="flag"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/answer/", views.mark_answer, name="mark_answer"),
    path("posts/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("posts/<int:pk>/promote/", views.promote, name="promote"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("support/", views.support, name="support"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/", views_manage.space_list, name="manage_spaces"),
    path("manage/new/", views_manage.space_new, name="manage_space_new"),
    path("manage/words/", views_manage.word_list, name="manage_words"),
    path("manage/words/<int:pk>/", views_manage.word_edit, name="manage_word"),
    path("manage/words/<int:pk>/remove/", views_manage.word_remove, name="manage_word_remove"),
    path("manage/<slug:slug>/", views_manage.space_edit, name="manage_space"),
    path("manage/<slug:slug>/archive/", views_manage.space_archive, name="manage_space_archive"),
    path("manage/<slug:slug>/members/", views_manage.member_add, name="manage_member_add"),
    path(
        "manage/<slug:slug>/members/<int:user_id>/remove/",
        views_manage.member_remove,
        name="manage_member_remove",
    ),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/watch/", views.watch, name="watch_space"),
    path("<slug:slug>/t/<int:pk>/watch/", views.watch, name="watch_thread"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/t/<int:pk>/", views.thread, name="thread"),
]
