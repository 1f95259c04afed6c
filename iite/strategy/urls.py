from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.framework, name="framework"),
    path("manage/period/<slug:code>/", views.period_edit, name="period_edit"),
    path("manage/<slug:kind>/<int:pk>/", views.item_edit, name="item_edit"),
    path("manage/<slug:period_code>/<slug:kind>/add/", views.item_add, name="item_add"),
]
