from django.urls import path

from . import views, work

app_name = "observatory"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("compare/", views.compare, name="compare"),
    path("protocol/", views.protocol_page, name="protocol"),
    path("protocol/<str:version>/", views.protocol_page, name="protocol_version"),
    path("feed.atom", views.AssessmentFeed(), name="feed"),
    path("export.<str:fmt>", views.export, name="export"),
    path("propose/", views.propose, name="propose"),
    # The provider's right of reply, through the signed link of its e-mail.
    path("reply/<str:token>/", views.provider_reply, name="provider_reply"),
    # The team's workspace.
    path("work/", work.workspace, name="work"),
    path("work/triage/", work.workspace_triage, name="work_triage"),
    path("work/tools/<int:pk>/", work.tool_work, name="work_tool"),
    path("work/tools/<int:pk>/edit/", work.tool_edit, name="work_tool_edit"),
    path("work/tools/<int:pk>/triage/", work.tool_triage, name="work_triage_tool"),
    path("work/tools/<int:pk>/version/", work.tool_version, name="work_version"),
    path("work/tools/<int:pk>/audits/", work.audit_add, name="work_audit"),
    path("work/tools/<int:pk>/figures/", work.figure_add, name="work_figure"),
    path("work/tools/<int:pk>/mentions/", work.mention_add, name="work_mention"),
    path("work/tools/<int:pk>/publications/", work.publication_link, name="work_publication"),
    path(
        "work/tools/<int:pk>/publications/<int:link>/remove/",
        work.publication_unlink,
        name="work_publication_remove",
    ),
    path("work/assessments/<int:pk>/", work.assessment_work, name="work_assessment"),
    path("work/assessments/<int:pk>/declare/", work.declare, name="work_declare"),
    path("work/assessments/<int:pk>/assign/", work.assign, name="work_assign"),
    path("work/assessments/<int:pk>/review/", work.review, name="work_review"),
    path("work/assessments/<int:pk>/reconcile/", work.reconcile, name="work_reconcile"),
    path("work/assessments/<int:pk>/reply-request/", work.reply_request, name="work_reply_request"),
    path("work/assessments/<int:pk>/reply/", work.reply_record, name="work_reply"),
    path("work/assessments/<int:pk>/publish/", work.publish, name="work_publish"),
    path("work/assessments/<int:pk>/evidence/", work.evidence_add, name="work_evidence"),
    # Public tool pages; a tool's slug cannot be one of the words above.
    path("<slug:slug>/", views.tool_page, name="tool"),
    path("<slug:slug>/assessments/<int:pk>/", views.assessment_page, name="assessment"),
]
