import pytest

from invitations.models import AcceptanceRule, Decision, Invitation
from tests.factories import htmx, make_invitation

pytestmark = pytest.mark.django_db


def decided(user, decision, **kwargs):
    invitation = make_invitation(user, **kwargs)
    invitation.decide(decision, rule=AcceptanceRule.for_user(user), reason=kwargs.get("name", ""))
    return invitation


def test_it_lists_what_to_accept_and_ignore_on_linkedin(client_logged_in, user):
    decided(user, Decision.ACCEPT, name="Ada", profile_url="https://linkedin.com/in/ada")
    decided(user, Decision.IGNORE, name="Spammer")
    decided(user, Decision.TALK_FIRST, name="Talker")

    response = client_logged_in.get("/invitations/todo/")

    content = response.content.decode()
    assert "Accept on LinkedIn: 1" in content
    assert "Ignore: 1" in content
    assert (
        'href="https://www.linkedin.com/in/ada" target="_blank" rel="noopener noreferrer"'
        in content
    )
    assert 'href="https://www.linkedin.com/mynetwork/invitation-manager/"' in content
    assert "Talker" not in content


def test_it_says_where_decisions_come_from_when_empty(client_logged_in):
    assert b"Nothing to accept." in client_logged_in.get("/invitations/todo/").content


def test_ticking_off_removes_it_from_the_list(client_logged_in, user):
    invitation = decided(user, Decision.ACCEPT, name="Ada")

    response = client_logged_in.post(f"/invitations/{invitation.pk}/applied/")

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.applied_at is not None
    assert invitation.contact.full_name == "Ada"
    assert b"Accept on LinkedIn: 0" in client_logged_in.get("/invitations/todo/").content


def test_ticking_off_over_htmx_answers_with_the_lists(client_logged_in, user):
    invitation = decided(user, Decision.IGNORE, name="Spammer")

    response = client_logged_in.post(f"/invitations/{invitation.pk}/applied/", headers=htmx())

    assert response.content.decode().lstrip().startswith('<div id="todo-lists"')
    assert b"Ignore: 0" in response.content
    # The tab's count follows, out of band.
    assert b'<span class="count" id="tab-count-todo" hx-swap-oob="true">0</span>' in (
        response.content
    )


def test_it_refuses_to_tick_off_another_users_decision(client_logged_in, other_user):
    invitation = decided(other_user, Decision.ACCEPT)

    assert client_logged_in.post(f"/invitations/{invitation.pk}/applied/").status_code == 404


def test_the_todo_list_escapes_hostile_names_and_reasons(client_logged_in, user):
    decided(user, Decision.ACCEPT, name="<script>x()</script>")

    content = client_logged_in.get("/invitations/todo/").content.decode()

    assert "<script>x()" not in content
    assert "&lt;script&gt;x()&lt;/script&gt;" in content


@pytest.mark.parametrize("size", [3, 30])
def test_the_todo_list_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    for i in range(size):
        decided(user, Decision.ACCEPT if i % 2 else Decision.IGNORE, name=f"P{i}")

    with django_assert_num_queries(4):
        client_logged_in.get("/invitations/todo/")


# Talk first


def test_talk_first_lists_the_waiting_invitations_with_a_draft(client_logged_in, user):
    decided(user, Decision.TALK_FIRST, name="Grace Hopper")
    decided(user, Decision.ACCEPT, name="Not waiting")

    content = client_logged_in.get("/invitations/talk-first/").content.decode()

    assert "Grace Hopper" in content
    assert "Hello Grace, thank you for your invitation." in content
    assert "Not waiting" not in content


def test_talk_first_says_how_to_fill_it_when_empty(client_logged_in):
    assert (
        b"Nobody is waiting for a reply" in client_logged_in.get("/invitations/talk-first/").content
    )


def test_after_talking_the_invitation_is_accepted(client_logged_in, user):
    invitation = decided(user, Decision.TALK_FIRST, name="Grace")

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/conclude/", {"decision": "accept"}
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.decision == Decision.ACCEPT
    assert invitation.reason == "Grace"
    assert list(Invitation.objects.filter(owner=user).decided_not_applied()) == [invitation]


def test_concluding_needs_accept_or_ignore(client_logged_in, user):
    invitation = decided(user, Decision.TALK_FIRST)

    client_logged_in.post(f"/invitations/{invitation.pk}/conclude/", {"decision": "later"})

    invitation.refresh_from_db()
    assert invitation.decision == Decision.TALK_FIRST


def test_concluding_another_users_invitation_is_not_found(client_logged_in, other_user):
    invitation = decided(other_user, Decision.TALK_FIRST)

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/conclude/", {"decision": "accept"}
    )

    assert response.status_code == 404
