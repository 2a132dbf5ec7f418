"""Talk first settles itself: an answer of theirs after the invitation suggests accepting, a
silence of `Preferences.talk_first_days` after the decision suggests ignoring; the list, the
person's page and the weekly review show it, and one click concludes with the suggestion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, Interaction, Preferences
from invitations import answers
from invitations.models import AcceptanceRule, Decision, Invitation
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export, sample_file_name
from tests.factories import htmx, make_contact, make_interaction, make_invitation


def talk_first(owner, name, *, decided_days_ago=1, sent_days_ago=3, **kwargs):
    """A received invitation the user put in talk first `decided_days_ago` days ago."""
    invitation = make_invitation(
        owner,
        name=name,
        sent_at=timezone.now() - timedelta(days=sent_days_ago),
        **kwargs,
    )
    invitation.decide(Decision.TALK_FIRST, rule=AcceptanceRule.for_user(owner))
    Invitation.objects.filter(pk=invitation.pk).update(
        decided_at=timezone.now() - timedelta(days=decided_days_ago)
    )
    invitation.refresh_from_db()
    return invitation


def settled(owner, wait_days=14):
    invitations = list(Invitation.objects.filter(owner=owner).talk_first_waiting())
    answers.settle_talk_first(invitations, wait_days=wait_days)
    return {i.name: i.answer for i in invitations}


# The loop on real-shaped archives: invitation imported, talk first, the next export answers.


def test_the_next_export_settles_the_talk_first_invitations(client_logged_in, user):
    import_file(
        build_sample_export(connections=60, messages=100, invitations=30),
        sample_file_name(),
        user,
    )
    waiting = list(Invitation.objects.filter(owner=user).incoming().pending())
    rule = AcceptanceRule.for_user(user)
    for invitation in waiting:
        invitation.decide(Decision.TALK_FIRST, rule=rule)
    before = settled(user)
    assert before and not any(a.answered for a in before.values())

    import_file(
        build_sample_export(connections=60, messages=100, invitations=30, newer=True, talk_first=4),
        sample_file_name(newer=True),
        user,
    )
    after = settled(user)

    answered = sorted(name for name, a in after.items() if a.answered)
    # Every other one of the four asked answered: two people, with a message of theirs.
    assert len(answered) == 2
    for name in answered:
        invitation = Invitation.objects.get(owner=user, name=name, decision="talk_first")
        contact = Contact.objects.get(owner=user, profile_key=invitation.profile_key)
        assert contact.interactions.filter(kind="linkedin", direction="both").exists()
        assert after[name].suggestion == Decision.ACCEPT
    # The two asked who did not answer are still waiting (decided today, 14 days by default).
    asked = Contact.objects.filter(owner=user, is_connection=False, interactions__kind="linkedin")
    assert asked.distinct().count() == 4
    content = client_logged_in.get("/invitations/talk-first/").content.decode()
    assert "2 answered: accept?" in content
    for name in answered:
        assert name in content


def test_a_reply_shows_with_its_day_and_one_click_accepts(client_logged_in, user):
    ana = make_contact(user, "Ana", "Silva", profile_url="https://www.linkedin.com/in/ana-silva")
    invitation = talk_first(user, "Ana Silva", profile_url=ana.profile_url, decided_days_ago=2)
    make_interaction(
        ana,
        kind="linkedin",
        direction="both",
        source="imported",
        summary="Me: Why connect?\nThem: We met at PyCon.",
        occurred_at=timezone.now() - timedelta(days=1),
    )

    content = client_logged_in.get("/invitations/talk-first/").content.decode()

    assert "1 answered: accept?" in content
    assert "Answered on" in content
    assert "suggests accepting" in content
    assert 'value="accept" class="primary suggested"' in content

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/conclude/", {"decision": "accept"}
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.decision == Decision.ACCEPT
    assert invitation.contact == ana


def test_silence_after_the_setting_suggests_ignoring(client_logged_in, user):
    talk_first(user, "Bo Quiet", decided_days_ago=15, sent_days_ago=16)
    talk_first(user, "Cy Recent", decided_days_ago=3)

    content = client_logged_in.get("/invitations/talk-first/").content.decode()

    assert "1 without an answer after 14 days: ignore?" in content
    assert "No answer after 15 days" in content
    assert "1 still waiting for an answer" in content
    assert "No answer yet (3 days since you chose to talk first)" in content
    assert 'value="ignore" class="primary suggested"' in content


def test_the_number_of_days_is_a_setting(user):
    talk_first(user, "Bo Quiet", decided_days_ago=8)
    prefs = Preferences.for_user(user)
    prefs.talk_first_days = 7
    prefs.save()

    assert settled(user, prefs.talk_first_days)["Bo Quiet"].suggestion == Decision.IGNORE
    assert settled(user, 14)["Bo Quiet"].suggestion == ""


def test_only_their_messages_count_as_an_answer(user):
    """A day of the user's alone is `both` when it answers an earlier message of theirs: the
    day's lines say who wrote."""
    ben = make_contact(user, "Ben", "Okafor", profile_url="https://www.linkedin.com/in/ben-o")
    talk_first(user, "Ben Okafor", profile_url=ben.profile_url, decided_days_ago=20)
    make_interaction(
        ben,
        kind="linkedin",
        direction="both",
        source="imported",
        summary="Me: Thanks for the invitation, why connect?",
        occurred_at=timezone.now() - timedelta(days=2),
    )
    make_interaction(
        ben, kind="linkedin", direction="from_me", occurred_at=timezone.now() - timedelta(days=1)
    )

    assert settled(user)["Ben Okafor"].suggestion == Decision.IGNORE


