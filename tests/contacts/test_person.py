from datetime import date

import pytest
from django.utils import timezone

from contacts.models import Contact, Interaction, Introduction, JobChange, Note, Tag
from invitations.models import Invitation
from tests.factories import htmx, make_contact, make_interaction, make_invitation, make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(user):
    return make_contact(user, company="Acme Inc.", position="Engineer", layer=2)


@pytest.fixture
def eve(other_user):
    return make_contact(other_user, first_name="Eve")


def test_the_page_shows_the_header_and_the_whole_timeline(client_logged_in, user, ada):
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    ada.introduced_by = grace
    ada.how_we_met = "At the loom museum"
    ada.is_family = True
    ada.save()
    ada.add_tag("python")
    make_interaction(ada, kind="met", place="PyCon", occurred_at="2026-01-10 10:00")
    make_interaction(ada, kind="linkedin", summary="Asked about the report", direction="both")
    make_note(ada, text="Likes tea")
    make_invitation(user, contact=ada, decision="accept", reason="Met at PyCon")
    JobChange.objects.create(owner=user, contact=ada, old_company="Acme", new_company="Initech")
    ada.introduce(grace, note="Both like engines")

    response = client_logged_in.get(f"/people/{ada.pk}/")

    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "Ada Lovelace",
        "Engineer",
        "Family",
        "At the loom museum",
        "Grace Hopper",
        "python",
        "PyCon",
        "Asked about the report",
        "Likes tea",
        "Met at PyCon",
        "Initech",
        "Both like engines",
        "no real interaction yet" if False else "Close",
    ]:
        assert text in content, text
    assert response.context["standing"].status == "active"


def test_the_page_of_another_users_person_is_a_404(client_logged_in, eve):
    assert client_logged_in.get(f"/people/{eve.pk}/").status_code == 404


def test_the_page_escapes_hostile_text(client_logged_in, user):
    evil = make_contact(user, first_name="<script>x</script>", position="<b>boss</b>")
    make_note(evil, text="<img src=x onerror=alert(1)>")

    content = client_logged_in.get(f"/people/{evil.pk}/").content

    assert b"<script>x</script>" not in content
    assert b"<img src=x" not in content
    assert b"<b>boss</b>" not in content


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_runs_a_constant_number_of_queries(
    client_logged_in, user, ada, count, django_assert_num_queries
):
    for i in range(count):
        make_interaction(ada)
        make_note(ada, follow_up_on=date(2030, 1, 1))
        make_invitation(user, contact=ada, name=f"Ada {i}")
        ada.add_detail("phone", f"+33 6 12 34 56 {i:02d}", label="mobile")
        ada.add_detail("email", f"ada{i}@example.org")

    # Among them: the recent places the meeting form offers, the details in one.
    with django_assert_num_queries(16):
        client_logged_in.get(f"/people/{ada.pk}/")


def test_the_layer_changes_in_place(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/layer/", {"layer": "1"}, headers=htmx("layer")
    )

    assert b'id="layer"' in response.content
    assert b"<html" not in response.content
    ada.refresh_from_db()
    assert ada.layer == 1


def test_the_layer_form_redirects_without_htmx_and_can_go_back_to_the_pool(client_logged_in, ada):
    response = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": ""})

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.layer is None


def test_the_layer_rejects_a_bad_value(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/layer/", {"layer": "7"}, headers=htmx("layer")
    )

    assert response.status_code == 422
    ada.refresh_from_db()
    assert ada.layer == 2


def test_the_layer_of_another_users_person_is_a_404(client_logged_in, eve):
    assert client_logged_in.post(f"/people/{eve.pk}/layer/", {"layer": "1"}).status_code == 404


def test_tags_are_added_and_removed(client_logged_in, user, ada):
    response = client_logged_in.post(f"/people/{ada.pk}/tags/", {"name": "python"}, headers=htmx())

    assert b'id="tags"' in response.content
    tag = Tag.objects.get(owner=user, name="python")
    assert list(ada.tags.all()) == [tag]

    response = client_logged_in.post(f"/people/{ada.pk}/tags/{tag.pk}/remove/")
    assert response.status_code == 302
    assert not ada.tags.exists()


