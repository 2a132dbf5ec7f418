from datetime import timedelta

import pytest
from django.utils import timezone

from invitations.models import AcceptanceRule, Decision, Invitation
from tests.factories import htmx, make_invitation
from tests.invitations.helpers_triage import criteria_ids, make_network, make_queue

pytestmark = pytest.mark.django_db


def decide(client, invitation, decision, **data):
    return client.post(f"/invitations/{invitation.pk}/decide/", {"decision": decision, **data})


# The queue page


def test_it_shows_the_oldest_invitation_first_with_the_count_left(client_logged_in, user):
    make_queue(user, 3)

    response = client_logged_in.get("/invitations/")

    assert response.status_code == 200
    assert response.context["invitation"].name == "Person 000"
    assert response.context["left"] == 3
    assert b"<strong>1</strong> of <strong>3</strong> to triage" in response.content


def test_it_shows_the_profile_link_in_a_new_tab_and_the_waiting_time(client_logged_in, user):
    make_invitation(
        user,
        profile_url="https://www.linkedin.com/in/grace",
        sent_at=timezone.now() - timedelta(days=10),
    )

    content = client_logged_in.get("/invitations/").content.decode()

    assert (
        'href="https://www.linkedin.com/in/grace" target="_blank" rel="noopener noreferrer"'
        in content
    )
    assert "Waiting for 1\xa0week, 3\xa0days" in content


def test_it_says_clearly_when_there_is_no_personal_note(client_logged_in, user):
    make_invitation(user, message="  ")

    assert b"No personal note." in client_logged_in.get("/invitations/").content


def test_it_escapes_hostile_names_and_notes(client_logged_in, user):
    make_invitation(
        user,
        name="<script>alert('name')</script>",
        message="<script>alert('note')</script><img src=x onerror=alert(1)>",
        headline="<b>CEO</b> at <i>Evil</i>",
    )

    content = client_logged_in.get("/invitations/").content.decode()

    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;CEO&lt;/b&gt;" in content