def test_a_message_before_their_invitation_is_no_answer(user):
    ben = make_contact(user, "Ben", "Okafor", profile_url="https://www.linkedin.com/in/ben-o")
    talk_first(user, "Ben Okafor", profile_url=ben.profile_url, sent_days_ago=5)
    make_interaction(
        ben, kind="linkedin", direction="to_me", occurred_at=timezone.now() - timedelta(days=30)
    )

    assert not settled(user)["Ben Okafor"].answered


def test_a_homonym_with_another_profile_is_not_them(user):
    other = make_contact(user, "Ana", "Silva", profile_url="https://www.linkedin.com/in/other-ana")
    talk_first(user, "Ana Silva", profile_url="https://www.linkedin.com/in/ana-silva")
    make_interaction(other, kind="linkedin", direction="to_me")

    assert not settled(user)["Ana Silva"].answered


def test_a_call_logged_by_hand_is_an_answer(user):
    ana = make_contact(user, "Ana", "Silva")
    talk_first(user, "Ana Silva")
    make_interaction(ana, kind="phone")

    assert settled(user)["Ana Silva"].suggestion == Decision.ACCEPT


def test_another_users_messages_do_not_answer(user, other_user):
    theirs = make_contact(other_user, "Ana", "Silva")
    make_interaction(theirs, kind="linkedin", direction="to_me")
    talk_first(user, "Ana Silva")

    assert not settled(user)["Ana Silva"].answered


@pytest.mark.parametrize("size", [3, 30])
def test_the_talk_first_page_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    for i in range(size):
        contact = make_contact(user, f"P{i}", "Talker", profile_url=f"https://linkedin.com/in/t{i}")
        talk_first(user, f"P{i} Talker", profile_url=contact.profile_url, decided_days_ago=i)
        if i % 2:
            make_interaction(contact, kind="linkedin", direction="to_me")

    # Session and user, the rule's templates, preferences, the list, their contacts and their
    # interactions, the counts.
    with django_assert_num_queries(8):
        response = client_logged_in.get("/invitations/talk-first/")
    assert response.status_code == 200


# The person's page