def test_an_empty_tag_shows_an_error(client_logged_in, ada):
    response = client_logged_in.post(f"/people/{ada.pk}/tags/", {"name": "  "}, headers=htmx())

    assert b"field-error" in response.content
    assert not ada.tags.exists()


def test_another_users_tag_cannot_be_removed(client_logged_in, other_user, ada):
    tag = Tag.objects.create(owner=other_user, name="x")

    assert client_logged_in.post(f"/people/{ada.pk}/tags/{tag.pk}/remove/").status_code == 404


def test_a_note_is_added_inline(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/notes/",
        {"text": "Send the report", "follow_up_on": "2026-12-01"},
        headers=htmx(),
    )

    assert b'id="activity"' in response.content
    assert b"<html" not in response.content
    assert b"Send the report" in response.content
    note = ada.notes.get()
    assert note.follow_up_on == date(2026, 12, 1)


def test_a_note_is_added_by_a_plain_post(client_logged_in, ada):
    response = client_logged_in.post(f"/people/{ada.pk}/notes/", {"text": "Hello"})

    assert response.status_code == 302
    assert response.url == f"/people/{ada.pk}/"


def test_an_empty_note_is_rejected_and_a_bad_date_kept(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/notes/", {"text": " ", "follow_up_on": "someday"}, headers=htmx()
    )

    assert b"Write something first." in response.content
    assert b'value="someday"' in response.content
    assert not Note.objects.exists()


def test_a_note_cannot_be_added_to_another_users_person(client_logged_in, eve):
    assert client_logged_in.post(f"/people/{eve.pk}/notes/", {"text": "x"}).status_code == 404


def test_an_interaction_is_logged_inline(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/interactions/",
        {
            "contact": ada.pk,
            "kind": "phone",
            "occurred_at": "2026-11-01T10:00",
            "notes": "Catch-up",
            "follow_up_on": "2026-11-08",
        },
        headers=htmx(),
    )

    assert b"Catch-up" in response.content
    interaction = ada.interactions.get()
    assert (interaction.kind, interaction.direction, interaction.summary) == ("phone", "both", "")
    assert interaction.notes.get().follow_up_on == date(2026, 11, 8)
    assert b"Logged: the phone call with Ada Lovelace." in response.content


def test_the_person_page_logs_with_the_meeting_form_and_its_defaults(client_logged_in, ada):
    response = client_logged_in.get(f"/people/{ada.pk}/")

    form = response.context["meeting_form"]
    assert form.chosen() == [ada]
    assert (form["kind"].value(), form["direction"].value()) == ("met", "both")
    assert form["occurred_at"].value() is not None
    content = response.content.decode()
    for label in ["Who", "How", "When", "Where / event", "Notes", "Follow up on"]:
        assert f">{label}<" in content or f">{label} <" in content, label
    assert "Summary" not in content
    assert f'name="contact" value="{ada.pk}" checked' in content


def test_the_person_page_and_the_meeting_form_have_the_same_fields(client_logged_in, ada):
    person_form = client_logged_in.get(f"/people/{ada.pk}/").context["meeting_form"]
    meeting_form = client_logged_in.get(f"/meetings/new/?contact={ada.pk}").context["form"]

    assert type(person_form) is type(meeting_form)
    assert {name: f.initial for name, f in person_form.fields.items()} == {
        name: f.initial for name, f in meeting_form.fields.items()
    }
    assert meeting_form.chosen() == person_form.chosen() == [ada]


def test_an_email_keeps_who_wrote_and_a_meeting_goes_both_ways(client_logged_in, ada):
    data = {"contact": ada.pk, "occurred_at": "2026-11-01T10:00", "direction": "from_me"}

    client_logged_in.post(f"/people/{ada.pk}/interactions/", {**data, "kind": "email"})
    client_logged_in.post(f"/people/{ada.pk}/interactions/", {**data, "kind": "met"})

    assert set(ada.interactions.values_list("kind", "direction")) == {
        ("email", "from_me"),
        ("met", "both"),
    }


def test_logging_for_someone_else_from_a_page_opens_their_page(client_logged_in, user, ada):
    grace = make_contact(user, first_name="Grace")

    response = client_logged_in.post(
        f"/people/{ada.pk}/interactions/",
        {"contact": grace.pk, "kind": "met", "occurred_at": "2026-11-01T10:00"},
        headers=htmx(),
    )

    assert response.headers["HX-Redirect"] == f"/people/{grace.pk}/"
    assert not ada.interactions.exists()
    assert grace.interactions.count() == 1


