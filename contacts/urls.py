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
    path("import/", views.import_export, name="import_export"),
    path("import/sample/", views.import_sample, name="import_sample"),
    path("import/<int:pk>/", views.import_run, name="import_run"),
    # Dashboard, layers and the weekly review (area: dashboard)
    path("people/<int:pk>/set-layer/", views.set_layer, name="set_layer"),
    path("review/", views.review, name="review"),
    path("review/start/", views.review_start, name="review_start"),
    path("review/step/", views.review_step, name="review_step"),
    path("review/reconnect/<int:pk>/", views.review_reconnect, name="review_reconnect"),
    path(
        "review/follow-ups/<int:pk>/done/",
        views.review_follow_up_done,
        name="review_follow_up_done",
    ),
    path("review/finish/", views.review_finish, name="review_finish"),
]

# --- people (issue 5) -------------------------------------------------------------------------
urlpatterns += [
    path("meetings/new/", views.log_meeting, name="log_meeting"),
    path("people/", views.people, name="people"),
    path("people/search/", views.people_search, name="people_search"),
    path("people/bulk/", views.people_bulk, name="people_bulk"),
    path("people/export.csv", views.people_export, name="people_export"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/layer/", views.person_layer, name="person_layer"),
    path("people/<int:pk>/tags/", views.person_tag_add, name="person_tag_add"),
    path(
        "people/<int:pk>/tags/<int:tag_id>/remove/",
        views.person_tag_remove,
        name="person_tag_remove",
    ),
    path("people/<int:pk>/notes/", views.person_note_add, name="person_note_add"),
    path(
        "people/<int:pk>/interactions/",
        views.person_interaction_add,
        name="person_interaction_add",
    ),
    path("people/<int:pk>/invitation/", views.person_invitation, name="person_invitation"),
    path("people/<int:pk>/introduce/", views.person_introduce, name="person_introduce"),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("notes/<int:pk>/done/", views.note_done, name="note_done"),
    path("interactions/<int:pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path("introductions/<int:pk>/delete/", views.introduction_delete, name="introduction_delete"),
    path("companies/", views.companies, name="companies"),
    path("companies/<str:company_key>/", views.company, name="company"),
]
# --- end of people (issue 5) ------------------------------------------------------------------
