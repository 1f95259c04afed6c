from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("issuer/", views.issuer, name="issuer"),
    path("verify/", views.verify, name="verify"),
    path("manage/", views.manage, name="manage"),
    path("manage/<uuid:uuid>/revoke/", views.revoke, name="revoke"),
    path("manage/batches/", views.batches, name="batches"),
    path("manage/batches/<int:pk>/", views.batch, name="batch"),
    path("manage/batches/<int:pk>/resume/", views.batch_resume, name="batch_resume"),
    path("status/<int:pk>/", views.status_list, name="status_list"),
    path("achievements/<slug:code>/", views.achievement, name="achievement"),
    path("achievements/<slug:code>/badge.svg", views.badge, name="badge"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/credential.json", views.download_json, name="json"),
    path("<uuid:uuid>/certificate.pdf", views.download_pdf, name="pdf"),
    path("<uuid:uuid>/display-name/", views.display_name, name="display_name"),
]