def test_a_bad_interaction_shows_errors_and_keeps_the_form_open(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/interactions/",
        {"contact": ada.pk, "kind": "telepathy", "notes": "kept"},
        headers=htmx(),
    )

    assert response.status_code == 422
    assert b"field-error" in response.content
    assert b"kept" in response.content
    assert b'<details class="log-interaction" open>' in response.content
    assert not Interaction.objects.exists()


def test_follow_ups_are_on_top_and_done_in_one_click(client_logged_in, ada):
    note = make_note(ada, text="Send the report", follow_up_on=date(2026, 1, 1))

    page = client_logged_in.get(f"/people/{ada.pk}/")
    assert page.context["follow_ups"] == [note]

    response = client_logged_in.post(f"/notes/{note.pk}/done/", headers=htmx())
    assert b'id="activity"' in response.content
    note.refresh_from_db()
    assert note.follow_up_done
    assert client_logged_in.post(f"/notes/{note.pk}/done/").status_code == 302


def test_another_users_follow_up_is_a_404(client_logged_in, eve):
    note = make_note(eve)

    assert client_logged_in.post(f"/notes/{note.pk}/done/").status_code == 404


def test_a_note_is_edited(client_logged_in, ada):
    note = make_note(ada, text="old")

    assert client_logged_in.get(f"/notes/{note.pk}/edit/").status_code == 200
    response = client_logged_in.post(f"/notes/{note.pk}/edit/", {"text": "new"})

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "new"


def test_an_edit_leaving_the_note_empty_is_rejected(client_logged_in, ada):
    note = make_note(ada, text="old")

    response = client_logged_in.post(f"/notes/{note.pk}/edit/", {"text": ""})

    assert response.status_code == 422
    assert response.context["form"].errors["text"]


def test_imported_notes_and_other_users_notes_cannot_be_edited(client_logged_in, ada, eve):
    imported = make_note(ada, source="imported")
    theirs = make_note(eve)

    assert client_logged_in.get(f"/notes/{imported.pk}/edit/").status_code == 404
    assert client_logged_in.get(f"/notes/{theirs.pk}/edit/").status_code == 404


def test_a_note_is_deleted_after_confirmation(client_logged_in, ada):
    note = make_note(ada)

    confirm = client_logged_in.get(f"/notes/{note.pk}/delete/")
    assert b"Delete this note?" in confirm.content
    assert Note.objects.exists()

    response = client_logged_in.post(f"/notes/{note.pk}/delete/", headers=htmx())
    assert b'id="activity"' in response.content
    assert not Note.objects.exists()


def test_an_interaction_is_edited_and_deleted(client_logged_in, ada):
    interaction = make_interaction(ada, kind="met")

    response = client_logged_in.post(
        f"/interactions/{interaction.pk}/edit/",
        {
            "contact": ada.pk,
            "kind": "video",
            "occurred_at": "2026-10-01T09:00",
            "place": "Zoom",
        },
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.kind, interaction.place) == ("video", "Zoom")

    response = client_logged_in.post(f"/interactions/{interaction.pk}/delete/")
    assert response.status_code == 302
    assert not Interaction.objects.exists()


