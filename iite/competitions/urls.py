from django.urls import path

from . import views, views_judging, views_manage

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("my/", views.my_competitions, name="my"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/invite/", views.entry_invite, name="entry_invite"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:pk>/join/", views.entry_join, name="entry_join"),
    path("entries/<int:pk>/conflict/", views.entry_conflict, name="entry_conflict"),
    path("entries/<int:pk>/files/", views.entry_file_upload, name="entry_file_upload"),
    path(
        "entries/<int:pk>/files/<int:file_id>/remove/",
        views.entry_file_remove,
        name="entry_file_remove",
    ),
    path("files/<int:file_id>/", views.entry_file_download, name="entry_file"),
    path("judging/<int:edition_id>/", views_judging.judge_home, name="judge_home"),
    path("judging/<int:edition_id>/<int:pk>/", views_judging.review, name="review"),
    path(
        "judging/<int:edition_id>/<int:pk>/conflict/",
        views_judging.declare_conflict,
        name="declare_conflict",
    ),
    path("manage/", views_manage.manage_list, name="manage_list"),
    path("manage/new/", views_manage.manage_edition_new, name="manage_new"),
    path(
        "manage/competitions/new/",
        views_manage.manage_competition_new,
        name="manage_competition_new",
    ),
    path("manage/<int:pk>/", views_manage.manage_edition, name="manage"),
    path("manage/<int:pk>/edit/", views_manage.manage_edition_edit, name="manage_edit"),
    path("manage/<int:pk>/stage/", views_manage.manage_stage, name="manage_stage"),
    path("manage/<int:pk>/judges/", views_manage.manage_judge_invite, name="manage_judge_invite"),
    path("manage/<int:pk>/assign/", views_manage.manage_assign, name="manage_assign"),
    path(
        "manage/<int:pk>/assign/add/",
        views_manage.manage_assignment_add,
        name="manage_assignment_add",
    ),
    path(
        "manage/<int:pk>/assign/<int:assignment_id>/remove/",
        views_manage.manage_assignment_remove,
        name="manage_assignment_remove",
    ),
    path("manage/<int:pk>/promote/", views_manage.manage_promote, name="manage_promote"),
    path(
        "manage/<int:pk>/entries/<int:number>/result/",
        views_manage.manage_result,
        name="manage_result",
    ),
    path(
        "manage/<int:pk>/entries/<int:number>/ineligible/",
        views_manage.manage_ineligible,
        name="manage_ineligible",
    ),
    path("manage/<int:pk>/publish/", views_manage.manage_publish, name="manage_publish"),
    path("<slug:slug>/<int:year>/", views.edition_detail, name="edition"),
    path("<slug:slug>/<int:year>/apply/", views.apply, name="apply"),
    path("<slug:slug>/<int:year>/winners/", views.winners, name="winners"),
]
