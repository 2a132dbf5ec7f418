from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.settings, name="settings"),
    path("import/", views.import_export, name="import_export"),
    path("import/sample/", views.import_sample, name="import_sample"),
    path("import/<int:pk>/", views.import_run, name="import_run"),
]
