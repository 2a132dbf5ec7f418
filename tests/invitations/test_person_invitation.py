"""The invitation draft on a person's page for someone netcoach has no profile address for."""

import pytest

from contacts.models import Contact
from invitations.models import Invitation
from tests.factories import htmx, make_contact

pytestmark = pytest.mark.django_db

SEARCH = "https://www.linkedin.com/search/results/people/?keywords="


@pytest.fixture
def linus(user):
    """Met at a conference, logged by hand: no profile address."""
    return make_contact(user, first_name="Linus", last_name="Sjöberg-Torvalds")


def test_a_draft_without_a_profile_offers_a_linkedin_search_for_the_name(client_logged_in, linus):
    response = client_logged_in.get(f"/invitations/for/{linus.pk}/", headers=htmx())

    content = response.content.decode()
    search = f"{SEARCH}Linus+Sj%C3%B6berg-Torvalds"
    assert f'href="{search}" target="_blank" rel="noopener noreferrer"' in content
    assert "Search LinkedIn for “Linus Sjöberg-Torvalds” ↗" in content
    assert 'name="profile_url"' in content
    assert "Open their profile" not in content
    assert 'name="message"' in content  # the draft is still there to copy


def test_a_draft_with_a_profile_needs_no_search(client_logged_in, user):
    ada = make_contact(user, profile_url="https://www.linkedin.com/in/ada")

    content = client_logged_in.get(f"/invitations/for/{ada.pk}/", headers=htmx()).content.decode()

    assert SEARCH not in content
    assert 'name="profile_url"' not in content
    assert 'href="https://www.linkedin.com/in/ada" target="_blank"' in content


def test_the_profile_found_is_saved_on_the_person_in_netcoachs_spelling(client_logged_in, linus):
    response = client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/",
        {"profile_url": " linkedin.com/in/Linus-T/?trk=search ", "message": "Hi Linus, as edited"},
        headers=htmx("invite"),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "Saved their profile" in content
    assert "Hi Linus, as edited" in content  # the draft the user edited survives the swap
    assert 'href="https://www.linkedin.com/in/linus-t" target="_blank"' in content  # Open it
    assert SEARCH not in content
    linus.refresh_from_db()
    assert (linus.profile_url, linus.profile_key) == (
        "https://www.linkedin.com/in/linus-t",
        "linus-t",
    )


def test_without_htmx_the_profile_is_saved_and_the_draft_opens_again(client_logged_in, linus):
    response = client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/",
        {"profile_url": "https://www.linkedin.com/in/linus-t"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/invitations/for/{linus.pk}/", 302)]
    content = response.content.decode()
    assert "Saved the LinkedIn profile of Linus Sjöberg-Torvalds." in content
    assert 'id="invitation-text"' in content


def test_the_invitation_sent_afterwards_carries_the_profile(client_logged_in, linus):
    client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/", {"profile_url": "linkedin.com/in/linus-t"}
    )
    client_logged_in.post(f"/invitations/for/{linus.pk}/", {"message": "Hi Linus"})

    invitation = Invitation.objects.get()
    assert (invitation.profile_key, invitation.contact) == ("linus-t", linus)


@pytest.mark.parametrize(
    "url", ["https://example.com/linus", "https://www.linkedin.com/company/acme", "linus"]
)
def test_it_refuses_an_address_that_is_not_a_linkedin_profile(client_logged_in, linus, url):
    response = client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/",
        {"profile_url": url, "message": "Hi Linus, kept"},
        headers=htmx("invite"),
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert "Paste a LinkedIn profile address, like https://www.linkedin.com/in/name." in content
    assert f'value="{url}"' in content
    assert "Hi Linus, kept" in content
    linus.refresh_from_db()
    assert linus.profile_url == ""


def test_it_refuses_a_profile_another_person_already_has_and_names_them(
    client_logged_in, user, linus
):
    make_contact(user, first_name="Linus", last_name="T.", profile_url="linkedin.com/in/linus-t")

    response = client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/",
        {"profile_url": "https://www.linkedin.com/in/LINUS-T/"},
    )

    assert response.status_code == 422
    assert (
        "Linus T. already has this profile. If they are the same person, merge them "
        "(Merge… on either page)." in response.content.decode()
    )
    assert Contact.objects.filter(profile_key="linus-t").count() == 1


def test_another_users_person_with_that_profile_is_no_obstacle(client_logged_in, linus, other_user):
    make_contact(other_user, profile_url="linkedin.com/in/linus-t")

    response = client_logged_in.post(
        f"/invitations/for/{linus.pk}/profile/", {"profile_url": "linkedin.com/in/linus-t"}
    )

    assert response.status_code == 302
    linus.refresh_from_db()
    assert linus.profile_key == "linus-t"


def test_an_empty_address_says_what_to_do(client_logged_in, linus):
    response = client_logged_in.post(f"/invitations/for/{linus.pk}/profile/", {"profile_url": " "})

    assert response.status_code == 422
    assert "Paste the address of their profile first." in response.content.decode()


def test_another_users_person_is_a_404(client_logged_in, other_user):
    eve = make_contact(other_user, first_name="Eve")

    response = client_logged_in.post(
        f"/invitations/for/{eve.pk}/profile/", {"profile_url": "linkedin.com/in/eve"}
    )

    assert response.status_code == 404
    eve.refresh_from_db()
    assert eve.profile_url == ""


def test_saving_a_profile_needs_a_post(client_logged_in, linus):
    assert client_logged_in.get(f"/invitations/for/{linus.pk}/profile/").status_code == 405


def test_the_person_edit_form_names_who_has_the_profile_too(client_logged_in, user, linus):
    make_contact(user, first_name="Grace", last_name="Hopper", profile_url="linkedin.com/in/grace")

    response = client_logged_in.post(
        f"/people/{linus.pk}/edit/",
        {"first_name": "Linus", "last_name": "S", "profile_url": "https://linkedin.com/in/grace"},
    )

    assert "Grace Hopper already has this profile." in response.content.decode()
