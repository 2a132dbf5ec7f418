"""Signals that tick criteria (Criterion.signal) and responsiveness among the triage signals."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Interaction
from invitations.answers import Responsiveness
from invitations.models import AcceptanceRule, Criterion, CriterionSignal, Decision, Invitation
from netcoach.linkedin.apply import import_file
from tests.factories import htmx, make_contact, make_interaction, make_invitation
from tests.invitations.helpers_triage import criteria_ids, make_network, make_queue
from tests.netcoach.linkedin.test_replies import archive, from_ana, to_ana


def ticked(content: str, name: str) -> bool:
    """Whether the criterion called `name` is checked and marked as netcoach's in the form."""
    label = content.split(f"<strong>{name}</strong>")[0].rsplit('<label class="toggle', 1)[1]
    return " checked" in label and "auto-ticked" in label


def checked(content: str, name: str) -> bool:
    label = content.split(f"<strong>{name}</strong>")[0].rsplit('<label class="toggle', 1)[1]
    return " checked" in label


# Which criteria the presets let netcoach tick


def test_pipu_lets_netcoach_tick_pertinence_and_prescription(user):
    signals = dict(AcceptanceRule.for_user(user).criteria().values_list("name", "signal"))

    assert signals == {
        "Pertinence": "pertinence",
        "Interaction": "",
        "Prescription": "prescription",
        "Utility": "",
    }


def test_the_known_people_preset_ticks_from_meetings(user):
    rule = AcceptanceRule.for_user(user)
    rule.apply_preset("known")

    assert list(rule.criteria().values_list("signal", flat=True)) == ["known"]


def test_the_rule_page_edits_a_criterions_signal(client_logged_in, user):
    utility = Criterion.objects.get(owner=user, name="Utility")

    response = client_logged_in.post(
        f"/invitations/rule/criteria/{utility.pk}/",
        {f"c{utility.pk}-name": "Utility", f"c{utility.pk}-signal": "known"},
    )

    assert response.status_code == 302
    utility.refresh_from_db()
    assert utility.signal == CriterionSignal.KNOWN
    content = client_logged_in.get("/invitations/rule/").content.decode()
    assert "Ticked by netcoach when" in content


def test_the_rule_page_refuses_an_unknown_signal(client_logged_in, user):
    utility = Criterion.objects.get(owner=user, name="Utility")

    response = client_logged_in.post(
        f"/invitations/rule/criteria/{utility.pk}/",
        {f"c{utility.pk}-name": "Utility", f"c{utility.pk}-signal": "psychic"},
    )

    assert response.status_code == 422
    assert Criterion.objects.get(pk=utility.pk).signal == ""


# Ticks in the queue


