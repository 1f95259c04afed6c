from django.urls import path

from . import staff, views

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
    path("statistics/", staff.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", staff.statistics_export, name="statistics_export"),
    path("staff/answers/", staff.answers, name="staff_answers"),
    path("staff/answers/new/", staff.answer_new, name="staff_answer_new"),
    path("staff/answers/<int:pk>/", staff.answer_edit, name="staff_answer"),
    path("staff/reviews/", staff.reviews, name="staff_reviews"),
    path("staff/helplines/", staff.helplines, name="staff_helplines"),
    path("staff/helplines/new/", staff.helpline_new, name="staff_helpline_new"),
    path("staff/helplines/<int:pk>/", staff.helpline_edit, name="staff_helpline"),
]
