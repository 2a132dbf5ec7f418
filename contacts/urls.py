from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.settings, name="settings"),
    # Your data (area: data)
    path("settings/data/", views.data_settings, name="data_settings"),
    path("settings/data/backup/", views.backup_now, name="backup_now"),
    path("settings/data/export/", views.export_everything, name="export_everything"),
    path("settings/data/import/", views.import_netcoach_export, name="import_netcoach_export"),
    path("settings/data/delete/", views.delete_all_data, name="delete_all_data"),
]
