from django.urls import path

from . import studio, views

app_name = "learning"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("my/", views.my_learning, name="my"),
    path("courses/<slug:slug>/", views.course_page, name="course"),
    path("courses/<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("courses/<slug:slug>/continue/", views.continue_course, name="continue"),
    path("courses/<slug:slug>/lessons/<int:pk>/", views.lesson_page, name="lesson"),
    path(
        "courses/<slug:slug>/lessons/<int:pk>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path("courses/<slug:slug>/quizzes/<int:pk>/", views.quiz_page, name="quiz"),
    path(
        "courses/<slug:slug>/quizzes/<int:pk>/attempts/<int:number>/",
        views.quiz_result,
        name="quiz_result",
    ),
    # The course studio (content editors and reviewers).
    path("studio/", studio.index, name="studio"),
    path("studio/reviews/", studio.reviews, name="studio_reviews"),
    path("studio/courses/new/", studio.course_new, name="studio_course_new"),
    path("studio/courses/<slug:slug>/", studio.course_detail, name="studio_course"),
    path("studio/courses/<slug:slug>/edit/", studio.course_edit, name="studio_course_edit"),
    path("studio/courses/<slug:slug>/submit/", studio.course_submit, name="studio_course_submit"),
    path(
        "studio/courses/<slug:slug>/approve/", studio.course_approve, name="studio_course_approve"
    ),
    path("studio/courses/<slug:slug>/return/", studio.course_return, name="studio_course_return"),
    path(
        "studio/courses/<slug:slug>/credential/",
        studio.course_achievement,
        name="studio_course_achievement",
    ),
    path(
        "studio/courses/<slug:slug>/unpublish/",
        studio.course_unpublish,
        name="studio_course_unpublish",
    ),
    path("studio/courses/<slug:slug>/modules/new/", studio.module_new, name="studio_module_new"),
    path("studio/modules/<int:pk>/edit/", studio.module_edit, name="studio_module"),
    path("studio/modules/<int:pk>/lessons/new/", studio.lesson_new, name="studio_lesson_new"),
    path("studio/modules/<int:pk>/quizzes/new/", studio.quiz_new, name="studio_quiz_new"),
    path("studio/lessons/<int:pk>/", studio.lesson_edit, name="studio_lesson"),
    path(
        "studio/lessons/<int:pk>/<str:what>/add/",
        studio.lesson_attach,
        name="studio_lesson_attach",
    ),
    path(
        "studio/files/<str:what>/<int:pk>/delete/",
        studio.attachment_delete,
        name="studio_attachment_delete",
    ),
    path("studio/quizzes/<int:pk>/", studio.quiz_edit, name="studio_quiz"),
    path("studio/quizzes/<int:pk>/questions/new/", studio.question_new, name="studio_question_new"),
    path("studio/questions/<int:pk>/", studio.question_edit, name="studio_question"),
    path("studio/<str:what>/<int:pk>/delete/", studio.content_delete, name="studio_content_delete"),
    path("studio/platforms/new/", studio.platform_new, name="studio_platform_new"),
    path("studio/platforms/<slug:slug>/", studio.platform_edit, name="studio_platform"),
    # A platform's landing page; its slug cannot be one of the words above.
    path("<slug:slug>/", views.platform_page, name="platform"),
]
