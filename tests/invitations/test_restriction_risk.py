"""The restriction risk of sent invitations: counted, listed oldest first, warned about before
recording, and the acceptance test of the sent page ("Test for yourself")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from invitations.models import Invitation
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import htmx, make_contact, make_interaction, make_invitation

pytestmark = pytest.mark.django_db


def sent(user, days_ago=1, **kwargs):
    return make_invitation(
        user, direction="outgoing", sent_at=timezone.now() - timedelta(days=days_ago), **kwargs
    )


def risky_and_safe(user):
    """Two at risk (a stranger, and a contact never spoken with), and four that are not."""
    met = make_contact(user, "Met", "Before")
    make_interaction(met, kind="met")
    one_way = make_contact(user, "Only", "Wrote")
    make_interaction(one_way, kind="linkedin", direction="from_me")
    return {
        "stranger": sent(user, 40, name="Old Stranger"),
        "one_way": sent(user, 3, name="Only Wrote", contact=one_way),
        "noted": sent(user, 50, name="With Note", message="We met at PyCon"),
        "met": sent(user, 10, name="Met Before", contact=met),
        "accepted": sent(user, 60, name="Accepted Stranger", status="accepted"),
        "received": make_invitation(user, name="Incoming Stranger"),
    }


def test_the_risk_counts_pending_notes_less_invitations_to_people_never_spoken_with(user):
    made = risky_and_safe(user)

    risky = list(Invitation.objects.filter(owner=user).at_risk())

    assert risky == [made["stranger"], made["one_way"]]  # oldest first
    assert Invitation.objects.filter(owner=user).dashboard_counts()["sent_at_risk"] == 2


def test_a_call_or_a_two_way_message_counts_as_spoken_with(user):
    for kind, direction in (("phone", "from_me"), ("video", "both"), ("linkedin", "both")):
        contact = make_contact(user, kind, direction)
        make_interaction(contact, kind=kind, direction=direction)
        sent(user, contact=contact, name=f"{kind} {direction}")

    assert not Invitation.objects.filter(owner=user).at_risk().exists()


def test_the_sent_page_shows_the_risk_against_the_threshold_oldest_first(client_logged_in, user):
    risky_and_safe(user)

    response = client_logged_in.get("/invitations/sent/")

    content = response.content.decode()
    assert response.context["at_risk_count"] == 2
    assert "2 of 5" in content
    risk = content[content.index('id="risk"') : content.index('id="sent"')]
    assert risk.index("Old Stranger") < risk.index("Only Wrote")
    assert "With Note" not in risk and "Met Before" not in risk
    assert risk.count("I withdrew it") == 2
    assert "You have reached the threshold" not in content


def test_the_threshold_is_a_setting(client_logged_in, user):
    risky_and_safe(user)
    user.preferences.restriction_risk_threshold = 2
    user.preferences.save()

    content = client_logged_in.get("/invitations/sent/").content.decode()

    assert "2 of 2" in content
    assert "You have reached the threshold" in content


def test_withdrawing_from_the_risk_list_takes_one_click(client_logged_in, user):
    made = risky_and_safe(user)

    response = client_logged_in.post(f"/invitations/{made['stranger'].pk}/withdrawn/")

    assert response.status_code == 302
    made["stranger"].refresh_from_db()
    assert made["stranger"].status == "withdrawn"
    assert client_logged_in.get("/invitations/sent/").context["at_risk_count"] == 1


def test_nothing_at_risk_says_so(client_logged_in, user):
    sent(user, message="Hello from PyCon")

    content = client_logged_in.get("/invitations/sent/").content.decode()

    assert "No risk: every pending invitation carries a note" in content


def test_the_dashboard_and_the_review_show_the_risk_above_zero(client_logged_in, user):
    make_contact(user)  # not an empty dashboard
    assert "Sent, restriction risk" not in client_logged_in.get("/").content.decode()

    risky_and_safe(user)

    assert "Sent, restriction risk" in client_logged_in.get("/").content.decode()
    client_logged_in.post("/review/start/")
    client_logged_in.post("/review/step/", {"step": "3"})
    review = client_logged_in.get("/review/").content.decode()
    assert "restriction risk: 2 of 5" in review


# Before recording: the form by hand


def record(client, **data):
    data = {
        "direction": "outgoing",
        "name": "Grace Hopper",
        "sent_on": timezone.localdate(),
        **data,
    }
    return client.post("/invitations/new/", data)


def test_recording_a_notes_less_invitation_to_a_stranger_warns_and_offers_a_note(
    client_logged_in, user
):
    sent(user, 9, name="Already Risky")

    response = record(client_logged_in)

    content = response.content.decode()
    assert response.status_code == 200
    assert not Invitation.objects.filter(name="Grace Hopper").exists()
    assert "adds to your restriction risk" in content
    assert "1 such invitation is already pending" in content
    assert (
        response.context["form"]["message"].value() == "Hi Grace, I would like to connect because…"
    )
    assert "Record it without a note" in content


def test_recording_with_the_offered_note_records_it_personalised(client_logged_in, user):
    response = record(client_logged_in, message="Hi Grace, I would like to connect because…")

    assert response.status_code == 302
    assert Invitation.objects.get(name="Grace Hopper").has_note


def test_recording_without_a_note_anyway_records_it_at_risk(client_logged_in, user):
    response = record(client_logged_in, message="Hi Grace, …", without_note="1")

    assert response.status_code == 302
    invitation = Invitation.objects.get(name="Grace Hopper")
    assert invitation.message == ""
    assert list(Invitation.objects.filter(owner=user).at_risk()) == [invitation]


def test_recording_to_someone_met_needs_no_note_and_links_them(client_logged_in, user):
    grace = make_contact(user, "Grace", "Hopper")
    make_interaction(grace, kind="met")

    response = record(client_logged_in)

    assert response.status_code == 302
    assert Invitation.objects.get(name="Grace Hopper").contact == grace
    assert not Invitation.objects.filter(owner=user).at_risk().exists()


def test_a_known_contact_never_met_gets_their_draft_offered(client_logged_in, user):
    grace = make_contact(user, "Grace", "Hopper")

    content = record(client_logged_in).content.decode()

    assert f"/invitations/for/{grace.pk}/" in content


def test_a_received_invitation_is_never_at_risk(client_logged_in, user):
    response = record(client_logged_in, direction="incoming")

    assert response.status_code == 302


def test_bad_input_still_says_which_field(client_logged_in, user):
    response = record(client_logged_in, profile_url="https://example.com/grace")

    assert response.status_code == 422
    assert "This is not a LinkedIn profile URL" in response.content.decode()


# Before recording: the person page's draft


def test_the_draft_without_its_note_to_someone_never_met_warns_and_gives_the_note_back(
    client_logged_in, user
):
    ada = make_contact(user, "Ada", "Lovelace")

    response = client_logged_in.post(
        f"/invitations/for/{ada.pk}/", {"message": ""}, headers=htmx("invite")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert "adds to your restriction risk" in content
    assert "Hi Ada," in content
    assert "I sent it without a note" in content


def test_the_draft_sent_without_a_note_anyway_is_recorded(client_logged_in, user):
    ada = make_contact(user, "Ada", "Lovelace")

    client_logged_in.post(f"/invitations/for/{ada.pk}/", {"message": "Hi", "without_note": "1"})

    assert Invitation.objects.get(contact=ada).message == ""


def test_the_draft_after_a_meeting_records_without_a_warning(client_logged_in, user):
    ada = make_contact(user, "Ada", "Lovelace")
    make_interaction(ada, kind="met", place="PyCon")

    client_logged_in.post(f"/invitations/for/{ada.pk}/", {"message": ""})

    assert Invitation.objects.filter(contact=ada).exists()


# Test for yourself: the acceptance rates


def test_the_rates_compare_notes_and_meetings_over_answered_invitations(user):
    met = make_contact(user, "Met", "Before")
    make_interaction(met, kind="met", occurred_at=timezone.now() - timedelta(days=100))
    later = make_contact(user, "Met", "After")
    make_interaction(later, kind="met", occurred_at=timezone.now() - timedelta(days=1))
    sent(user, 30, message="Hi", status="accepted", contact=met)
    sent(user, 30, message="Hi")
    sent(user, 30, status="accepted", contact=later)  # met only after: not met when sent
    sent(user, 30)
    sent(user, 30, status="withdrawn")
    sent(user, 2, status="accepted")  # too recent: its answer may still come

    rates = {r.key: r for r in Invitation.objects.filter(owner=user).acceptance_rates(21)}

    assert (rates["note"].sent, rates["note"].accepted, rates["note"].percent) == (2, 1, 50)
    assert (rates["no_note"].sent, rates["no_note"].accepted) == (3, 1)
    assert rates["no_note"].percent == 33
    assert (rates["met"].sent, rates["met"].accepted, rates["met"].percent) == (1, 1, 100)
    assert (rates["not_met"].sent, rates["not_met"].accepted) == (4, 1)


def test_the_sent_page_charts_the_rates_with_a_table(client_logged_in, user):
    sent(user, 30, message="Hi", status="accepted")
    sent(user, 30)

    content = client_logged_in.get("/invitations/sent/").content.decode()

    chart = content[content.index('<svg class="chart rates"') : content.index("</svg>")]
    assert 'role="img"' in chart
    assert "With a note: 100% accepted, of 1" in chart
    assert "Without a note: 0% accepted, of 1" in chart
    assert "To people met: none sent" in chart
    assert "<a " not in chart and "tabindex" not in chart and "<button" not in chart
    assert '<table class="small rates-table">' in content
    assert "fewer than 10 invitations" in content


def test_without_answered_invitations_the_test_says_what_comes_next(client_logged_in, user):
    sent(user, 2)

    content = client_logged_in.get("/invitations/sent/").content.decode()

    assert "Nothing to measure yet" in content


def test_the_rates_on_a_real_shaped_archive(user):
    import_file(build_sample_export(connections=80, messages=200, invitations=60), "a.zip", user)
    outgoing = Invitation.objects.filter(owner=user, direction="outgoing")
    cutoff = timezone.now() - timedelta(days=21)

    rates = {r.key: r for r in Invitation.objects.filter(owner=user).acceptance_rates(21)}

    answered = outgoing.filter(sent_at__lt=cutoff)
    assert rates["note"].sent + rates["no_note"].sent == answered.count()
    assert rates["met"].sent + rates["not_met"].sent == answered.count()
    accepted = answered.filter(status="accepted").count()
    assert rates["note"].accepted + rates["no_note"].accepted == accepted
    assert Invitation.objects.filter(owner=user).at_risk().count() == (
        outgoing.filter(status="pending", message="")
        .exclude(contact__interactions__kind__in=["met", "video", "phone"])
        .exclude(contact__interactions__direction="both")
        .distinct()
        .count()
    )


@pytest.mark.parametrize("size", [2, 20])
def test_recording_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    for i in range(size):
        sent(user, i + 1, name=f"Risky {i}")

    # The session, the user, the contact by name (none: a stranger), the risk's count, the
    # preferences, and the triage count of the navigation.
    with django_assert_num_queries(6):
        response = record(client_logged_in)

    assert response.context["risk"]["count"] == size
