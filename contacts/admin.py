from django.contrib import admin

from contacts.models import (
    CompanyMark,
    Contact,
    DismissedSuggestion,
    ImportRun,
    Interaction,
    Introduction,
    JobChange,
    Note,
    Preferences,
    Review,
    Tag,
)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "position", "layer", "is_connection", "owner"]
    list_filter = ["layer", "source", "is_connection", "is_family"]
    search_fields = ["first_name", "last_name", "company", "position", "profile_key"]
    raw_id_fields = ["introduced_by", "owner"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["contact", "kind", "direction", "occurred_at", "source"]
    list_filter = ["kind", "direction", "source"]
    raw_id_fields = ["contact", "owner"]
    date_hierarchy = "occurred_at"


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contact", "follow_up_on", "follow_up_done", "created_at"]
    raw_id_fields = ["contact", "interaction", "owner"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "started_at", "owner"]


admin.site.register(
    [Tag, Introduction, JobChange, Preferences, Review, DismissedSuggestion, CompanyMark]
)
