import re
from datetime import timedelta

import pytest
from django.utils import timezone

from invitations.models import Invitation
from tests.factories import make_invitation, make_user

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
    assert response.context["personalised_share"] == 50
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
    content = client_logged_in.get("/invitations/sent/").content

    assert b"No sent invitations yet." in content
    assert b"filter-tabs" not in content  # four zeros would say nothing


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


@pytest.mark.parametrize("show", ["pending", "stale", "accepted", "all"])
@pytest.mark.parametrize("size", [3, 30])
def test_the_sent_page_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, show, django_assert_num_queries
):
    for i in range(size):
        sent(user, i)
        sent(user, i * 2, status="accepted")

    # The session, the user, the preferences, the list, the counts, the filters' counts, the
    # restriction risk's invitations and the acceptance rates.
    with django_assert_num_queries(8):
        client_logged_in.get(f"/invitations/sent/?show={show}")


# The sent tracker's filters


def a_sent_tracker(user):
    """Two pending (one stale), two accepted, one withdrawn: the tab says 2, the list had 5."""
    return {
        "fresh": sent(user, 2, name="Fresh Pending"),
        "stale": sent(user, 30, name="Stale Pending"),
        "accepted": sent(user, 40, name="Old Accepted", status="accepted"),
        "accepted_recently": sent(user, 3, name="New Accepted", status="accepted"),
        "withdrawn": sent(user, 50, name="Long Withdrawn", status="withdrawn"),
    }


def names_listed(response):
    return [i.name for i in response.context["invitations"]]


def filter_counts(content):
    """{"Pending": 2, …} as the filters above the list show them."""
    nav = re.search(r'<nav class="filter-tabs".*?</nav>', content, re.S).group(0)
    return {
        label: int(count)
        for label, count in re.findall(r'>(\w+) <span class="count">(\d+)</span>', nav)
    }


def test_it_lists_the_pending_invitations_by_default_as_many_as_the_tab_says(
    client_logged_in, user
):
    a_sent_tracker(user)
    make_invitation(make_user("bob"), direction="outgoing", name="Someone Else's")

    response = client_logged_in.get("/invitations/sent/")

    content = response.content.decode()
    tab = re.search(r'>Sent <span class="count">(\d+)</span>', content).group(1)
    assert names_listed(response) == ["Fresh Pending", "Stale Pending"]
    assert filter_counts(content) == {"Pending": 2, "Stale": 1, "Accepted": 2, "All": 5}
    assert int(tab) == filter_counts(content)["Pending"] == 2
    assert 'href="/invitations/sent/?show=pending" aria-current="page"' in content


@pytest.mark.parametrize(
    ("show", "names"),
    [
        ("stale", ["Stale Pending"]),
        ("accepted", ["New Accepted", "Old Accepted"]),
        (
            "all",
            ["Fresh Pending", "New Accepted", "Stale Pending", "Old Accepted", "Long Withdrawn"],
        ),
        ("nonsense", ["Fresh Pending", "Stale Pending"]),
    ],
)
def test_each_filter_lists_what_its_count_says(client_logged_in, user, show, names):
    a_sent_tracker(user)

    response = client_logged_in.get(f"/invitations/sent/?show={show}")

    assert response.status_code == 200
    assert names_listed(response) == names
    counts = {"stale": 1, "accepted": 2, "all": 5}
    assert len(names) == counts.get(show, 2)


def test_stale_is_the_dashboards_stale_and_follows_the_preference(client_logged_in, user):
    user.preferences.stale_invitation_days = 1
    user.preferences.save()
    a_sent_tracker(user)

    response = client_logged_in.get("/invitations/sent/?show=stale")

    assert names_listed(response) == ["Fresh Pending", "Stale Pending"]
    assert response.context["counts"]["sent_stale"] == 2
    assert "Show the stale ones" not in response.content.decode()


def test_only_pending_invitations_can_be_ticked(client_logged_in, user):
    tracker = a_sent_tracker(user)

    content = client_logged_in.get("/invitations/sent/?show=all").content.decode()

    ticked = re.findall(r'name="invitations" value="(\d+)"', content)
    assert sorted(ticked) == sorted(str(tracker[k].pk) for k in ("fresh", "stale"))