def test_it_shows_every_signal_it_knows(client_logged_in, user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "python"
    rule.save()
    colleagues = make_network(user, 2)
    make_invitation(
        user,
        name=str(colleagues[0]),
        profile_url=colleagues[0].profile_url,
        sent_at=timezone.now() - timedelta(days=500),
        status="ignored",
    )
    colleagues[0].is_connection = True
    colleagues[0].save()
    make_invitation(
        user,
        name=str(colleagues[0]),
        profile_url=colleagues[0].profile_url,
        message="Python people should connect",
        headline="Engineer at Acme",
    )

    content = client_logged_in.get("/invitations/").content.decode()

    assert "Met or spoken with before:" in content
    assert "1 earlier LinkedIn message</strong>" in content
    assert "Invited you before" in content
    assert "1 person you know at Acme" in content
    assert "<mark>python</mark>" in content
    assert "Already a connection" in content


def test_it_shows_an_empty_state_saying_what_to_do_next(client_logged_in, user):
    response = client_logged_in.get("/invitations/")

    assert response.context["invitation"] is None
    assert b"Nothing to triage" in response.content
    assert b"record an invitation by hand" in response.content


def test_it_moves_to_the_next_and_previous_invitation(client_logged_in, user):
    make_queue(user, 3)

    assert client_logged_in.get("/invitations/?pos=1").context["invitation"].name == "Person 001"
    assert client_logged_in.get("/invitations/?pos=99").context["invitation"].name == "Person 002"
    assert client_logged_in.get("/invitations/?pos=oops").context["invitation"].name == "Person 000"


def test_it_answers_htmx_with_the_queue_fragment(client_logged_in, user):
    make_queue(user, 2)

    response = client_logged_in.get("/invitations/?pos=1", headers=htmx())

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="queue"')
    assert "<html" not in content
    assert 'id="tab-count-triage" hx-swap-oob="true"' in content
    assert "Person 001" in content


def test_the_nav_shows_the_count_to_triage_on_every_page(client_logged_in, user):
    make_queue(user, 4)

    content = client_logged_in.get("/settings/").content.decode()

    assert 'id="nav-triage-count">4<' in content


@pytest.mark.parametrize("size", [5, 50])
def test_the_queue_page_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    make_queue(user, size)
    make_network(user, size)
    first = Invitation.objects.filter(owner=user).to_triage().first()
    first.headline = "CTO at Acme"
    first.save()

    # …, the user's mark on the inviter's company one of them
    with django_assert_num_queries(10):
        client_logged_in.get("/invitations/")


# Deciding


@pytest.mark.parametrize("decision", ["accept", "ignore", "talk_first", "later"])
def test_each_decision_is_stored_and_the_next_one_comes(client_logged_in, user, decision):
    first, second = make_queue(user, 2)

    response = decide(
        client_logged_in,
        first,
        decision,
        criteria=criteria_ids(user, "Pertinence"),
        reason=" met at PyCon ",
        pos=0,
    )

    assert response.status_code == 302
    assert response.url == f"/invitations/?pos=0&last={first.pk}"
    first.refresh_from_db()
    assert first.decision == decision
    assert first.criteria_met == ["Pertinence"]
    assert first.suggestion == "ignore"
    assert first.overridden is (decision == "accept")
    assert first.reason == "met at PyCon"
    follow = client_logged_in.get(response.url)
    assert follow.context["invitation"] == second
    assert follow.context["last"] == first


def test_enter_takes_the_rules_suggestion(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    decide(
        client_logged_in,
        invitation,
        "suggested",
        criteria=criteria_ids(user, "Pertinence", "Utility"),
    )

    invitation.refresh_from_db()
    assert (invitation.decision, invitation.overridden) == ("accept", False)


def test_later_comes_back_on_its_date(client_logged_in, user):
    (invitation,) = make_queue(user, 1)
    back_on = timezone.localdate() + timedelta(days=3)

    decide(client_logged_in, invitation, "later", later_until=back_on.isoformat())

    invitation.refresh_from_db()
    assert invitation.later_until == back_on
    assert client_logged_in.get("/invitations/").context["invitation"] is None
    queue = Invitation.objects.filter(owner=user).to_triage(back_on)
    assert list(queue) == [invitation]


def test_talk_first_shows_a_reply_draft_to_copy(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    response = decide(client_logged_in, invitation, "talk_first", pos=0)

    content = client_logged_in.get(response.url).content.decode()
    assert 'id="reply-draft"' in content
    assert "Hello Person, thank you for your invitation." in content


def test_an_htmx_decision_answers_with_the_next_invitation(client_logged_in, user):
    first, second = make_queue(user, 2)

    response = client_logged_in.post(
        f"/invitations/{first.pk}/decide/", {"decision": "ignore", "pos": 0}, headers=htmx()
    )

    assert response.status_code == 200
    assert response.context["invitation"] == second
    assert b"<strong>Ignore:</strong> Person 000" in response.content
    assert b"<html" not in response.content


@pytest.mark.parametrize("size", [5, 50])
def test_decide_and_next_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    queue = make_queue(user, size)
    make_network(user, size)
    data = {"decision": "accept", "criteria": criteria_ids(user, "Utility"), "pos": 0}

    with django_assert_num_queries(13):
        client_logged_in.post(f"/invitations/{queue[0].pk}/decide/", data, headers=htmx())


def test_it_rejects_an_unknown_decision_and_keeps_what_was_typed(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    response = decide(client_logged_in, invitation, "maybe", reason="typed this")

    assert response.status_code == 422
    assert b"Select a valid choice" in response.content
    assert b'value="typed this"' in response.content
    invitation.refresh_from_db()
    assert invitation.decision == Decision.UNDECIDED


def test_it_rejects_a_later_date_in_the_past(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    response = decide(client_logged_in, invitation, "later", later_until="2020-01-01")

    assert response.status_code == 422
    assert b"Pick a date after today." in response.content


def test_it_rejects_another_users_criteria(client_logged_in, user, other_user):
    (invitation,) = make_queue(user, 1)

    response = decide(
        client_logged_in, invitation, "accept", criteria=criteria_ids(other_user, "Utility")
    )

    assert response.status_code == 422


def test_an_htmx_decision_with_errors_comes_back_as_a_fragment(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/decide/",
        {"decision": "later", "later_until": "2020-01-01"},
        headers=htmx(),
    )

    assert response.status_code == 422
    assert b"Pick a date after today." in response.content


def test_it_refuses_to_decide_another_users_invitation(client_logged_in, other_user):
    (invitation,) = make_queue(other_user, 1)

    assert decide(client_logged_in, invitation, "accept").status_code == 404
    invitation.refresh_from_db()
    assert invitation.decision == Decision.UNDECIDED


def test_deciding_needs_a_post(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    assert client_logged_in.get(f"/invitations/{invitation.pk}/decide/").status_code == 405


# Undo


def test_undo_brings_the_last_decision_back_into_focus(client_logged_in, user):
    first, second, _third = make_queue(user, 3)
    decide(client_logged_in, first, "accept")
    decide(client_logged_in, second, "ignore", pos=0)

    response = client_logged_in.post("/invitations/undo/")

    second.refresh_from_db()
    assert second.decision == Decision.UNDECIDED
    assert response.status_code == 302
    assert client_logged_in.get(response.url).context["invitation"] == second
    first.refresh_from_db()
    assert first.decision == Decision.ACCEPT


def test_undo_over_htmx_answers_with_the_undone_invitation(client_logged_in, user):
    first, _second = make_queue(user, 2)
    decide(client_logged_in, first, "ignore")

    response = client_logged_in.post("/invitations/undo/", headers=htmx())

    assert response.context["invitation"] == first


def test_undo_with_nothing_to_undo_says_so(client_logged_in, user, other_user):
    (theirs,) = make_queue(other_user, 1)
    theirs.decide(Decision.ACCEPT, rule=AcceptanceRule.for_user(other_user))

    response = client_logged_in.post("/invitations/undo/", follow=True)

    assert b"Nothing to undo." in response.content
    theirs.refresh_from_db()
    assert theirs.decision == Decision.ACCEPT


# The pasted headline


def test_a_pasted_headline_feeds_the_company_signal(client_logged_in, user):
    make_network(user, 2)
    (invitation,) = make_queue(user, 1)

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/headline/",
        {"headline": "CTO at Acme", "pos": 0},
        headers=htmx(),
    )

    assert response.context["signals"].colleague_count == 2
    invitation.refresh_from_db()
    assert invitation.headline == "CTO at Acme"
    plain = client_logged_in.post(f"/invitations/{invitation.pk}/headline/", {"headline": "x"})
    assert plain.status_code == 302


def test_a_headline_that_is_too_long_is_refused(client_logged_in, user):
    (invitation,) = make_queue(user, 1)

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/headline/", {"headline": "x" * 501}
    )

    assert response.status_code == 422
    assert b"Ensure this value has at most 500 characters" in response.content


def test_it_refuses_another_users_headline(client_logged_in, other_user):
    (invitation,) = make_queue(other_user, 1)

    response = client_logged_in.post(f"/invitations/{invitation.pk}/headline/", {"headline": "x"})

    assert response.status_code == 404


# Bulk


def test_bulk_shows_the_queue_with_the_selected_one_ticked(client_logged_in, user):
    first, _second = make_queue(user, 2)

    response = client_logged_in.get(f"/invitations/bulk/?select={first.pk}")

    assert response.status_code == 200
    assert f'value="{first.pk}" id="bulk-{first.pk}" checked'.encode() in response.content


def test_bulk_decides_the_selected_invitations(client_logged_in, user):
    first, second, _third = make_queue(user, 3)

    response = client_logged_in.post(
        "/invitations/bulk/",
        {"invitations": [first.pk, second.pk], "decision": "accept", "reason": "open networker"},
    )

    assert response.status_code == 302
    decided = Invitation.objects.filter(owner=user, decision="accept")
    assert set(decided) == {first, second}
    assert set(decided.values_list("reason", flat=True)) == {"open networker"}


def test_bulk_needs_a_selection(client_logged_in, user):
    make_queue(user, 1)

    response = client_logged_in.post("/invitations/bulk/", {"decision": "ignore"})

    assert response.status_code == 422
    assert b"Select at least one invitation" in response.content


def test_bulk_ignores_another_users_invitations(client_logged_in, user, other_user):
    (theirs,) = make_queue(other_user, 1)

    response = client_logged_in.post(
        "/invitations/bulk/", {"invitations": [theirs.pk], "decision": "ignore"}
    )

    assert response.status_code == 422
    theirs.refresh_from_db()
    assert theirs.decision == Decision.UNDECIDED
