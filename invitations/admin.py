from django.contrib import admin

from invitations.models import AcceptanceRule, Criterion, Invitation, ReplyTemplate


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "direction", "status", "decision", "sent_at", "owner"]
    list_filter = ["direction", "status", "decision"]
    search_fields = ["name", "message"]
    raw_id_fields = ["contact", "owner"]


admin.site.register([AcceptanceRule, Criterion, ReplyTemplate])
