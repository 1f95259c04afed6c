from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "staff/audit/<int:content_type_id>/<str:object_id>/",
        views.audit_history,
        name="audit_history",
    ),
]
