from django.urls import path

from contacts import views
from netcoach import ids  # noqa: F401  (registers <id:…>)

app_name = "contacts"

urlpatterns = [
    path("settings/", views.settings, name="settings"),
    path("settings/reset/", views.settings_reset, name="settings_reset"),
    path("settings/shortcuts/", views.keyboard_shortcuts, name="keyboard_shortcuts"),
    path("meetings/new/", views.log_meeting, name="log_meeting"),
    path("people/", views.people, name="people"),
    path("search/", views.search, name="search"),
    path("people/search/", views.people_search, name="people_search"),
    path("people/bulk/", views.people_bulk, name="people_bulk"),
    path("people/export.csv", views.people_export, name="people_export"),
    path("people/export.vcf", views.people_vcards, name="people_vcards"),
    path("people/write/", views.write, name="write"),
    path("people/meet/", views.meet, name="meet"),
    path("people/meet/<id:pk>/met/", views.meet_met, name="meet_met"),
    path("people/<id:pk>/", views.person, name="person"),
    path("people/<id:pk>/vcard/", views.person_vcard, name="person_vcard"),
    path("people/<id:pk>/qr.svg", views.person_qr, name="person_qr"),
    path("people/<id:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<id:pk>/linkedin/<str:field>/",
        views.person_take_linkedin,
        name="person_take_linkedin",
    ),
    path("people/<id:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<id:pk>/layer/", views.person_layer, name="person_layer"),
    path(
        "people/<id:pk>/suggestion/dismiss/",
        views.person_dismiss_suggestion,
        name="person_dismiss_suggestion",
    ),
    path("people/<id:pk>/tags/", views.person_tag_add, name="person_tag_add"),
    path(
        "people/<id:pk>/tags/<id:tag_id>/remove/",
        views.person_tag_remove,
        name="person_tag_remove",
    ),
    path("people/<id:pk>/notes/", views.person_note_add, name="person_note_add"),
    path(
        "people/<id:pk>/interactions/",
        views.person_interaction_add,
        name="person_interaction_add",
    ),
    path("people/<id:pk>/introduce/", views.person_introduce, name="person_introduce"),
    path("people/<id:pk>/merge/", views.person_merge, name="person_merge"),
    path("notes/<id:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<id:pk>/delete/", views.note_delete, name="note_delete"),
    path("notes/<id:pk>/done/", views.note_done, name="note_done"),
    path("interactions/<id:pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<id:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path("introductions/<id:pk>/delete/", views.introduction_delete, name="introduction_delete"),
    path("companies/", views.companies, name="companies"),
    path("company-marks/", views.company_mark, name="company_mark"),
    path("companies/<str:company_key>/", views.company, name="company"),
]
