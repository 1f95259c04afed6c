from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("moderation/", views.queue, name="queue"),
    path("posts/<int:pk>/flag/", views.flag, name="flag"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/answer/", views.mark_answer, name="mark_answer"),
    path("posts/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/watch/", views.watch, name="watch_space"),
    path("<slug:slug>/t/<int:pk>/watch/", views.watch, name="watch_thread"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/t/<int:pk>/", views.thread, name="thread"),
]
