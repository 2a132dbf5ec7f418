from datetime import date, timedelta

import pytest
from django.utils import timezone

from invitations.models import AcceptanceRule, Decision, Invitation
from tests.factories import make_invitation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("met", "suggestion"),
    [
        (0, Decision.IGNORE),
        (1, Decision.IGNORE),
        (2, Decision.ACCEPT),
        (3, Decision.ACCEPT),
        (4, Decision.ACCEPT),
    ],
)
def test_pipu_suggests_accepting_when_two_of_four_hold(user, met, suggestion):
    assert AcceptanceRule.for_user(user).suggest(met) == suggestion


def test_a_decision_keeps_its_criteria_suggestion_and_override(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user)

    invitation.decide(
        Decision.ACCEPT, rule=rule, criteria_met=["Pertinence"], reason=" met at PyCon "
    )

    invitation.refresh_from_db()
    assert invitation.decision == Decision.ACCEPT
    assert invitation.criteria_met == ["Pertinence"]
    assert invitation.suggestion == Decision.IGNORE
    assert invitation.overridden is True
    assert invitation.reason == "met at PyCon"
    assert invitation.decided_at is not None


def test_following_the_suggestion_is_not_an_override(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user)

    invitation.decide(Decision.ACCEPT, rule=rule, criteria_met=["Pertinence", "Utility"])

    assert invitation.overridden is False


def test_undo_returns_the_invitation_to_the_queue(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user)
    invitation.decide(Decision.IGNORE, rule=rule)

    invitation.undo_decision()

    assert list(Invitation.objects.filter(owner=user).to_triage()) == [invitation]


def test_the_queue_holds_incoming_pending_undecided_and_later_whose_date_came(user):
    rule = AcceptanceRule.for_user(user)
    today = date(2026, 11, 23)
    older = make_invitation(user, name="Older", sent_at=timezone.now() - timedelta(days=9))
    newer = make_invitation(user, name="Newer")
    back = make_invitation(user, name="Back today")
    back.decide(Decision.LATER, rule=rule, later_until=today)
    waiting = make_invitation(user, name="Not yet")
    waiting.decide(Decision.LATER, rule=rule, later_until=today + timedelta(days=1))
    make_invitation(user, name="Sent", direction="outgoing")
    make_invitation(user, name="Accepted", status="accepted")
    decided = make_invitation(user, name="Decided")
    decided.decide(Decision.ACCEPT, rule=rule)

    queue = list(Invitation.objects.filter(owner=user).to_triage(today))

    assert queue[0] == older
    assert set(queue) == {older, newer, back}
    assert list(Invitation.objects.decided_not_applied()) == [decided]


def test_the_dashboard_counts_take_one_query(user, other_user, django_assert_num_queries):
    rule = AcceptanceRule.for_user(user)
    make_invitation(user)
    accepted = make_invitation(user)
    accepted.decide(Decision.ACCEPT, rule=rule)
    talk = make_invitation(user)
    talk.decide(Decision.TALK_FIRST, rule=rule)
    make_invitation(user, direction="outgoing")
    make_invitation(user, direction="outgoing", sent_at=timezone.now() - timedelta(days=22))
    make_invitation(other_user)

    with django_assert_num_queries(1):
        counts = Invitation.objects.filter(owner=user).dashboard_counts()

    assert counts == {
        "to_triage": 1,
        "decided_not_applied": 1,
        "talk_first": 1,
        "sent_pending": 2,
        "sent_stale": 1,
        "sent_at_risk": 2,
    }
