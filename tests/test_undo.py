"""Every quick action that writes says what it did and offers an Undo that puts the database back
exactly: the weekly review's "I wrote", "I called", "We met" and "Snooze", marking a follow-up
done (review and person page), and the sent tracker's "I withdrew it" (netcoach/undo.py)."""

import re
from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from contacts.models import Contact, Interaction, Note, Review
from contacts.relationships import Layer
from invitations.models import Invitation
from tests.contacts.test_scores import assert_scores_current
from tests.factories import (
    days_ago,
    htmx,
    make_contact,
    make_invitation,
    make_layered,
    make_note,
    make_user,
)

pytestmark = pytest.mark.django_db


def row(obj) -> dict:
    """Every column of the row as the database holds it (timestamps included)."""
    obj = type(obj).objects.get(pk=obj.pk)
    values = model_to_dict(obj)
    values.update({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    return values


def token_in(content: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', content).group(1)


@pytest.fixture
def in_review(client_logged_in, user):
    client_logged_in.post("/review/start/")
    review = Review.objects.get(owner=user)
    review.go_to(5)
    return review


@pytest.fixture
def ana(user):
    return make_layered(user, Layer.CLOSE, 50, today=timezone.localdate(), first_name="Ana")


def test_i_wrote_says_what_it_did_outside_the_swapped_step_with_an_undo(
    client_logged_in, in_review, ana
):
    response = client_logged_in.post(
        f"/review/reconnect/{ana.pk}/",
        {"action": "wrote"},
        headers={**htmx(), "HX-Current-URL": "http://testserver/review/"},
    )

    content = response.content.decode()
    step, _, flash = content.partition('<div id="flash"')
    assert 'id="review-step"' in step
    assert 'class="flash" role="status" hx-swap-oob="innerHTML"' in flash
    assert "Logged: you wrote to Ana Lovelace. They stay on the list, lower, until" in flash
    assert 'action="/undo/"' in flash and 'hx-post="/undo/"' in flash
    assert 'name="next" value="/review/"' in flash
    assert ">Undo</button>" in flash


def test_undoing_i_wrote_deletes_the_email_and_puts_the_row_back_first(
    client_logged_in, user, in_review, ana
):
    bo = make_layered(user, Layer.REGULAR, 400, today=timezone.localdate(), first_name="Bo")
    before_ana, interactions = row(ana), set(Interaction.objects.values_list("pk", flat=True))

    def order():
        return [p.id for p in client_logged_in.get("/review/").context["board"].reconnect]

    assert order() == [ana.pk, bo.pk]
    response = client_logged_in.post(
        f"/review/reconnect/{ana.pk}/", {"action": "wrote"}, headers=htmx()
    )
    assert ana.interactions.filter(kind="email", direction="from_me").exists()
    assert order() == [bo.pk, ana.pk]

    undone = client_logged_in.post(
        "/undo/",
        {"token": token_in(response.content.decode()), "next": "/review/"},
        headers=htmx(),
    )

    assert undone.status_code == 200
    assert undone.headers["HX-Trigger"] == "undone"
    assert "Undone: the email to Ana Lovelace is no longer logged." in undone.content.decode()
    assert set(Interaction.objects.values_list("pk", flat=True)) == interactions
    after = row(ana)
    assert after.pop("score_log2") == pytest.approx(before_ana.pop("score_log2"), abs=1e-9)
    assert after == before_ana
    assert_scores_current(user)
    assert order() == [ana.pk, bo.pk]


@pytest.mark.parametrize(
    ("action", "kind", "said", "undone"),
    [
        ("called", "phone", "Logged: a call with Ana Lovelace.", "the call with"),
        ("met", "met", "Logged: you met Ana Lovelace.", "the meeting with"),
    ],
)
def test_i_called_and_we_met_are_undone_too(
    client_logged_in, in_review, ana, action, kind, said, undone
):
    count = ana.interactions.count()
    response = client_logged_in.post(f"/review/reconnect/{ana.pk}/", {"action": action})
    page = client_logged_in.get(response.url).content.decode()
    assert said in page
    assert ana.interactions.filter(kind=kind).count() == 1 + (kind == "met")

    undo = client_logged_in.post("/undo/", {"token": token_in(page), "next": "/review/"})

    assert undo.status_code == 302 and undo.url == "/review/"
    assert ana.interactions.count() == count
    assert undone in client_logged_in.get("/review/").content.decode()


def test_undoing_a_snooze_restores_the_contact_exactly(client_logged_in, in_review, ana):
    Contact.objects.filter(pk=ana.pk).update(snoozed_until=days_ago(30).date())
    before = row(ana)
    response = client_logged_in.post(
        f"/review/reconnect/{ana.pk}/", {"action": "snooze"}, headers=htmx()
    )
    assert "Snoozed: Ana Lovelace is off the list until" in response.content.decode()
    assert row(ana)["snoozed_until"] == timezone.localdate() + timedelta(days=7)

    client_logged_in.post("/undo/", {"token": token_in(response.content.decode())})

    assert row(ana) == before


def test_undoing_a_follow_up_done_in_the_review_reopens_it_exactly(
    client_logged_in, user, in_review
):
    note = make_note(make_contact(user), follow_up_on=timezone.localdate() - timedelta(days=1))
    before = row(note)
    in_review.go_to(6)
    response = client_logged_in.post(f"/review/follow-ups/{note.pk}/done/", headers=htmx())
    content = response.content.decode()
    assert "No follow-up due." in content
    assert "Done: the follow-up “Talked about the conference.” with Ada Lovelace." in content
    assert row(note)["follow_up_done"] is True

    undone = client_logged_in.post("/undo/", {"token": token_in(content)}, headers=htmx())

    assert "is open again" in undone.content.decode()
    assert row(note) == before
    assert b"Mark done" in client_logged_in.get("/review/").content


def test_undoing_a_follow_up_done_on_the_person_page(client_logged_in, user):
    ada = make_contact(user)
    note = make_note(ada, text="Send the report", follow_up_on=timezone.localdate())
    before = row(note)
    response = client_logged_in.post(f"/notes/{note.pk}/done/", headers=htmx())
    assert "Done: the follow-up “Send the report” with Ada Lovelace." in response.content.decode()

    client_logged_in.post("/undo/", {"token": token_in(response.content.decode())})

    assert row(note) == before
    activity = client_logged_in.get(f"/people/{ada.pk}/", headers=htmx("activity"))
    assert b'<section id="activity"' in activity.content
    assert b"<html" not in activity.content
    assert activity.context["follow_ups"] == [Note.objects.get(pk=note.pk)]


def test_the_regions_showing_undone_data_reload_themselves(client_logged_in, user, in_review):
    ada = make_contact(user)
    make_invitation(user, direction="outgoing")

    review = client_logged_in.get("/review/").content.decode()
    person = client_logged_in.get(f"/people/{ada.pk}/").content.decode()
    sent = client_logged_in.get("/invitations/sent/").content.decode()

    assert (
        'id="review-step" class="review" hx-get="/review/" hx-trigger="undone from:body"' in review
    )
    assert (
        f'id="activity" class="activity" hx-get="/people/{ada.pk}/" hx-trigger="undone from:body"'
        in person
    )
    assert 'id="sent-page" hx-get="/invitations/sent/?show=pending" hx-trigger="undone' in sent


def test_undoing_a_withdrawal_makes_the_invitation_pending_again(client_logged_in, user):
    invitation = make_invitation(user, name="Linus", direction="outgoing")
    before = row(invitation)
    response = client_logged_in.post(f"/invitations/{invitation.pk}/withdrawn/")
    page = client_logged_in.get(response.url).content.decode()
    assert "Recorded: you withdrew your invitation to Linus." in page
    assert row(invitation)["status"] == Invitation.Status.WITHDRAWN

    undo = client_logged_in.post("/undo/", {"token": token_in(page), "next": "/invitations/sent/"})

    assert undo.url == "/invitations/sent/"
    assert row(invitation) == before
    assert "Undone: your invitation to Linus is pending again." in (
        client_logged_in.get("/invitations/sent/").content.decode()
    )


def test_undoing_several_withdrawals_makes_them_all_pending_again(client_logged_in, user):
    ada = make_invitation(user, name="Ada", direction="outgoing")
    bo = make_invitation(user, name="Bo", direction="outgoing")
    accepted = make_invitation(user, name="Cy", direction="outgoing", status="accepted")
    before = [row(ada), row(bo), row(accepted)]
    response = client_logged_in.post(
        "/invitations/sent/withdrawn/",
        {"invitations": [ada.pk, bo.pk, accepted.pk], "show": "pending"},
        follow=True,
    )
    page = response.content.decode()
    assert re.search(r"Recorded: you withdrew 2 invitations \((Ada and Bo|Bo and Ada)\)\.", page)
    assert row(bo)["status"] == Invitation.Status.WITHDRAWN

    undo = client_logged_in.post("/undo/", {"token": token_in(page), "next": "/invitations/sent/"})

    assert undo.url == "/invitations/sent/"
    assert [row(ada), row(bo), row(accepted)] == before
    assert re.search(
        r"Undone: (Ada and Bo|Bo and Ada) are pending again\.",
        client_logged_in.get("/invitations/sent/").content.decode(),
    )


def test_an_undo_works_once(client_logged_in, in_review, ana):
    response = client_logged_in.post(
        f"/review/reconnect/{ana.pk}/", {"action": "met"}, headers=htmx()
    )
    token = token_in(response.content.decode())
    client_logged_in.post("/undo/", {"token": token})

    again = client_logged_in.post("/undo/", {"token": token}, headers=htmx())

    assert "Nothing to undo" in again.content.decode()
    assert ana.interactions.count() == 1


def test_an_undo_never_overwrites_a_later_change(client_logged_in, user):
    note = make_note(make_contact(user), follow_up_on=timezone.localdate())
    response = client_logged_in.post(f"/notes/{note.pk}/done/", headers=htmx())
    client_logged_in.post(f"/notes/{note.pk}/edit/", {"text": "Edited since"})

    client_logged_in.post("/undo/", {"token": token_in(response.content.decode())})

    note.refresh_from_db()
    assert (note.text, note.follow_up_done) == ("Edited since", True)


def test_an_undo_belongs_to_the_user_who_acted(client_logged_in, user, in_review, ana):
    response = client_logged_in.post(
        f"/review/reconnect/{ana.pk}/", {"action": "met"}, headers=htmx()
    )
    token = token_in(response.content.decode())
    mallory = Client()
    mallory.force_login(make_user(username="mallory"))

    answer = mallory.post("/undo/", {"token": token}, headers=htmx())

    assert "Nothing to undo" in answer.content.decode()
    assert ana.interactions.count() == 2


def test_undo_needs_a_post_with_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert client.get("/undo/").status_code == 405
    assert client.post("/undo/", {"token": "x"}).status_code == 403


def test_undo_goes_back_only_to_a_page_of_this_site(client_logged_in):
    response = client_logged_in.post("/undo/", {"token": "x", "next": "https://evil.example/"})

    assert response.url == "/"
