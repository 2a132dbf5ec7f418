"""A meeting saved to the wrong person is moved, edited with what was typed with it, and deleted
with it: contacts.models.Meeting."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from contacts.models import Contact, Interaction, Meeting, Note
from tests.contacts.test_scores import assert_scores_current, score
from tests.factories import days_ago, make_contact, make_interaction, make_note

pytestmark = pytest.mark.django_db

migration = importlib.import_module("contacts.migrations.0007_meeting_key")


@pytest.fixture
def tomasz_k(user):
    return make_contact(user, first_name="Tomasz", last_name="Kowalski")


@pytest.fixture
def tomasz_l(user):
    return make_contact(user, first_name="Tomasz", last_name="Lewandowski")


def coffee(*people, notes="Wants the report", follow_up_on=date(2026, 3, 20), **kwargs):
    kwargs.setdefault("occurred_at", days_ago(0))
    owner = people[0].owner
    return Contact.log_meeting(
        owner, people, kind="met", place="Café", notes=notes, follow_up_on=follow_up_on, **kwargs
    )


# The model


def test_a_meeting_logged_with_several_people_is_one_meeting(user, tomasz_k, tomasz_l):
    first, second = coffee(tomasz_k, tomasz_l)

    assert first.meeting_key and first.meeting_key == second.meeting_key
    meeting = Meeting(second)
    assert meeting.people == [tomasz_k, tomasz_l]
    assert meeting.text == "Wants the report"
    assert meeting.follow_up_on == date(2026, 3, 20)
    assert Meeting(first).interactions == Meeting(second).interactions


def test_an_interaction_without_a_key_is_a_meeting_of_one(tomasz_k):
    met = make_interaction(tomasz_k)

    assert Meeting(met).interactions == [met]
    assert Meeting(met).people == [tomasz_k]
    assert Meeting(met).text == ""


def test_a_follow_up_without_notes_shows_no_text(tomasz_k):
    (met,) = coffee(tomasz_k, notes="")

    assert Note.objects.get().text == "Follow up."
    assert Meeting(met).text == ""


def test_a_meeting_moves_to_the_right_person_with_its_note_and_follow_up(user, tomasz_k, tomasz_l):
    (met,) = coffee(tomasz_k)
    note = Note.objects.get()
    assert score(tomasz_k) == pytest.approx(1.0)

    (moved,) = Meeting(met).change(
        [tomasz_l],
        kind="met",
        occurred_at=met.occurred_at,
        place="Café",
        notes="Wants the report",
        follow_up_on=date(2026, 3, 20),
    )

    assert moved.pk == met.pk
    assert list(tomasz_l.interactions.all()) == [moved]
    assert not tomasz_k.interactions.exists()
    assert list(tomasz_l.open_follow_ups()) == [note]
    assert not tomasz_k.notes.exists()
    assert score(tomasz_k) == 0.0
    assert score(tomasz_l) == pytest.approx(1.0)
    assert_scores_current(user)


def test_people_are_added_and_taken_out_of_a_meeting(user, tomasz_k, tomasz_l):
    ada = make_contact(user)
    met, _ = coffee(tomasz_k, ada)

    interactions = Meeting(met).change(
        [ada, tomasz_l],
        kind="met",
        occurred_at=met.occurred_at,
        place="Café",
        notes="Wants the report",
    )

    assert [i.contact for i in interactions] == [ada, tomasz_l]
    assert len({i.meeting_key for i in interactions}) == 1
    assert Meeting(interactions[1]).people == [tomasz_l, ada]  # in the order logged
    assert not tomasz_k.interactions.exists()
    assert sorted(Note.objects.values_list("contact", flat=True)) == sorted([ada.pk, tomasz_l.pk])
    assert_scores_current(user)


def test_someone_new_can_be_added_while_editing(user, tomasz_k):
    (met,) = coffee(tomasz_k)

    interactions = Meeting(met).change(
        [],
        new_people=[{"name": "Linus Torvalds", "company": "Linux Foundation"}],
        kind="met",
        occurred_at=met.occurred_at,
    )

    linus = Contact.objects.get(last_name="Torvalds")
    assert [i.contact for i in interactions] == [linus]
    assert linus.source == "manual"


def test_what_was_typed_is_edited_for_everyone_and_a_new_date_reopens_the_follow_up(
    user, tomasz_k, tomasz_l
):
    met, _ = coffee(tomasz_k, tomasz_l)
    Note.objects.update(follow_up_done=True)

    Meeting(met).change(
        [tomasz_k, tomasz_l],
        kind="video",
        occurred_at=days_ago(1),
        place="Zoom",
        notes="Sent the report",
        follow_up_on=date(2026, 4, 1),
    )

    assert set(Interaction.objects.values_list("kind", "place")) == {("video", "Zoom")}
    assert set(Note.objects.values_list("text", "follow_up_on", "follow_up_done")) == {
        ("Sent the report", date(2026, 4, 1), False)
    }
    assert set(Note.objects.values_list("created_at", flat=True)) == {days_ago(1)}


def test_a_follow_up_kept_at_its_date_stays_done(tomasz_k):
    (met,) = coffee(tomasz_k)
    Note.objects.update(follow_up_done=True)

    Meeting(met).change(
        [tomasz_k],
        kind="met",
        occurred_at=met.occurred_at,
        notes="Edited",
        follow_up_on=date(2026, 3, 20),
    )

    assert Note.objects.get().follow_up_done is True


def test_emptying_the_notes_and_the_date_removes_the_note(tomasz_k):
    (met,) = coffee(tomasz_k)

    Meeting(met).change([tomasz_k], kind="met", occurred_at=met.occurred_at)

    assert not Note.objects.exists()


def test_deleting_a_meeting_removes_it_for_everyone_with_its_notes(user, tomasz_k, tomasz_l):
    met, _ = coffee(tomasz_k, tomasz_l)
    make_note(tomasz_k, text="Not about the meeting")

    Meeting(met).delete()

    assert not Interaction.objects.exists()
    assert list(Note.objects.values_list("text", flat=True)) == ["Not about the meeting"]
    assert not tomasz_k.open_follow_ups().exists()
    assert_scores_current(user)


def test_deleting_a_meeting_can_keep_its_notes_on_each_timeline(tomasz_k, tomasz_l):
    met, _ = coffee(tomasz_k, tomasz_l)

    Meeting(met).delete(keep_notes=True)

    assert not Interaction.objects.exists()
    assert set(Note.objects.values_list("contact", "interaction")) == {
        (tomasz_k.pk, None),
        (tomasz_l.pk, None),
    }
    assert [e.kind for e in tomasz_k.timeline()] == ["note"]


# Existing data (migration 0007)


def test_the_migration_groups_the_meetings_logged_together(user, tomasz_k, tomasz_l):
    ada = make_contact(user)
    at = days_ago(3)
    together = [make_interaction(p, occurred_at=at, place="Café") for p in (tomasz_k, tomasz_l)]
    alone = make_interaction(ada, occurred_at=at, place="Elsewhere")
    later = make_interaction(ada, occurred_at=at, place="Café")
    Interaction.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(hours=1))
    imported = make_interaction(ada, occurred_at=at, place="Café", source="imported")

    migration.group_meetings(apps, None)

    keys = dict(Interaction.objects.values_list("pk", "meeting_key"))
    assert keys[together[0].pk] and keys[together[0].pk] == keys[together[1].pk]
    assert keys[alone.pk] == keys[later.pk] == keys[imported.pk] == ""


def test_the_migration_makes_typed_summaries_the_interactions_notes(tomasz_k):
    typed = make_interaction(tomasz_k, kind="phone", summary="Talked budgets")
    with_note = make_interaction(tomasz_k, summary="Also this")
    make_note(tomasz_k, text="Follow up.", interaction=with_note, follow_up_on=date(2026, 4, 1))
    review = make_interaction(tomasz_k, kind="email", summary="Wrote to them (weekly review)")
    imported = make_interaction(tomasz_k, kind="linkedin", summary="Hi!", source="imported")

    migration.summaries_to_notes(apps, None)

    assert Meeting(typed).text == "Talked budgets"
    assert Meeting(with_note).text == "Also this"
    assert Meeting(with_note).follow_up_on == date(2026, 4, 1)
    assert dict(Interaction.objects.values_list("pk", "summary")) == {
        typed.pk: "",
        with_note.pk: "",
        review.pk: "Wrote to them (weekly review)",
        imported.pk: "Hi!",
    }
