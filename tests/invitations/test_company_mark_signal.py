"""The triage's company mark signal: an invitation from someone at a competitor, a client, a
target or a partner says so, from the pasted headline or the matching contact's company."""

import pytest

from contacts.models import CompanyMark
from invitations.models import AcceptanceRule
from tests.factories import make_contact, make_invitation

pytestmark = pytest.mark.django_db


def signals(invitation):
    return invitation.signals(AcceptanceRule.for_user(invitation.owner))


def test_a_headline_at_a_competitor_is_a_signal(user):
    CompanyMark.mark(user, "Globex Corporation", "competitor")
    invitation = make_invitation(user, headline="Sales director at GLOBEX Corp. | Paris")

    found = signals(invitation)

    assert found.company_mark.kind == "competitor"
    assert found.at_competitor


def test_a_matching_contacts_company_carries_the_mark_when_the_headline_names_none(user):
    make_contact(user, first_name="Grace", last_name="Hopper", company="Initech")
    CompanyMark.mark(user, "Initech", "client")

    found = signals(make_invitation(user, name="Grace Hopper", headline="Builder of things"))

    assert found.company_mark.kind == "client"
    assert not found.at_competitor


def test_the_headline_company_comes_before_the_contacts_old_one(user):
    make_contact(user, first_name="Grace", last_name="Hopper", company="Initech")
    CompanyMark.mark(user, "Initech", "client")
    CompanyMark.mark(user, "Hooli", "competitor")

    found = signals(make_invitation(user, name="Grace Hopper", headline="CTO chez Hooli"))

    assert found.company_mark.kind == "competitor"


def test_an_unmarked_company_or_another_users_mark_is_no_signal(user, other_user):
    CompanyMark.mark(other_user, "Acme", "competitor")

    assert signals(make_invitation(user, headline="CTO at Acme")).company_mark is None


def test_the_queue_shows_works_at_a_competitor_with_a_link_to_the_company(client_logged_in, user):
    CompanyMark.mark(user, "Acme", "competitor")
    make_invitation(user, headline="Engineer @ Acme")

    html = client_logged_in.get("/invitations/").content.decode()

    assert 'class="signal on warn"' in html
    assert '<strong>Works at a competitor</strong>: <a href="/companies/acme/">Acme</a>' in html
    assert '<span class="badge mark-competitor">Competitor</span>' in html


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("client", "Works at a client"),
        ("target", "Works at a target company"),
        ("partner", "Works at a partner"),
    ],
)
def test_the_queue_names_the_other_marks_too(client_logged_in, user, kind, words):
    CompanyMark.mark(user, "Acme", kind)
    make_invitation(user, headline="Engineer at Acme")

    html = client_logged_in.get("/invitations/").content.decode()

    assert f"<strong>{words}</strong>" in html
    assert "signal on warn" not in html


def test_the_queue_in_french_names_the_competitor(client_logged_in, user):
    from contacts.models import Preferences

    Preferences.objects.filter(owner=user).update(language="fr")
    CompanyMark.mark(user, "Acme", "competitor")
    make_invitation(user, headline="Ingénieure chez Acme")

    html = client_logged_in.get("/invitations/").content.decode()

    assert "<strong>Travaille chez un concurrent</strong>" in html
    assert ">Concurrent</span>" in html
