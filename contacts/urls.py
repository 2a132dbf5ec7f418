from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.settings, name="settings"),
]
