"""What a POST did is said in the page's live region (`#flash`, outside every swapped region):
on the next page after a redirect, out of band in an htmx answer (netcoach.http.done)."""

import re

import pytest

from contacts.models import Note
from tests.factories import htmx, make_contact, make_note

pytestmark = pytest.mark.django_db


def test_every_page_has_the_live_region_even_without_a_message(client_logged_in):
    content = client_logged_in.get("/").content.decode()

    assert re.search(r'<div id="flash" class="flash" role="status">\s*</div>', content)


def test_an_htmx_answer_carries_its_message_out_of_band_once(client_logged_in, user):
    note = make_note(make_contact(user))

    response = client_logged_in.post(f"/notes/{note.pk}/delete/", headers=htmx())

    region, _, flash = response.content.decode().partition('<div id="flash"')
    assert '<section id="activity"' in region
    assert 'class="flash" role="status" hx-swap-oob="innerHTML"' in flash
    assert "The note was deleted." in flash
    assert not Note.objects.exists()
    assert "The note was deleted." not in client_logged_in.get("/").content.decode()


def test_a_plain_post_says_it_on_the_next_page(client_logged_in, user):
    note = make_note(make_contact(user))

    response = client_logged_in.post(f"/notes/{note.pk}/delete/", follow=True)

    assert '<li class="message success"><span class="message-text">The note was deleted.' in (
        response.content.decode()
    )


def test_an_htmx_answer_without_a_message_leaves_the_live_region_alone(client_logged_in, user):
    contact = make_contact(user)

    response = client_logged_in.post(
        f"/people/{contact.pk}/tags/", {"name": "python"}, headers=htmx()
    )

    assert 'id="flash"' not in response.content.decode()
