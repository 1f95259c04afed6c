from django.urls import path

from . import views, views_manage

app_name = "events"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("feed.ics", views.feed_ics, name="feed"),
    path("mine/", views.my_registrations, name="mine"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", views.certificate_download, name="certificate_pdf"),
    # Staff
    path("manage/", views_manage.event_list, name="manage"),
    path("manage/new/", views_manage.event_create, name="manage_create"),
    path("manage/checkin/<str:token>/", views_manage.checkin_scan, name="manage_checkin_scan"),
    path("manage/<slug:slug>/", views_manage.event_manage, name="manage_event"),
    path("manage/<slug:slug>/edit/", views_manage.event_edit, name="manage_edit"),
    path("manage/<slug:slug>/publish/", views_manage.event_publish, name="manage_publish"),
    path("manage/<slug:slug>/sessions/add/", views_manage.session_add, name="manage_session_add"),
    path(
        "manage/<slug:slug>/sessions/<int:pk>/",
        views_manage.session_edit,
        name="manage_session_edit",
    ),
    path("manage/<slug:slug>/speakers/add/", views_manage.speaker_add, name="manage_speaker_add"),
    path(
        "manage/<slug:slug>/speakers/<int:pk>/",
        views_manage.speaker_edit,
        name="manage_speaker_edit",
    ),
    path(
        "manage/<slug:slug>/questions/add/", views_manage.question_add, name="manage_question_add"
    ),
    path(
        "manage/<slug:slug>/consultation/questions/add/",
        views_manage.consultation_question_add,
        name="manage_consultation_question_add",
    ),
    path(
        "manage/<slug:slug>/<str:kind>/<int:pk>/delete/",
        views_manage.child_delete,
        name="manage_child_delete",
    ),
    path(
        "manage/<slug:slug>/registrations/",
        views_manage.registrations,
        name="manage_registrations",
    ),
    path(
        "manage/<slug:slug>/registrations.<str:fmt>",
        views_manage.registrations_export,
        name="manage_registrations_export",
    ),
    path("manage/<slug:slug>/attendance/", views_manage.attendance, name="manage_attendance"),
    path(
        "manage/<slug:slug>/attendance/imports/<int:pk>/",
        views_manage.attendance_job,
        name="manage_attendance_job",
    ),
    path(
        "manage/<slug:slug>/attendance/imports/<int:pk>/resume/",
        views_manage.attendance_job_resume_view,
        name="manage_attendance_job_resume",
    ),
    path(
        "manage/<slug:slug>/attendance/attendees/<int:pk>/",
        views_manage.attendee_action,
        name="manage_attendee_action",
    ),
    path("manage/<slug:slug>/checkin/", views_manage.checkin, name="manage_checkin"),
    path("manage/<slug:slug>/certificates/", views_manage.certificates, name="manage_certificates"),
    path("manage/<slug:slug>/figures/", views_manage.figures, name="manage_figures"),
    path(
        "manage/<slug:slug>/consultation/",
        views_manage.consultation_results,
        name="manage_consultation",
    ),
    path(
        "manage/<slug:slug>/consultation.<str:fmt>",
        views_manage.consultation_export,
        name="manage_consultation_export",
    ),
    # Public event pages (last: the slug is free text)
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/consultation/", views.consultation, name="consultation"),
]
