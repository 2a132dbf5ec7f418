from datetime import date, timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact
from invitations.models import PRESETS, SUGGESTED, AcceptanceRule, Criterion, Decision, Invitation
from tests.factories import make_contact, make_interaction, make_invitation

pytestmark = pytest.mark.django_db


def names(rule):
    return list(rule.criteria().values_list("name", flat=True))


# The rule and its presets


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("pipu", ["ignore", "ignore", "accept", "accept", "accept"]),
        ("known", ["ignore", "accept"]),
        ("open", ["ignore", "accept"]),
        ("talk_first", ["ignore", "ignore", "accept", "accept", "accept"]),
    ],
)
def test_each_preset_suggests_for_every_count_of_criteria_met(user, preset, expected):
    rule = AcceptanceRule.for_user(user)
    rule.apply_preset(preset)

    assert rule.criteria().count() == len(expected) - 1
    assert [rule.suggest(n) for n in range(len(expected))] == expected


def test_talk_first_suggests_a_reply_when_an_acceptable_invitation_has_no_note(user):
    rule = AcceptanceRule.for_user(user)
    rule.apply_preset("talk_first")

    assert [rule.suggest(n, has_note=False) for n in range(5)] == [
        "ignore",
        "ignore",
        "talk_first",
        "talk_first",
        "talk_first",
    ]
    assert rule.suggest(2, has_note=True) == "accept"


def test_a_preset_replaces_criteria_threshold_and_talk_first(user):
    rule = AcceptanceRule.for_user(user)
    rule.apply_preset("talk_first")
    rule.apply_preset("known")

    rule.refresh_from_db()
    assert names(rule) == ["Known"]
    assert (rule.preset, rule.threshold, rule.talk_first_without_note) == ("known", 1, False)
    assert set(PRESETS) == {"pipu", "known", "open", "talk_first"}


