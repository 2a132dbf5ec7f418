"""A person who wrote the user a LinkedIn recommendation is a prescriber (the P of PIPU): the
triage card says so with their words, escaped, and every invitation list marks them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from invitations.models import AcceptanceRule, Decision
from tests.factories import make_contact, make_interaction, make_invitation

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> Grace is <b>brilliant</b>.'


def prescriber(user, name="Grace Hopper"):
    first, last = name.split()
    grace = make_contact(user, first_name=first, last_name=last)
    make_interaction(grace, kind="recommendation", direction="to_me", summary=HOSTILE)
    return grace


def test_the_triage_card_shows_a_prescribers_words_escaped(client_logged_in, user):
    grace = prescriber(user)
    make_invitation(user, name="Grace Hopper")

    content = client_logged_in.get("/invitations/").content.decode()

    assert "<strong>Recommended you</strong> on LinkedIn" in content
    assert f'href="/people/{grace.pk}/"' in content
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Grace is &lt;b&gt;brilliant" in content
    )
    assert "<script>alert" not in content


def test_a_recommendation_given_is_no_prescriber(client_logged_in, user):
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    make_interaction(grace, kind="recommendation", direction="from_me", summary="Great.")
    invitation = make_invitation(user, name="Grace Hopper")

    signals = invitation.signals(AcceptanceRule.for_user(user))

    assert signals.prescriber is None
    assert b"Recommended you" not in client_logged_in.get("/invitations/").content


def test_the_signals_read_the_prescriber_without_a_query_more(user):
    invitation = make_invitation(user, name="Grace Hopper", headline="CTO at Acme")
    rule = AcceptanceRule.for_user(user)
    make_contact(user, first_name="Grace", last_name="Hopper", company="Acme")

    with CaptureQueriesContext(connection) as without:
        invitation.signals(rule)
    grace = prescriber(user)
    with CaptureQueriesContext(connection) as with_one:
        signals = invitation.signals(rule)

    assert signals.prescriber == grace
    assert len(with_one.captured_queries) == len(without.captured_queries) == 5


@pytest.mark.parametrize(
    ("decision", "page"),
    [
        (Decision.ACCEPT, "/invitations/todo/"),
        (Decision.IGNORE, "/invitations/todo/"),
        (Decision.TALK_FIRST, "/invitations/talk-first/"),
        (None, "/invitations/bulk/"),
    ],
)
def test_every_invitation_list_marks_a_prescriber(client_logged_in, user, decision, page):
    grace = prescriber(user)
    for name, contact in (("Grace Hopper", grace), ("Alan Turing", make_contact(user))):
        invitation = make_invitation(user, name=name, contact=contact)
        if decision:
            invitation.decide(decision, rule=AcceptanceRule.for_user(user))

    content = client_logged_in.get(page).content.decode()

    assert content.count('class="badge prescriber"') == 1
    assert "Alan Turing" in content