def test_a_bad_interaction_edit_keeps_what_was_typed(client_logged_in, ada):
    interaction = make_interaction(ada)

    response = client_logged_in.post(
        f"/interactions/{interaction.pk}/edit/",
        {"contact": ada.pk, "kind": "met", "occurred_at": "nope", "place": "Here"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["occurred_at"]
    assert b'value="Here"' in response.content


def test_another_users_interaction_is_a_404(client_logged_in, eve):
    interaction = make_interaction(eve)

    assert client_logged_in.post(f"/interactions/{interaction.pk}/delete/").status_code == 404


def test_the_invitation_draft_recalls_the_meeting(client_logged_in, ada):
    make_interaction(ada, place="PyCon", occurred_at="2026-03-14 10:00")

    response = client_logged_in.get(f"/invitations/for/{ada.pk}/", headers=htmx())

    assert b'id="invite"' in response.content
    assert b"<html" not in response.content
    assert b"great to meet you at PyCon on March 14" in response.content
    assert b"data-copy" in response.content
    full = client_logged_in.get(f"/invitations/for/{ada.pk}/")
    assert b"<html" in full.content


def test_the_page_offers_an_invitation_only_to_non_connections(client_logged_in, user, ada):
    connected = make_contact(user, first_name="Con", is_connection=True)

    assert b"Draft a LinkedIn invitation" in client_logged_in.get(f"/people/{ada.pk}/").content
    assert (
        b"Draft a LinkedIn invitation"
        not in client_logged_in.get(f"/people/{connected.pk}/").content
    )


def test_i_sent_it_records_an_outgoing_invitation(client_logged_in, ada):
    response = client_logged_in.post(
        f"/invitations/for/{ada.pk}/", {"message": "Hi Ada"}, headers=htmx()
    )

    assert b"Invitation recorded" in response.content
    invitation = Invitation.objects.get()
    assert (invitation.direction, invitation.status, invitation.source) == (
        "outgoing",
        "pending",
        "manual",
    )
    assert invitation.contact == ada
    assert client_logged_in.post(f"/invitations/for/{ada.pk}/", {"message": "x"}).status_code == 302


def test_another_users_invitation_draft_is_a_404(client_logged_in, eve):
    assert client_logged_in.get(f"/invitations/for/{eve.pk}/").status_code == 404
    assert client_logged_in.post(f"/invitations/for/{eve.pk}/").status_code == 404


def test_an_introduction_is_recorded_on_both_timelines(client_logged_in, user, ada):
    grace = make_contact(user, first_name="Grace", last_name="Hopper")

    picker = client_logged_in.get(f"/people/{ada.pk}/introduce/?q=grace")
    assert b"Grace Hopper" in picker.content
    fragment = client_logged_in.get(f"/people/{ada.pk}/introduce/?q=grace", headers=htmx())
    assert b'id="candidates"' in fragment.content and b"<html" not in fragment.content

    response = client_logged_in.post(
        f"/people/{ada.pk}/introduce/",
        {"other": grace.pk, "direction": "made", "note": "Compilers"},
    )

    assert response.status_code == 302
    intro = Introduction.objects.get()
    assert (intro.person, intro.other, intro.note) == (ada, grace, "Compilers")
    assert b"Compilers" in client_logged_in.get(f"/people/{grace.pk}/").content


def test_an_introduction_needs_someone(client_logged_in, ada):
    response = client_logged_in.post(f"/people/{ada.pk}/introduce/", {"direction": "made"})

    assert b"Pick a person from the list." in response.content


def test_an_introduction_with_another_users_person_is_refused(client_logged_in, ada, eve):
    response = client_logged_in.post(
        f"/people/{ada.pk}/introduce/", {"other": eve.pk, "direction": "made"}
    )

    assert response.status_code == 422
    assert not Introduction.objects.exists()
    assert client_logged_in.get(f"/people/{eve.pk}/introduce/").status_code == 404


def test_an_introduction_is_deleted_from_either_side(client_logged_in, user, ada):
    grace = make_contact(user, first_name="Grace")
    intro = ada.introduce(grace)

    response = client_logged_in.post(f"/introductions/{intro.pk}/delete/", {"contact": grace.pk})

    assert response.url == f"/people/{grace.pk}/"
    assert not Introduction.objects.exists()


def test_merge_suggests_the_same_name_and_merges(client_logged_in, user, ada):
    twin = make_contact(user, profile_url="linkedin.com/in/ada", is_connection=True)
    make_interaction(twin)

    page = client_logged_in.get(f"/people/{ada.pk}/merge/")
    assert page.context["candidates"] == [twin]

    response = client_logged_in.post(f"/people/{ada.pk}/merge/", {"other": twin.pk})

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.profile_key == "ada"
    assert ada.interactions.count() == 1
    assert not Contact.objects.filter(pk=twin.pk).exists()


def test_merge_with_another_users_person_is_refused(client_logged_in, ada, eve):
    response = client_logged_in.post(f"/people/{ada.pk}/merge/", {"other": eve.pk})

    assert response.status_code == 422
    assert Contact.objects.filter(pk=eve.pk).exists()


def test_the_person_is_edited_with_the_profile_url_normalised(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/edit/",
        {
            "first_name": "Ada",
            "last_name": "King",
            "company": "ACME, Inc",
            "position": "Countess",
            "email": "ada@example.com",
            "profile_url": "linkedin.com/in/Ada-King/",
            "how_we_met": "Loom museum",
        },
    )

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.profile_url == "https://www.linkedin.com/in/ada-king"
    assert ada.company_key == "acme"
    assert ada.name_key == "ada king"


def test_the_edit_form_shows_errors_and_keeps_what_was_typed(client_logged_in, user, ada):
    make_contact(user, first_name="Other", profile_url="linkedin.com/in/taken")

    response = client_logged_in.post(
        f"/people/{ada.pk}/edit/",
        {
            "first_name": "",
            "last_name": "",
            "company": "Kept Co",
            "profile_url": "linkedin.com/in/taken",
        },
    )

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "first_name" in errors
    assert "merge them" in errors["profile_url"][0]
    assert b'value="Kept Co"' in response.content


def test_the_edit_form_rejects_a_url_that_is_not_a_profile(client_logged_in, ada):
    response = client_logged_in.post(
        f"/people/{ada.pk}/edit/", {"first_name": "Ada", "profile_url": "https://example.com/ada"}
    )

    assert "profile_url" in response.context["form"].errors


def test_another_users_person_cannot_be_edited_or_deleted(client_logged_in, eve):
    assert client_logged_in.get(f"/people/{eve.pk}/edit/").status_code == 404
    assert client_logged_in.post(f"/people/{eve.pk}/delete/").status_code == 404
    assert Contact.objects.filter(pk=eve.pk).exists()


def test_deleting_a_person_asks_first_then_removes_notes_and_interactions(client_logged_in, ada):
    make_note(ada)
    make_interaction(ada)

    confirm = client_logged_in.get(f"/people/{ada.pk}/delete/")
    assert b"1 note and 1 interaction" in confirm.content
    assert Contact.objects.filter(pk=ada.pk).exists()

    response = client_logged_in.post(f"/people/{ada.pk}/delete/")

    assert response.url == "/people/"
    assert not Contact.objects.exists()
    assert not Note.objects.exists()
    assert not Interaction.objects.exists()


def test_the_page_after_a_meeting_highlights_the_invitation(client_logged_in, ada):
    make_interaction(ada, occurred_at=timezone.now())

    response = client_logged_in.get(f"/people/{ada.pk}/?met=1")

    assert b"invite highlight" in response.content


def test_introduced_by_can_be_anyone_picked_by_typing(client_logged_in, user):
    ada = make_contact(user)
    linus = make_contact(user, "Linus", "Torvalds", company="Transmeta")  # in no layer

    found = client_logged_in.get("/people/search/?q=linus&pick=introduced_by", headers=htmx())
    assert f'<input type="radio" name="introduced_by" value="{linus.pk}">' in found.content.decode()

    data = {"first_name": "Ada", "last_name": "Lovelace", "introduced_by": linus.pk}
    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.introduced_by == linus
    page = client_logged_in.get(f"/people/{ada.pk}/edit/").content.decode()
    assert f'name="introduced_by" value="{linus.pk}" checked> Linus Torvalds' in page


def test_introduced_by_refuses_another_users_contact(client_logged_in, user, other_user):
    ada = make_contact(user)
    stranger = make_contact(other_user, "Eve", "Spy")

    data = {"first_name": "Ada", "last_name": "Lovelace", "introduced_by": stranger.pk}
    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code != 302
    ada.refresh_from_db()
    assert ada.introduced_by is None


def test_an_edit_error_is_tied_to_its_field_for_screen_readers(client_logged_in, ada):
    """form_fields.html: the error has the id Django's aria-describedby names, the field says
    it is invalid, and the form starts with a summary (role=alert) that app.js looks for."""
    response = client_logged_in.post(
        f"/people/{ada.pk}/edit/", {"first_name": "Ada", "email": "not an address"}
    )
    content = response.content.decode()

    assert Contact.objects.get(pk=ada.pk).email == ada.email  # not saved
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_email_helptext id_email_error"' in content
    assert '<p class="field-error" id="id_email_error">' in content
    assert "data-error-summary" in content and "correct the fields marked below" in content
