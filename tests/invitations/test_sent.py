from datetime import timedelta

import pytest
from django.utils import timezone

from invitations.models import Invitation
from tests.factories import make_invitation

pytestmark = pytest.mark.django_db


def sent(user, days_ago=1, **kwargs):
    return make_invitation(
        user, direction="outgoing", sent_at=timezone.now() - timedelta(days=days_ago), **kwargs
    )


def test_it_shows_age_note_status_share_personalised_and_pending(client_logged_in, user):
    sent(user, 2, name="Fresh", message="We met at PyCon")
    sent(user, 30, name="Stale")
    sent(user, 40, name="Old accepted", status="accepted")
    sent(user, 5, name="Fourth", message="Hi")

    response = client_logged_in.get("/invitations/sent/")

    content = response.content.decode()
    assert response.context["pending_count"] == 3
    assert response.context["summary"]["personalised_share"] == 50
    assert response.context["stale_count"] == 1
    assert "30 days ago" in content
    assert "Consider withdrawing" in content
    assert "I don't know this person" in content
    assert content.count("Consider withdrawing") == 1


def test_stale_follows_the_users_preference(client_logged_in, user):
    user.preferences.stale_invitation_days = 10
    user.preferences.save()
    sent(user, 15)

    assert client_logged_in.get("/invitations/sent/").context["stale_count"] == 1


def test_it_has_an_empty_state(client_logged_in):
    assert b"No sent invitations yet." in client_logged_in.get("/invitations/sent/").content


def test_it_records_a_withdrawal(client_logged_in, user):
    invitation = sent(user, 30)

    response = client_logged_in.post(f"/invitations/{invitation.pk}/withdrawn/")

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN


def test_it_refuses_to_withdraw_another_users_invitation(client_logged_in, other_user):
    invitation = sent(other_user)

    assert client_logged_in.post(f"/invitations/{invitation.pk}/withdrawn/").status_code == 404


def test_withdrawing_needs_a_post(client_logged_in, user):
    invitation = sent(user)

    assert client_logged_in.get(f"/invitations/{invitation.pk}/withdrawn/").status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_the_sent_page_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    for i in range(size):
        sent(user, i)

    with django_assert_num_queries(6):
        client_logged_in.get("/invitations/sent/")


# Recording by hand


def test_the_record_form_shows(client_logged_in):
    response = client_logged_in.get("/invitations/new/")

    assert response.status_code == 200
    assert b"Record an invitation" in response.content


def test_a_received_invitation_recorded_by_hand_joins_the_queue(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/new/",
        {
            "direction": "incoming",
            "name": "Grace Hopper",
            "profile_url": "linkedin.com/in/grace",
            "message": "Met at the meetup",
            "sent_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    assert response.url == "/invitations/"
    invitation = Invitation.objects.get(owner=user)
    assert (invitation.source, invitation.profile_url) == (
        "manual",
        "https://www.linkedin.com/in/grace",
    )
    assert list(Invitation.objects.filter(owner=user).to_triage()) == [invitation]


def test_a_sent_invitation_recorded_by_hand_goes_to_the_sent_list(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/new/",
        {"direction": "outgoing", "name": "Ada", "sent_on": timezone.localdate().isoformat()},
    )

    assert response.url == "/invitations/sent/"


def test_recording_refuses_bad_input_and_keeps_it(client_logged_in, user):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_logged_in.post(
        "/invitations/new/",
        {
            "direction": "incoming",
            "name": "  ",
            "profile_url": "https://example.com/grace",
            "message": "kept note",
            "sent_on": tomorrow.isoformat(),
        },
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert "This field is required." in content
    assert "This is not a LinkedIn profile URL" in content
    assert "The date cannot be in the future." in content
    assert "kept note" in content
    assert not Invitation.objects.exists()
