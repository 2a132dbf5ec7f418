"""The invitations tables as migrations 0001 to 0004 left them, made in one step: see
contacts/migrations/0001_squashed_0018_company_marks.py for why and how."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("invitations", "0001_initial"),
        ("invitations", "0002_triage_talk_first"),
        ("invitations", "0003_verbose_names_in_both_languages"),
        ("invitations", "0004_talk_first_and_ticks"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contacts", "0013_verbose_names_in_both_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="AcceptanceRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "threshold",
                    models.PositiveSmallIntegerField(default=2, verbose_name="threshold"),
                ),
                ("preset", models.CharField(default="pipu", max_length=30, verbose_name="preset")),
                (
                    "focus_keywords",
                    models.TextField(
                        blank=True,
                        help_text="Your field, sectors and roles, separated by commas.",
                        verbose_name="focus keywords",
                    ),
                ),
                (
                    "owner",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="acceptance_rule",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "talk_first_without_note",
                    models.BooleanField(
                        default=False,
                        help_text="Suggest replying before accepting when an invitation carries no note.",
                        verbose_name="talk first when there is no personal note",
                    ),
                ),
            ],
            options={
                "verbose_name": "acceptance rule",
                "verbose_name_plural": "acceptance rules",
            },
        ),
        migrations.CreateModel(
            name="Criterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                ("question", models.CharField(blank=True, max_length=300, verbose_name="question")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "signal",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Nothing: you tick it yourself"),
                            ("known", "You have met or spoken with them"),
                            (
                                "pertinence",
                                "One of your focus keywords is in their note or headline",
                            ),
                            ("prescription", "They wrote you a LinkedIn recommendation"),
                        ],
                        default="",
                        help_text="netcoach ticks this criterion in the queue when it sees this; you can untick it.",
                        max_length=20,
                        verbose_name="ticked by netcoach when",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "criterion",
                "verbose_name_plural": "criteria",
            },
        ),
        migrations.CreateModel(
            name="ReplyTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                ("text", models.TextField(verbose_name="text")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "reply template",
                "verbose_name_plural": "reply templates",
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[("incoming", "Received"), ("outgoing", "Sent")],
                        max_length=10,
                        verbose_name="direction",
                    ),
                ),
                ("name", models.CharField(max_length=300, verbose_name="name")),
                ("name_key", models.CharField(blank=True, editable=False, max_length=300)),
                (
                    "profile_url",
                    models.URLField(
                        blank=True, max_length=500, verbose_name="LinkedIn profile URL"
                    ),
                ),
                ("profile_key", models.CharField(blank=True, editable=False, max_length=300)),
                ("message", models.TextField(blank=True, verbose_name="personal note")),
                ("headline", models.CharField(blank=True, max_length=500, verbose_name="headline")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("accepted", "Accepted"),
                            ("ignored", "Ignored"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("undecided", "Undecided"),
                            ("accept", "Accept"),
                            ("ignore", "Ignore"),
                            ("talk_first", "Talk first"),
                            ("later", "Later"),
                        ],
                        default="undecided",
                        max_length=12,
                        verbose_name="decision",
                    ),
                ),
                ("later_until", models.DateField(blank=True, null=True, verbose_name="back on")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                (
                    "criteria_met",
                    models.JSONField(blank=True, default=list, verbose_name="criteria met"),
                ),
                (
                    "suggestion",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("undecided", "Undecided"),
                            ("accept", "Accept"),
                            ("ignore", "Ignore"),
                            ("talk_first", "Talk first"),
                            ("later", "Later"),
                        ],
                        max_length=12,
                        verbose_name="suggestion",
                    ),
                ),
                (
                    "overridden",
                    models.BooleanField(default=False, verbose_name="overrode the rule"),
                ),
                (
                    "applied_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="applied on LinkedIn"),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[("imported", "Imported"), ("manual", "Entered by hand")],
                        default="manual",
                        max_length=10,
                        verbose_name="source",
                    ),
                ),
                ("import_key", models.CharField(blank=True, max_length=300)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="invitations",
                        to="contacts.contact",
                        verbose_name="contact",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "auto_ticked",
                    models.JSONField(blank=True, default=list, verbose_name="ticked by netcoach"),
                ),
            ],
            options={
                "ordering": ["-sent_at"],
                "verbose_name": "invitation",
                "verbose_name_plural": "invitations",
                "indexes": [
                    models.Index(
                        fields=["owner", "direction", "status", "decision", "sent_at"],
                        name="invitations_owner_i_f0c78f_idx",
                    ),
                    models.Index(
                        fields=["owner", "profile_key"], name="invitations_owner_i_98b82b_idx"
                    ),
                    models.Index(
                        fields=["owner", "name_key"], name="invitations_owner_i_9a9434_idx"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("import_key", ""), _negated=True),
                        fields=("owner", "import_key"),
                        name="unique_invitation_import_key",
                    )
                ],
            },
        ),
    ]
