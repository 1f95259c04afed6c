from django.urls import path

from . import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.assistant, name="assistant"),
    path("conversation/", views.conversation_fragment, name="conversation"),
    path("counsellor/", views.handoff, name="handoff"),
    path("continue/<uuid:conversation_id>/", views.handoff_start, name="handoff_start"),
    path("leave/", views.leave, name="leave"),
    path("privacy/", views.privacy, name="privacy"),
    path("queue/", views.queue, name="queue"),
    path("queue/<uuid:conversation_id>/", views.queue_conversation, name="queue_conversation"),
    path("statistics/", views.statistics, name="statistics"),
]