def test_focus_keywords_tick_pertinence(client_logged_in, user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "data engineering"
    rule.save()
    make_invitation(user, name="Dee Ata", headline="Data Engineering lead at Acme")

    content = client_logged_in.get("/invitations/").content.decode()

    assert ticked(content, "Pertinence")
    assert not checked(content, "Prescription")
    assert "ticked by netcoach" in content
    # The suggestion counts netcoach's tick: 1 of 4.
    assert "<span data-met>1</span> of 4" in content


def test_a_recommendation_ticks_prescription(client_logged_in, user):
    grace = make_contact(user, "Grace", "Hopper", profile_url="https://www.linkedin.com/in/grace")
    make_interaction(grace, kind="recommendation", direction="to_me", summary="Brilliant.")
    make_invitation(user, name="Grace Hopper", profile_url=grace.profile_url)

    content = client_logged_in.get("/invitations/").content.decode()

    assert ticked(content, "Prescription")
    assert not checked(content, "Pertinence")


def test_met_or_spoken_with_ticks_the_known_criterion(client_logged_in, user):
    AcceptanceRule.for_user(user).apply_preset("known")
    ada = make_contact(user, "Ada", "Lovelace")
    make_interaction(ada, kind="met")
    make_invitation(user, name="Ada Lovelace")

    content = client_logged_in.get("/invitations/").content.decode()

    assert ticked(content, "Known")
    # 1 of 1: accept.
    assert "data-suggestion>Accept</strong>" in content


def test_a_stranger_gets_no_tick(client_logged_in, user):
    make_invitation(user, name="Nobody Known")

    content = client_logged_in.get("/invitations/").content.decode()

    assert "auto-ticked" not in content
    assert "ticked by netcoach" not in content.split('class="shortcuts"')[0]


def test_the_decision_keeps_netcoachs_ticks_that_the_user_left(client_logged_in, user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "python"
    rule.save()
    grace = make_contact(user, "Grace", "Hopper", profile_url="https://www.linkedin.com/in/grace")
    make_interaction(grace, kind="recommendation", direction="to_me")
    invitation = make_invitation(
        user, name="Grace Hopper", profile_url=grace.profile_url, message="Python friends?"
    )
    auto = criteria_ids(user, "Pertinence", "Prescription")

    # The user keeps Pertinence, unticks Prescription and ticks Utility.
    client_logged_in.post(
        f"/invitations/{invitation.pk}/decide/",
        {
            "decision": "suggested",
            "criteria": criteria_ids(user, "Pertinence", "Utility"),
            "auto_ticked": auto,
            "pos": 0,
        },
    )

    invitation.refresh_from_db()
    assert invitation.decision == Decision.ACCEPT
    assert sorted(invitation.criteria_met) == ["Pertinence", "Utility"]
    assert invitation.auto_ticked == ["Pertinence"]


def test_talking_first_then_concluding_keeps_the_ticks(client_logged_in, user):
    invitation = make_invitation(user, name="Ada Lovelace")
    invitation.decide(
        Decision.TALK_FIRST,
        rule=AcceptanceRule.for_user(user),
        criteria_met=["Pertinence"],
        auto_ticked=["Pertinence"],
    )

    client_logged_in.post(f"/invitations/{invitation.pk}/conclude/", {"decision": "accept"})

    invitation.refresh_from_db()
    assert invitation.auto_ticked == ["Pertinence"]
    invitation.undo_decision()
    assert invitation.auto_ticked == []


def test_ticks_of_another_users_criteria_are_refused(client_logged_in, user, other_user):
    invitation = make_invitation(user, name="Ada Lovelace")

    response = client_logged_in.post(
        f"/invitations/{invitation.pk}/decide/",
        {"decision": "accept", "auto_ticked": criteria_ids(other_user, "Pertinence"), "pos": 0},
    )

    assert response.status_code == 422
    assert Invitation.objects.get(pk=invitation.pk).decision == Decision.UNDECIDED


def test_an_invitation_back_from_later_shows_what_the_user_ticked_then(client_logged_in, user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "python"
    rule.save()
    invitation = make_invitation(user, name="Ada Lovelace", message="Python?")
    invitation.decide(Decision.LATER, rule=rule, criteria_met=["Utility"])
    Invitation.objects.filter(pk=invitation.pk).update(later_until=timezone.localdate())

    content = client_logged_in.get("/invitations/").content.decode()

    assert checked(content, "Utility")
    assert not checked(content, "Pertinence")


def test_a_tenth_criterion_takes_key_zero(client_logged_in, user):
    rule = AcceptanceRule.for_user(user)
    for i in range(6):
        rule.add_criterion(f"Extra {i}")
    make_invitation(user, name="Ada Lovelace")

    content = client_logged_in.get("/invitations/").content.decode()

    assert 'data-toggle-key="9"' in content
    assert 'data-toggle-key="0"' in content
    assert "<kbd>0</kbd></dt>" in content
    assert content.count("data-toggle-key=") == 10


# Responsiveness


def day(n):
    return timezone.now() - timedelta(days=n)


def rows(*days):
    """Interaction rows from (days ago, direction, summary) triples, oldest first."""
    return [
        {
            "contact_id": 1,
            "kind": "linkedin",
            "direction": direction,
            "source": "imported" if summary else "entered",
            "mine_line": summary.startswith("Me: ") or "\nMe: " in summary,
            "theirs_line": summary.startswith("Them: ") or "\nThem: " in summary,
            "occurred_at": day(ago),
        }
        for ago, direction, summary in days
    ]


def test_responsiveness_counts_answered_messages_and_the_usual_delay():
    answered = Responsiveness.of(
        rows(
            (60, "both", "Me: hi"),
            (58, "both", "Them: hello"),
            (40, "both", "Me: coffee?"),
            (38, "both", "Them: yes"),
            (20, "both", "Me: hi\nThem: hi"),
            (10, "from_me", "Me: news?"),
        )
    )

    assert (answered.sent, answered.answered, answered.usual_days) == (4, 3, 2)


def test_someone_who_never_answers():
    silent = Responsiveness.of(
        rows((30, "from_me", "Me: a"), (20, "from_me", "Me: b"), (5, "from_me", "Me: c"))
    )

    assert (silent.sent, silent.answered, silent.never) == (3, 0, True)


def test_an_answer_after_the_reply_window_does_not_count():
    late = Responsiveness.of(rows((60, "from_me", "Me: a"), (20, "to_me", "Them: b")))

    assert (late.sent, late.answered) == (1, 0)


def test_no_responsiveness_when_the_user_never_wrote():
    assert Responsiveness.of(rows((3, "to_me", "Them: hi"))) is None


def test_the_queue_shows_responsiveness_from_an_imported_conversation(client_logged_in, user):
    import_file(archive(to_ana(day(20)), from_ana(day(18)), to_ana(day(5))), "export.zip", user)
    ana = Interaction.objects.filter(owner=user).first().contact
    make_invitation(user, name=str(ana), profile_url=ana.profile_url)

    content = client_logged_in.get("/invitations/").content.decode()

    assert "<strong>Answers 1 of your 2 messages</strong>, usually within 2 days" in content


def test_the_queue_says_when_someone_never_answered(client_logged_in, user):
    ben = make_contact(user, "Ben", "Silent")
    for ago in (30, 20, 10):
        make_interaction(ben, kind="linkedin", direction="from_me", occurred_at=day(ago))
    make_invitation(user, name="Ben Silent")

    content = client_logged_in.get("/invitations/").content.decode()

    assert "<strong>Never answered</strong> your 3 messages" in content


@pytest.mark.parametrize("size", [5, 50])
def test_the_queue_with_every_signal_takes_a_fixed_number_of_queries(
    client_logged_in, user, size, django_assert_num_queries
):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "python"
    rule.save()
    make_queue(user, size)
    people = make_network(user, size)
    known = people[0]
    for ago in range(size):
        make_interaction(known, kind="linkedin", direction="from_me", occurred_at=day(ago + 1))
    make_interaction(known, kind="recommendation", direction="to_me")
    first = Invitation.objects.filter(owner=user).to_triage().first()
    first.set_identity(name=str(known), profile_url=known.profile_url)
    first.headline = "Python at Acme"
    first.save()

    # The 9 of the queue, the interactions' numbers, the responsiveness and the company mark.
    with django_assert_num_queries(12):
        content = client_logged_in.get("/invitations/").content.decode()
    assert ticked(content, "Pertinence") and ticked(content, "Prescription")
    assert re.search(r"<strong>Answers \d+ of your \d+ messages</strong>, usually", content)

    data = {"decision": "accept", "criteria": criteria_ids(user, "Utility"), "pos": 0}
    with django_assert_num_queries(12):
        client_logged_in.post(f"/invitations/{first.pk}/decide/", data, headers=htmx())
