import pytest

from tests.conftest import make_contact, make_interaction, make_invitation

pytestmark = pytest.mark.django_db


def test_the_empty_dashboard_points_to_import(client_logged_in):
    response = client_logged_in.get("/")

    assert response.status_code == 200
    assert b"Your network is empty, for now" in response.content
    assert b'href="/import/"' in response.content


def test_the_dashboard_counts_only_the_users_own_data(client_logged_in, user, other_user):
    ada = make_contact(user)
    make_interaction(ada)
    make_interaction(ada, kind="phone")
    make_invitation(user)
    make_contact(other_user, first_name="Eve")
    make_invitation(other_user)

    response = client_logged_in.get("/")

    board = response.context["board"]
    assert board.pool["everyone"] == 1
    assert board.months["total"] == 2
    assert board.invitations["to_triage"] == 1
    assert b"Your network is empty" not in response.content
