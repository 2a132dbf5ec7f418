"""A meeting saved to the wrong person is moved, edited with what was typed with it, and deleted
with it: contacts.models.Meeting, the edit form (contacts:interaction_edit) and the delete page."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from contacts.models import Contact, Interaction, Meeting, Note
from tests.contacts.test_scores import assert_scores_current, score
from tests.factories import days_ago, htmx, make_contact, make_interaction, make_note

pytestmark = pytest.mark.django_db

migration = importlib.import_module("contacts.migrations.0011_meeting_key")


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


def edit_data(*people, **overrides):
    data = {
        "contact": [p.pk for p in people],
        "kind": "met",
        "occurred_at": "2026-03-16T12:00",
        "place": "Café",
        "notes": "Wants the report",
        "follow_up_on": "2026-03-20",
    }
    data.update(overrides)
    return data


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


# The edit form


def test_the_edit_form_shows_who_was_there_and_what_was_typed(client_logged_in, user, tomasz_k):
    ada = make_contact(user)
    met, _ = coffee(tomasz_k, ada)

    response = client_logged_in.get(f"/interactions/{met.pk}/edit/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.chosen() == [tomasz_k, ada]
    assert form["notes"].value() == "Wants the report"
    assert form["follow_up_on"].value() == date(2026, 3, 20)
    content = response.content.decode()
    assert f'name="contact" value="{tomasz_k.pk}" checked' in content
    assert f'name="contact" value="{ada.pk}" checked' in content
    assert 'id="who-search"' in content
    assert "Wants the report" in content


def test_the_edit_form_moves_a_meeting_to_the_right_person(
    client_logged_in, user, tomasz_k, tomasz_l
):
    (met,) = coffee(tomasz_k)

    response = client_logged_in.post(f"/interactions/{met.pk}/edit/", edit_data(tomasz_l))

    assert response.status_code == 302
    assert response.url == f"/people/{tomasz_l.pk}/"
    assert tomasz_l.interactions.get().pk == met.pk
    assert tomasz_l.notes.get().follow_up_on == date(2026, 3, 20)
    assert not tomasz_k.interactions.exists() and not tomasz_k.notes.exists()
    page = client_logged_in.get(response.url)
    assert "Moved: the meeting with Tomasz Lewandowski." in page.content.decode()
    assert "Wants the report" in page.content.decode()
    assert_scores_current(user)


def test_the_edit_form_saves_the_notes_with_the_meeting(client_logged_in, tomasz_k):
    (met,) = coffee(tomasz_k)

    response = client_logged_in.post(
        f"/interactions/{met.pk}/edit/", edit_data(tomasz_k, notes="He sent it")
    )

    assert response.url == f"/people/{tomasz_k.pk}/"
    assert Note.objects.get().text == "He sent it"


def test_the_edit_form_needs_someone_and_refuses_another_users_person(
    client_logged_in, other_user, tomasz_k
):
    (met,) = coffee(tomasz_k)
    eve = make_contact(other_user, first_name="Eve")

    nobody = client_logged_in.post(f"/interactions/{met.pk}/edit/", edit_data(contact=[]))
    theirs = client_logged_in.post(f"/interactions/{met.pk}/edit/", edit_data(eve))

    assert nobody.status_code == theirs.status_code == 422
    assert nobody.context["form"].errors["contact"]
    assert theirs.context["form"].errors["contact"]
    assert tomasz_k.interactions.get().pk == met.pk


def test_a_linkedin_message_logged_earlier_keeps_its_kind(client_logged_in, tomasz_k):
    message = make_interaction(tomasz_k, kind="linkedin", direction="to_me")

    page = client_logged_in.get(f"/interactions/{message.pk}/edit/")
    assert page.context["form"]["kind"].value() == "linkedin"
    client_logged_in.post(
        f"/interactions/{message.pk}/edit/",
        edit_data(tomasz_k, kind="linkedin", direction="to_me", notes=""),
    )

    message.refresh_from_db()
    assert (message.kind, message.direction) == ("linkedin", "to_me")


def test_imported_and_other_users_interactions_cannot_be_edited(
    client_logged_in, other_user, tomasz_k
):
    imported = make_interaction(tomasz_k, source="imported")
    theirs = make_interaction(make_contact(other_user))

    for interaction in (imported, theirs):
        assert client_logged_in.get(f"/interactions/{interaction.pk}/edit/").status_code == 404
        assert client_logged_in.get(f"/interactions/{interaction.pk}/delete/").status_code == 404


# Deleting


def test_deleting_says_what_goes_with_it(client_logged_in, user, tomasz_k):
    ada = make_contact(user)
    met, _ = coffee(tomasz_k, ada)

    response = client_logged_in.get(f"/interactions/{met.pk}/delete/")

    content = response.content.decode()
    assert "Delete this meeting?" in content
    assert "Tomasz Kowalski" in content and "Ada Lovelace" in content
    assert "Wants the report" in content
    assert "its follow-up on Mar 20, 2026" in content
    assert "Delete the meeting, keep the note" in content
    assert Interaction.objects.count() == 2


def test_deleting_removes_the_meeting_its_note_and_its_follow_up(client_logged_in, tomasz_k):
    (met,) = coffee(tomasz_k)

    response = client_logged_in.post(f"/interactions/{met.pk}/delete/")

    assert response.url == f"/people/{tomasz_k.pk}/"
    assert not Interaction.objects.exists()
    assert not Note.objects.exists()
    page = client_logged_in.get(response.url).content.decode()
    assert "Deleted: the meeting with Tomasz Kowalski and its note." in page


def test_deleting_can_keep_the_note(client_logged_in, tomasz_k):
    (met,) = coffee(tomasz_k)

    client_logged_in.post(f"/interactions/{met.pk}/delete/", {"keep_note": "1"})

    assert not Interaction.objects.exists()
    assert list(tomasz_k.open_follow_ups().values_list("text", flat=True)) == ["Wants the report"]


def test_deleting_with_htmx_swaps_the_activity_and_says_so(client_logged_in, tomasz_k):
    met = make_interaction(tomasz_k, kind="phone")

    response = client_logged_in.post(f"/interactions/{met.pk}/delete/", headers=htmx())

    content = response.content.decode()
    assert 'id="activity"' in content
    assert 'id="flash"' in content and 'hx-swap-oob="innerHTML"' in content
    assert "Deleted: the phone call with Tomasz Kowalski." in content
    assert not Interaction.objects.exists()


def test_the_timeline_links_to_the_delete_page_instead_of_a_bare_confirm(
    client_logged_in, tomasz_k
):
    (met,) = coffee(tomasz_k)

    content = client_logged_in.get(f"/people/{tomasz_k.pk}/").content.decode()

    assert f'href="/interactions/{met.pk}/delete/"' in content
    assert "Delete this met in person?" not in content