def test_the_accepted_filter_offers_nothing_to_withdraw(client_logged_in, user):
    a_sent_tracker(user)

    content = client_logged_in.get("/invitations/sent/?show=accepted").content.decode()

    assert "I withdrew these" not in content
    assert "I withdrew it" not in content


def test_an_empty_filter_says_why(client_logged_in, user):
    sent(user, 2)

    content = client_logged_in.get("/invitations/sent/?show=stale").content.decode()

    assert "Nothing stale: every pending invitation was sent less than 21 days ago." in content


# Withdrawing several at once


def test_it_records_several_withdrawals_in_one_go_and_says_which(client_logged_in, user):
    tracker = a_sent_tracker(user)
    also = sent(user, 25, name="Third Pending")

    response = client_logged_in.post(
        "/invitations/sent/withdrawn/",
        {"invitations": [tracker["fresh"].pk, tracker["stale"].pk, also.pk], "show": "stale"},
        follow=True,
    )

    assert response.redirect_chain == [("/invitations/sent/?show=stale", 302)]
    statuses = dict(Invitation.objects.values_list("name", "status"))
    assert statuses == {
        "Fresh Pending": "withdrawn",
        "Stale Pending": "withdrawn",
        "Third Pending": "withdrawn",
        "Old Accepted": "accepted",
        "New Accepted": "accepted",
        "Long Withdrawn": "withdrawn",
    }
    assert (
        "Recorded: you withdrew 3 invitations (Fresh Pending, Third Pending and Stale Pending)."
        in response.content.decode()
    )
    assert response.context["counts"]["sent_pending"] == 0


def test_withdrawing_names_the_first_three_and_counts_the_rest(client_logged_in, user):
    invitations = [sent(user, i, name=f"Person {i}") for i in range(5)]

    response = client_logged_in.post(
        "/invitations/sent/withdrawn/",
        {"invitations": [i.pk for i in invitations]},
        follow=True,
    )

    assert "you withdrew 5 invitations (Person 0, Person 1, Person 2 and 2 more)." in (
        response.content.decode()
    )


def test_withdrawing_leaves_an_answered_invitation_as_it_is(client_logged_in, user):
    tracker = a_sent_tracker(user)

    response = client_logged_in.post(
        "/invitations/sent/withdrawn/",
        {"invitations": [tracker["accepted"].pk, tracker["fresh"].pk]},
        follow=True,
    )

    tracker["accepted"].refresh_from_db()
    assert tracker["accepted"].status == "accepted"
    assert "you withdrew 1 invitation (Fresh Pending)." in response.content.decode()


def test_withdrawing_with_nothing_ticked_says_so(client_logged_in, user):
    tracker = a_sent_tracker(user)

    response = client_logged_in.post("/invitations/sent/withdrawn/", {"show": "stale"})

    assert response.status_code == 422
    assert "Select the invitations you withdrew (x, or tick their boxes)." in (
        response.content.decode()
    )
    assert names_listed(response) == ["Stale Pending"]
    tracker["fresh"].refresh_from_db()
    assert tracker["fresh"].status == "pending"


def test_withdrawing_refuses_another_users_invitation(client_logged_in, user, other_user):
    mine = sent(user, 30, name="Mine")
    theirs = sent(other_user, 30, name="Theirs")

    response = client_logged_in.post(
        "/invitations/sent/withdrawn/", {"invitations": [mine.pk, theirs.pk]}
    )

    assert response.status_code == 422
    assert "That is not one of your sent invitations." in response.content.decode()
    assert set(Invitation.objects.values_list("status", flat=True)) == {"pending"}


def test_withdrawing_several_needs_a_post(client_logged_in):
    assert client_logged_in.get("/invitations/sent/withdrawn/").status_code == 405


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
        {
            "direction": "outgoing",
            "name": "Ada",
            "message": "Hi Ada, we met at PyCon.",
            "sent_on": timezone.localdate().isoformat(),
        },
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


@pytest.mark.parametrize("size", [2, 20])
def test_withdrawing_several_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    invitations = [sent(user, i) for i in range(size)]

    # The session, the user, the ticked invitations (checked and read at once), the update; for
    # its Undo, what the update wrote read back, and the session saved (in a savepoint).
    with django_assert_num_queries(8):
        response = client_logged_in.post(
            "/invitations/sent/withdrawn/", {"invitations": [i.pk for i in invitations]}
        )

    assert response.status_code == 302
    assert Invitation.objects.filter(status="withdrawn").count() == size
