"""Test data for the data area: one user's network with a row of every kind they can own."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from contacts.models import (
    CalendarFeed,
    CompanyMark,
    ContactDetail,
    DismissedSuggestion,
    ImportRun,
    Introduction,
    JobChange,
    OwnProfile,
    Preferences,
    Review,
    Tag,
)
from invitations.models import AcceptanceRule, Criterion, ReplyTemplate
from netcoach.portability import exported_kinds, owned_kinds
from tests.factories import make_contact, make_interaction, make_invitation, make_note


def at(text):
    return timezone.make_aware(datetime.fromisoformat(text))


def make_everything(owner, prefix=""):
    """Rows of every user-owned model, every field away from its default, links included."""
    Preferences.objects.filter(owner=owner).update(
        budget=140,
        cap_core=4,
        cap_close=14,
        cap_regular=40,
        cadence_core=8,
        cadence_close=31,
        cadence_regular=170,
        cadence_active=300,
        weight_core=4.5,
        weight_close=3.25,
        weight_regular=2.125,
        weight_active=1.1,
        family_multiplier=1.75,
        dormant_factor=2.5,
        move_out_factor=3.5,
        rhythm_factor=7.25,
        reconnect_threshold=0.65,
        half_life_days=200,
        warm_days=60,
        stale_invitation_days=30,
        restriction_risk_threshold=7,
        phone_region="GB",
    )
    OwnProfile.objects.create(
        owner=owner,
        headline="=Head of calm | data",
        has_summary=True,
        current_position="CTO · Kiwi",
        positions_read=True,
        imported_at=at("2026-11-01T08:00:00"),
        dismissed_at=at("2026-11-02T08:00:00"),
    )
    AcceptanceRule.objects.filter(owner=owner).update(
        threshold=3, preset="custom", focus_keywords="data, =cmd|' /C calc'!A0, python"
    )
    Criterion.objects.create(
        owner=owner, name="Mutual friends", question="Do we share any?", position=7
    )
    ReplyTemplate.objects.create(
        owner=owner, name="Ask why", text="Hi! How do we know each other?", position=2
    )
    ReplyTemplate.objects.create(owner=owner, name="@mention", text="+1 for that", position=1)
    friendly, work = (Tag.objects.create(owner=owner, name=n) for n in ("friendly", "work"))
    Tag.objects.create(owner=owner, name="unused")

    ada = make_contact(
        owner,
        first_name=prefix + "Ada",
        last_name="Lovelace",
        profile_url="https://www.linkedin.com/in/ada-lovelace",
        company="Analytical Engines",
        email="ada@example.org",
        position='=HYPERLINK("http://evil")',
        connected_on=date(2019, 3, 4),
        is_connection=True,
        source="linkedin",
        layer=2,
        layer_set_at=at("2026-06-07T08:09:10.5"),
        is_family=True,
        how_we_met="Met at the Royal Society\nwith Charles — “ünïcödé”",
        snoozed_until=date(2027, 1, 2),
    )
    charles = make_contact(owner, first_name="Charles", last_name="Babbage", layer=1)
    # Introduced by someone created later (a link forward within one table) and one backward.
    ada.introduced_by = make_contact(owner, first_name="Mary", last_name="Somerville", layer=4)
    ada.save()
    charles.introduced_by = ada
    charles.save()
    ada.tags.set([friendly, work])
    charles.tags.set([work])

    met = make_interaction(
        ada,
        kind="met",
        occurred_at=at("2026-05-06T07:08:09.123456"),
        direction="from_me",
        summary="-2+3 coffee",
        place="@ the café",
        source="imported",
        import_key="msg-1",
    )
    make_interaction(charles, kind="video", occurred_at=at("2026-04-01T10:00:00"))
    make_note(
        ada,
        text="Follow up on the engine",
        interaction=met,
        follow_up_on=date(2026, 12, 1),
        follow_up_done=True,
        source="imported",
        import_key="note-1",
        created_at=at("2026-05-06T08:00:00.5"),
    )
    make_note(charles, text="\tTabbed note")
    Introduction.objects.create(
        owner=owner,
        direction="asked",
        person=ada,
        other=charles,
        note="Ask Ada to meet Charles",
        occurred_on=date(2026, 2, 3),
    )
    Introduction.objects.create(owner=owner, person=charles, occurred_on=date(2026, 2, 4))
    run = ImportRun.objects.create(
        owner=owner,
        file_name="Basic_LinkedInDataExport_03-04-2026.zip",
        sha256="a" * 64,
        status="failed",
        started_at=at("2026-03-04T05:06:07"),
        finished_at=at("2026-03-04T05:07:00"),
        counts={"contacts": 3, "nested": {"a": [1, 2.5, None, True]}},
        warnings=["Row 3: no name", "ünïcödé"],
        error="Boom",
    )
    JobChange.objects.create(
        owner=owner,
        contact=ada,
        import_run=run,
        old_company="Old Co",
        old_position="Engineer",
        new_company="New Co",
        new_position="Director",
        seen_at=at("2026-03-04T05:06:30"),
    )
    CompanyMark.objects.create(
        owner=owner,
        company_key="analytical engines",
        name="Analytical Engines Ltd",
        kind="target",
        marked_at=at("2026-05-06T07:08:09.25"),
    )
    CompanyMark.objects.create(owner=owner, company_key="old co", name="Old Co", kind="competitor")
    CalendarFeed.objects.create(
        owner=owner,
        token_hash=CalendarFeed.hash_of(f"{prefix}token-{owner.pk}"),
        created_at=at("2026-05-07"),
    )
    charles.city = "Lyon"
    charles.birthday_day, charles.birthday_month, charles.birthday_year = 29, 2, 1988
    charles.uid = "urn:uuid:8d5c7f0e-0000-4000-8000-000000000001"
    charles.save()
    ContactDetail.objects.create(
        owner=owner,
        contact=charles,
        kind="phone",
        label="mobile",
        value="+447700900123",
        key="+447700900123",
        readable=False,
        source="address_book",
    )
    DismissedSuggestion.objects.create(
        owner=owner,
        contact=charles,
        layer=None,
        direction="out",
        dismissed_at=at("2026-11-02T03:04:05"),
    )
    Review.objects.create(
        owner=owner,
        started_at=at("2026-11-16T09:00:00"),
        finished_at=at("2026-11-16T09:20:00"),
        step=5,
        stats={"met": 2, "layers": [1, 2]},
    )
    make_invitation(
        owner,
        name="Grace Hopper",
        profile_url="https://www.linkedin.com/in/grace",
        message="+ let's connect",
        headline="Rear admiral",
        sent_at=at("2026-10-01T12:00:00"),
        status="accepted",
        decision="talk_first",
        later_until=date(2026, 12, 24),
        decided_at=at("2026-10-02T12:00:00"),
        reason="Knows COBOL",
        criteria_met=["Pertinence", "Utility"],
        suggestion="accept",
        overridden=True,
        applied_at=at("2026-10-03T12:00:00"),
        contact=charles,
        source="imported",
        import_key="inv-1",
    )
    make_invitation(owner, name="Linus", direction="outgoing", sent_at=None)

    # auto_now and auto_now_add fields, put in the past so that keeping them is visible.
    for kind in owned_kinds():
        stamped = [
            f.attname
            for f in kind.fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        for i, obj in enumerate(kind.model._base_manager.filter(owner=owner).order_by("pk")):
            when = at("2025-01-01T00:00:00.000001") + timedelta(days=i, microseconds=i)
            kind.model._base_manager.filter(pk=obj.pk).update(**dict.fromkeys(stamped, when))
    return ada


def data_of(owner, kinds=None):
    """Every field of every row the user owns (of `kinds`, else of every kind), with links given
    as (kind, position) so that two accounts holding the same data compare equal whatever their
    ids."""
    kinds = kinds or owned_kinds()
    rows = {k.label: list(k.model._base_manager.filter(owner=owner).order_by("pk")) for k in kinds}
    position = {label: {obj.pk: i for i, obj in enumerate(objs)} for label, objs in rows.items()}

    def ref(model, pk):
        if pk is None:
            return None
        label = model._meta.label_lower
        return (label, position[label][pk])

    data = {}
    for kind in kinds:
        records = []
        for obj in rows[kind.label]:
            record = {}
            for field in kind.fields:
                if field.primary_key:
                    continue
                value = getattr(obj, field.attname)
                record[field.name] = ref(field.related_model, value) if field.is_relation else value
            for link in kind.links:
                record[link.name] = sorted(
                    ref(link.related_model, pk)
                    for pk in getattr(obj, link.name).values_list("pk", flat=True)
                )
            records.append(record)
        data[kind.label] = records
    return data


def exported_data_of(owner):
    """`data_of` the kinds an export carries: what an import into another account gives back."""
    return data_of(owner, exported_kinds())
