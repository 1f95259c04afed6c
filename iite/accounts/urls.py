from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.delete, name="delete"),
    path("time-zone/", views.time_zone_detected, name="time_zone_detected"),
]