def test_criteria_are_added_moved_and_removed_in_order(user):
    rule = AcceptanceRule.for_user(user)
    rule.add_criterion(" Local ", " Near me? ")
    local = Criterion.objects.get(owner=user, name="Local")

    rule.move_criterion(local, -1)
    assert names(rule) == ["Pertinence", "Interaction", "Prescription", "Local", "Utility"]
    rule.move_criterion(Criterion.objects.get(owner=user, name="Pertinence"), -1)
    assert names(rule)[0] == "Pertinence"
    assert list(rule.criteria().values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    assert local.question == "Near me?"


def test_removing_criteria_keeps_the_threshold_reachable(user):
    rule = AcceptanceRule.for_user(user)
    for criterion in list(rule.criteria())[:3]:
        rule.remove_criterion(criterion)

    rule.refresh_from_db()
    assert names(rule) == ["Utility"]
    assert rule.threshold == 1
    assert list(rule.criteria().values_list("position", flat=True)) == [0]


def test_the_rule_describes_itself(user):
    rule = AcceptanceRule.for_user(user)

    assert rule.describe(4) == "Accept when 2 of 4 hold"
    rule.threshold = 0
    assert rule.describe(4) == "Accept everyone"


# Decisions


def test_taking_the_suggestion_records_it_as_the_decision(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user, message="Hello")

    invitation.decide(SUGGESTED, rule=rule, criteria_met=["Pertinence", "Utility"])

    assert (invitation.decision, invitation.suggestion, invitation.overridden) == (
        "accept",
        "accept",
        False,
    )


def test_talk_first_and_later_never_count_as_overrides(user):
    rule = AcceptanceRule.for_user(user)
    talk, later = make_invitation(user), make_invitation(user)

    talk.decide(Decision.TALK_FIRST, rule=rule)
    later.decide(Decision.LATER, rule=rule)

    assert talk.overridden is False
    assert later.overridden is False


def test_later_without_a_date_comes_back_in_a_week(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user)

    invitation.decide(Decision.LATER, rule=rule)

    assert invitation.later_until == timezone.localdate() + timedelta(days=7)
    queue = Invitation.objects.filter(owner=user).to_triage
    assert invitation not in queue(timezone.localdate() + timedelta(days=6))
    assert invitation in queue(timezone.localdate() + timedelta(days=7))


def test_accepting_links_the_contact_with_the_same_profile(user):
    contact = make_contact(user, profile_url="https://www.linkedin.com/in/grace")
    invitation = make_invitation(user, profile_url="https://linkedin.com/in/Grace/")

    invitation.decide(Decision.ACCEPT, rule=AcceptanceRule.for_user(user))

    invitation.refresh_from_db()
    assert invitation.contact == contact
    assert list(contact.invitations.all()) == [invitation]


def test_bulk_decisions_decide_every_selected_invitation(user):
    rule = AcceptanceRule.for_user(user)
    picked = [make_invitation(user, name=f"P{i}") for i in range(3)]
    other = make_invitation(user, name="Not picked")

    done = Invitation.objects.filter(pk__in=[i.pk for i in picked]).decide_all(
        Decision.ACCEPT, rule=rule, reason="open networker"
    )

    assert done == 3
    assert set(Invitation.objects.filter(decision="accept").values_list("reason", flat=True)) == {
        "open networker"
    }
    other.refresh_from_db()
    assert other.decision == Decision.UNDECIDED


def test_the_last_decision_is_the_one_undone(user):
    rule = AcceptanceRule.for_user(user)
    first, second = make_invitation(user), make_invitation(user)
    first.decide(Decision.IGNORE, rule=rule)
    second.decide(Decision.ACCEPT, rule=rule)
    applied = make_invitation(user)
    applied.decide(Decision.ACCEPT, rule=rule)
    applied.mark_applied()

    assert Invitation.objects.filter(owner=user).last_decided() == second


def test_after_talking_first_the_criteria_and_reason_are_kept(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user)
    invitation.decide(
        Decision.TALK_FIRST, rule=rule, criteria_met=["Pertinence"], reason="asked why"
    )

    invitation.conclude_talk_first(Decision.ACCEPT, rule=rule)

    assert invitation.decision == Decision.ACCEPT
    assert invitation.criteria_met == ["Pertinence"]
    assert invitation.reason == "asked why"


# Applying on LinkedIn


def test_ticking_off_an_accept_creates_the_contact_as_a_connection(user):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(
        user,
        name="Katherine Johnson",
        profile_url="https://www.linkedin.com/in/kj",
        headline="Mathematician at NASA",
    )
    invitation.decide(Decision.ACCEPT, rule=rule, reason="met at a conference")

    invitation.mark_applied()

    invitation.refresh_from_db()
    contact = invitation.contact
    assert (contact.first_name, contact.last_name, contact.company) == (
        "Katherine",
        "Johnson",
        "NASA",
    )
    assert contact.profile_key == "kj"
    assert contact.is_connection is True
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.applied_at is not None
    assert contact.invitations.get().reason == "met at a conference"


def test_ticking_off_an_ignore_marks_it_ignored_without_a_contact(user):
    invitation = make_invitation(user)
    invitation.decide(Decision.IGNORE, rule=AcceptanceRule.for_user(user))

    invitation.mark_applied()

    assert invitation.status == Invitation.Status.IGNORED
    assert invitation.contact is None
    assert Contact.objects.count() == 0


def test_link_contact_finds_by_profile_else_by_name(user):
    by_name = make_contact(user, first_name="Grace", last_name="Hopper")
    make_contact(
        user, first_name="Grace", last_name="Hopper", profile_url="https://linkedin.com/in/other"
    )
    invitation = make_invitation(
        user, name="Grace Hopper", profile_url="https://linkedin.com/in/gh"
    )

    assert invitation.link_contact(create=False) == by_name


def test_link_contact_creates_the_contact_only_once(user):
    invitation = make_invitation(user, name="Alan Turing")

    first = invitation.link_contact()
    again = make_invitation(user, name="Alan Turing").link_contact()

    assert first == again
    assert Contact.objects.filter(owner=user).count() == 1


def test_an_import_showing_a_connection_marks_accepts_applied_and_accepted(
    user, other_user, django_assert_num_queries
):
    rule = AcceptanceRule.for_user(user)
    connection = make_contact(
        user, first_name="Ada", last_name="L", profile_url="https://linkedin.com/in/ada"
    )
    connection.is_connection = True
    connection.save()
    by_name = make_contact(user, first_name="Alan", last_name="Turing")
    by_name.is_connection = True
    by_name.save()
    make_contact(
        user, first_name="Not", last_name="Connected", profile_url="https://linkedin.com/in/nc"
    )
    accepted = make_invitation(user, profile_url="https://linkedin.com/in/ada")
    accepted.decide(Decision.ACCEPT, rule=rule)
    on_linkedin = make_invitation(user, name="Alan Turing")
    still_pending = make_invitation(user, profile_url="https://linkedin.com/in/nc")
    sent = make_invitation(user, name="Alan Turing", direction="outgoing")
    theirs = make_invitation(other_user, profile_url="https://linkedin.com/in/ada")

    with django_assert_num_queries(3):
        changed = Invitation.objects.filter(owner=user).reconcile_with_connections()

    assert changed == 3
    for invitation in (accepted, on_linkedin, still_pending, sent, theirs):
        invitation.refresh_from_db()
    assert (accepted.status, accepted.contact, accepted.applied_at is not None) == (
        "accepted",
        connection,
        True,
    )
    assert (on_linkedin.status, on_linkedin.decision, on_linkedin.contact) == (
        "accepted",
        "undecided",
        by_name,
    )
    assert sent.status == "accepted"
    assert still_pending.status == "pending"
    assert theirs.status == "pending"
    assert Invitation.objects.filter(owner=user).decided_not_applied().count() == 0


def test_a_namesake_with_another_profile_is_not_taken_for_the_connection(user):
    namesake = make_contact(
        user, first_name="Alan", last_name="Turing", profile_url="https://linkedin.com/in/alan-1"
    )
    namesake.is_connection = True
    namesake.save()
    invitation = make_invitation(
        user, name="Alan Turing", profile_url="https://linkedin.com/in/alan-2"
    )

    assert Invitation.objects.filter(owner=user).reconcile_with_connections() == 0
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_mark_accepted_by_import_links_and_applies_one_invitation(user):
    invitation = make_invitation(user)
    invitation.decide(Decision.ACCEPT, rule=AcceptanceRule.for_user(user))
    contact = make_contact(user)

    invitation.mark_accepted_by_import(contact)

    invitation.refresh_from_db()
    assert (invitation.status, invitation.contact, invitation.applied_at is not None) == (
        "accepted",
        contact,
        True,
    )


# Signals


def test_signals_of_a_stranger_are_all_off(user):
    invitation = make_invitation(user, name="Nobody Known")

    signals = invitation.signals(AcceptanceRule.for_user(user))

    assert signals.met_before is False
    assert (signals.message_count, signals.earlier_invitations, signals.colleague_count) == (
        0,
        0,
        0,
    )
    assert (signals.company, signals.keywords, signals.is_connection) == ("", [], False)


def test_met_before_needs_a_real_interaction_with_the_same_profile_or_name(user):
    by_profile = make_contact(user, first_name="X", profile_url="https://linkedin.com/in/grace")
    make_interaction(by_profile, kind="phone")
    by_name = make_contact(user, first_name="Grace", last_name="Hopper")
    make_interaction(by_name, kind="email", direction="to_me")  # one way: not real
    rule = AcceptanceRule.for_user(user)

    signals = make_invitation(user, profile_url="https://linkedin.com/in/grace").signals(rule)
    assert signals.met_before is True
    assert signals.met_contact == by_profile
    assert signals.real_count == 1

    only_name = make_invitation(user, name="Grace Hopper").signals(rule)
    assert only_name.met_before is False
    assert only_name.contacts == [by_name]


def test_earlier_linkedin_messages_are_counted(user):
    contact = make_contact(user, first_name="Grace", last_name="Hopper")
    make_interaction(contact, kind="linkedin", direction="to_me")
    make_interaction(contact, kind="linkedin", direction="both")
    make_interaction(contact, kind="met")

    signals = make_invitation(user, name="Grace Hopper").signals(AcceptanceRule.for_user(user))

    assert signals.message_count == 2
    assert signals.real_count == 2


def test_an_earlier_invitation_from_them_is_found(user):
    when = timezone.now() - timedelta(days=400)
    make_invitation(user, name="Grace Hopper", sent_at=when, status="ignored")
    make_invitation(user, name="Grace Hopper", direction="outgoing")

    signals = make_invitation(user, name="grace  HOPPER").signals(AcceptanceRule.for_user(user))

    assert signals.earlier_invitations == 1
    assert signals.earlier_invitation_at == when


def test_people_at_the_same_company_come_from_the_pasted_headline(user):
    for first in ("Ann", "Bob", "Cid", "Dee"):
        make_contact(user, first_name=first, last_name="X", company="ACME Inc.")
    make_contact(user, first_name="Eve", company="Other")

    signals = make_invitation(user, headline="CTO at Acme").signals(AcceptanceRule.for_user(user))

    assert signals.company == "Acme"
    assert signals.colleague_count == 4
    assert len(signals.colleagues) == 3


def test_the_company_falls_back_on_the_matched_contact(user):
    make_contact(user, first_name="Grace", last_name="Hopper", company="Navy")
    make_contact(user, first_name="Ann", company="Navy")

    signals = make_invitation(user, name="Grace Hopper").signals(AcceptanceRule.for_user(user))

    assert signals.company == "Navy"
    assert [str(c) for c in signals.colleagues] == ["Ann Lovelace"]


def test_focus_keywords_are_found_in_the_note_and_headline_as_words(user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "Data Engineering, python, go, Fintech"
    rule.save()
    invitation = make_invitation(
        user, message="I do data-engineering in Python", headline="Founder at a FinTech"
    )

    assert invitation.signals(rule).keywords == ["data engineering", "python", "fintech"]


def test_already_a_connection_is_a_signal(user):
    contact = make_contact(user, first_name="Grace", last_name="Hopper")
    contact.is_connection = True
    contact.save()

    signals = make_invitation(user, name="Grace Hopper").signals(AcceptanceRule.for_user(user))

    assert signals.is_connection is True


def test_signals_take_the_same_queries_with_more_data(user, django_assert_num_queries):
    rule = AcceptanceRule.for_user(user)
    invitation = make_invitation(user, name="Grace Hopper", headline="CTO at Acme")
    make_contact(user, first_name="Grace", last_name="Hopper")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            invitation.signals(rule)
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        contact = make_contact(user, first_name="Grace", last_name=f"Hopper{i}", company="Acme")
        make_interaction(contact)
    for _ in range(10):
        make_interaction(make_contact(user, first_name="Grace", last_name="Hopper"))
    make_invitation(user, name="Grace Hopper", sent_at=timezone.now() - timedelta(days=3))
    assert count() == small == 5


@pytest.mark.parametrize(
    ("headline", "company"),
    [
        ("Data engineer at Acme", "Acme"),
        ("CTO @ Initech | Speaker", "Initech"),
        ("Freelance", ""),
        ("", ""),
    ],
)
def test_the_company_is_read_from_a_headline(headline, company):
    assert Invitation(headline=headline).company == company


def test_recording_by_hand_sets_identity_and_date(user):
    invitation = Invitation.record_by_hand(
        user,
        direction="outgoing",
        name=" Grace Hopper ",
        profile_url="linkedin.com/in/grace/",
        message="We met at the meetup",
        sent_on=date(2026, 1, 5),
    )

    assert (invitation.name, invitation.profile_key, invitation.source) == (
        "Grace Hopper",
        "grace",
        "manual",
    )
    assert timezone.localdate(invitation.sent_at) == date(2026, 1, 5)