def test_the_persons_page_shows_the_answer_and_concludes_back_there(client_logged_in, user):
    ana = make_contact(user, "Ana", "Silva", profile_url="https://www.linkedin.com/in/ana-silva")
    invitation = talk_first(user, "Ana Silva", profile_url=ana.profile_url)
    # Not linked yet: the contact came with the export after the decision.
    Invitation.objects.filter(pk=invitation.pk).update(contact=None)
    make_interaction(ana, kind="linkedin", direction="to_me", source="imported")

    content = client_logged_in.get(f"/people/{ana.pk}/").content.decode()

    assert "Answered on" in content
    assert f'action="/invitations/{invitation.pk}/conclude/"' in content
    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/conclude/", {"decision": "accept", "back": str(ana.pk)}
    )
    assert response.url == f"/people/{ana.pk}/"
    invitation.refresh_from_db()
    assert invitation.decision == Decision.ACCEPT


def test_concluding_cannot_go_back_to_another_users_person(client_logged_in, user, other_user):
    theirs = make_contact(other_user, "Eve", "Other")
    invitation = talk_first(user, "Ana Silva")

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/conclude/", {"decision": "ignore", "back": str(theirs.pk)}
    )

    assert response.url == "/invitations/talk-first/"


def test_talking_first_links_the_known_contact(user):
    ana = make_contact(user, "Ana", "Silva", profile_url="https://www.linkedin.com/in/ana-silva")

    invitation = talk_first(user, "Ana Silva", profile_url=ana.profile_url)

    assert invitation.contact == ana


# The weekly review's step 2


def start_review_at_invitations(client):
    client.post("/review/start/")
    client.post("/review/step/", {"step": 2})


def test_the_review_lists_who_answered_and_who_stayed_silent(client_logged_in, user):
    ana = make_contact(user, "Ana", "Silva")
    talk_first(user, "Ana Silva")
    make_interaction(ana, kind="linkedin", direction="to_me")
    silent = talk_first(user, "Bo Quiet", decided_days_ago=20, sent_days_ago=21)
    talk_first(user, "Cy Recent")
    start_review_at_invitations(client_logged_in)

    content = client_logged_in.get("/review/").content.decode()

    assert "Talk first: they answered — accept?" in content
    assert "Talk first: no answer after 14 days — ignore?" in content
    assert "Ana Silva" in content and "Bo Quiet" in content
    assert "1 talk-first invitation</a> still waiting for an answer." in content

    response = client_logged_in.post(
        f"/review/talk-first/{silent.pk}/", {"decision": "ignore"}, headers=htmx("review-step")
    )

    assert response.status_code == 200
    silent.refresh_from_db()
    assert silent.decision == Decision.IGNORE
    assert "no answer after 14 days" not in response.content.decode()


def test_the_review_refuses_another_users_invitation(client_logged_in, other_user):
    theirs = talk_first(other_user, "Ana Silva")
    start_review_at_invitations(client_logged_in)

    response = client_logged_in.post(f"/review/talk-first/{theirs.pk}/", {"decision": "accept"})

    assert response.status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_review_step_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    for i in range(size):
        contact = make_contact(user, f"P{i}", "Talker")
        talk_first(user, f"P{i} Talker", decided_days_ago=i)
        if i % 2:
            make_interaction(contact, kind="linkedin", direction="to_me")
    start_review_at_invitations(client_logged_in)

    with django_assert_num_queries(QUERIES_REVIEW_STEP):
        client_logged_in.get("/review/")


QUERIES_REVIEW_STEP = 24  # the review's step 2, the talk-first list and its answers included


def test_the_answers_are_read_in_two_queries(user, django_assert_num_queries):
    for i in range(5):
        contact = make_contact(user, f"P{i}", "Talker")
        talk_first(user, f"P{i} Talker")
        make_interaction(contact, kind="linkedin", direction="to_me")
    invitations = list(Invitation.objects.filter(owner=user).talk_first_waiting())

    with django_assert_num_queries(2):  # their contacts, their interactions
        answers.settle_talk_first(invitations, wait_days=14)

    assert all(i.answer.answered for i in invitations)
    assert Interaction.objects.count() == 5
