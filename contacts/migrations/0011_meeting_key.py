"""Meetings edited as one: the interactions logged together share a key, and what the user typed
with an interaction lives in the note tied to it.

Existing data: interactions the meeting form logged for several people at once (same owner, kind,
time and place, created within seconds of each other, one per person) get a shared key; text typed
into the person page's old "Summary" field becomes the interaction's note, as the meeting form
always stored it. The weekly review's own labels ("Wrote to them (weekly review)"…) stay
summaries.
"""

import itertools
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import migrations, models

LOGGED_TOGETHER = timedelta(seconds=5)
REVIEW_LABELS = [
    "Wrote to them (weekly review)",
    "Called them (weekly review)",
    "Met them (weekly review)",
]


def group_meetings(apps, schema_editor):
    Interaction = apps.get_model("contacts", "Interaction")
    rows = (
        Interaction.objects.filter(source="entered")
        .order_by("owner_id", "kind", "occurred_at", "place", "created_at", "pk")
        .values_list("pk", "owner_id", "kind", "occurred_at", "place", "created_at", "contact_id")
    )
    for _same, group in itertools.groupby(rows.iterator(), key=lambda row: row[1:5]):
        meetings, current, people, last = [], [], set(), None
        for pk, *_rest, created_at, contact_id in group:
            if current and (created_at - last > LOGGED_TOGETHER or contact_id in people):
                meetings.append(current)
                current, people = [], set()
            current.append(pk)
            people.add(contact_id)
            last = created_at
        meetings.append(current)
        for meeting in meetings:
            if len(meeting) > 1:
                Interaction.objects.filter(pk__in=meeting).update(meeting_key=uuid.uuid4().hex)


def summaries_to_notes(apps, schema_editor):
    Interaction = apps.get_model("contacts", "Interaction")
    Note = apps.get_model("contacts", "Note")
    typed = (
        Interaction.objects.filter(source="entered")
        .exclude(summary="")
        .exclude(summary__in=REVIEW_LABELS)
    )
    for interaction in typed.iterator():
        note = (
            Note.objects.filter(interaction=interaction, source="entered").order_by("pk").first()
        )
        if note is None:
            Note.objects.create(
                owner_id=interaction.owner_id,
                contact_id=interaction.contact_id,
                interaction=interaction,
                text=interaction.summary,
                created_at=interaction.occurred_at,
            )
        else:
            written = "" if note.text == "Follow up." else f"\n\n{note.text}"
            note.text = f"{interaction.summary}{written}"
            note.save(update_fields=["text"])
        Interaction.objects.filter(pk=interaction.pk).update(summary="")


class Migration(migrations.Migration):

    dependencies = [
        ("contacts", "0010_layer_suggestions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="interaction",
            name="meeting_key",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(("meeting_key", ""), _negated=True),
                fields=["owner", "meeting_key"],
                name="interaction_meeting_idx",
            ),
        ),
        migrations.RunPython(group_meetings, migrations.RunPython.noop),
        migrations.RunPython(summaries_to_notes, migrations.RunPython.noop),
    ]
