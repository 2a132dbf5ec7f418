"""The relationship model's rules (docs/relationship-model.md), with dates fixed."""

from datetime import timedelta

import pytest

from contacts import relationships
from contacts.models import Contact, Preferences
from contacts.relationships import Layer, Status
from tests.factories import TODAY, days_ago, make_contact, make_interaction, make_layered, make_note

pytestmark = pytest.mark.django_db


def assessed(user, prefs=None, today=TODAY):
    prefs = prefs or Preferences.for_user(user)
    people = Contact.objects.owned_by(user).for_dashboard(prefs, today)
    return {p.id: p for p in people}


@pytest.mark.parametrize(
    ("layer", "gap", "status"),
    [
        (Layer.CORE, 0, Status.ACTIVE),
        (Layer.CORE, 7, Status.ACTIVE),
        (Layer.CORE, 8, Status.DUE),
        (Layer.CORE, 14, Status.DUE),
        (Layer.CORE, 15, Status.DORMANT),
        (Layer.CLOSE, 30, Status.ACTIVE),
        (Layer.CLOSE, 31, Status.DUE),
        (Layer.CLOSE, 60, Status.DUE),
        (Layer.CLOSE, 61, Status.DORMANT),
        (Layer.REGULAR, 180, Status.ACTIVE),
        (Layer.REGULAR, 181, Status.DUE),
        (Layer.REGULAR, 360, Status.DUE),
        (Layer.REGULAR, 361, Status.DORMANT),
        (Layer.ACTIVE, 365, Status.ACTIVE),
        (Layer.ACTIVE, 366, Status.DUE),
        (Layer.ACTIVE, 730, Status.DUE),
        (Layer.ACTIVE, 731, Status.DORMANT),
    ],
)
def test_every_status_boundary_of_every_layer(user, layer, gap, status):
    contact = make_layered(user, layer, gap)

    person = assessed(user)[contact.id]

    assert person.status == status
    assert person.gap_days == gap


def test_a_layered_person_with_no_real_interaction_is_dormant(user):
    contact = make_layered(user, Layer.CLOSE)
    make_interaction(contact, kind="linkedin", direction="from_me", occurred_at=days_ago(1))

    person = assessed(user)[contact.id]

    assert person.status == Status.DORMANT
    assert person.gap_days is None
    assert (
        person.reason
        == "Close · no real interaction yet · cadence 30 days · you wrote, no reply yet"
    )


@pytest.mark.parametrize(
    ("gap", "status"),
    [(45, Status.ACTIVE), (46, Status.DUE), (90, Status.DUE), (91, Status.DORMANT)],
)
def test_family_gets_one_and_a_half_times_the_cadence(user, gap, status):
    contact = make_layered(user, Layer.CLOSE, gap, is_family=True)

    person = assessed(user)[contact.id]

    assert person.cadence == 45
    assert person.status == status


def test_the_cadences_and_the_dormant_factor_are_settings(user):
    prefs = Preferences.for_user(user)
    prefs.cadence_close = 10
    prefs.dormant_factor = 3
    contact = make_layered(user, Layer.CLOSE, 11)
    far = make_layered(user, Layer.CLOSE, 31)

    people = assessed(user, prefs)

    assert people[contact.id].status == Status.DUE
    assert people[far.id].status == Status.DORMANT  # 31 > 3 × 10


def test_one_way_messages_and_introductions_do_not_reset_the_clock(user):
    contact = make_layered(user, Layer.CLOSE, 40)
    make_interaction(contact, kind="email", direction="from_me", occurred_at=days_ago(20))
    make_interaction(contact, kind="introduction", direction="from_me", occurred_at=days_ago(3))

    assert assessed(user)[contact.id].gap_days == 40


def test_never_met_means_no_meeting_or_call_ever_logged(user):
    written = make_layered(user, Layer.CLOSE, 3, kind="linkedin")
    called = make_layered(user, Layer.CLOSE, 3, kind="phone")

    people = assessed(user)

    assert people[written.id].ever_met is False
    assert people[called.id].ever_met is True


def test_the_rhythm_breaks_after_eight_median_intervals(user):
    contact = make_layered(user, Layer.ACTIVE, 100)
    for gap in (110, 120):
        make_interaction(contact, occurred_at=days_ago(gap))  # median interval 10 days

    assert assessed(user, today=TODAY - timedelta(days=20))[contact.id].rhythm_broken is False
    assert assessed(user, today=TODAY - timedelta(days=20))[contact.id].gap_days == 80
    assert assessed(user, today=TODAY - timedelta(days=19))[contact.id].rhythm_broken is True


def test_the_rhythm_needs_three_real_interactions():
    days = [TODAY - timedelta(days=400), TODAY - timedelta(days=399)]

    assert relationships.is_rhythm_broken(days, TODAY, 8) is False
    assert relationships.median_interval([*days, TODAY - timedelta(days=398)]) == 1


def test_the_budget_counts_layered_people_active_or_due(user):
    make_layered(user, Layer.CORE, 2)  # active
    make_layered(user, Layer.CLOSE, 40)  # due
    make_layered(user, Layer.REGULAR, 10)  # active
    make_layered(user, Layer.REGULAR, 400)  # dormant
    make_layered(user, Layer.ACTIVE)  # dormant: never
    make_contact(user, first_name="Pool")
    make_interaction(make_contact(user, first_name="Pool met"), occurred_at=days_ago(1))
    prefs = Preferences.for_user(user)

    budget = relationships.budget(list(assessed(user).values()), prefs)

    assert (budget.used, budget.at_risk, budget.total, budget.free) == (3, 2, 150, 147)
    assert [(row.label, row.inner, row.active, row.due, row.dormant) for row in budget.layers] == [
        ("Core", 0, 1, 0, 0),
        ("Close", 1, 0, 1, 0),
        ("Regular", 2, 1, 0, 1),
        ("Active", 4, 0, 0, 1),
    ]
    assert [row.cumulative for row in budget.layers] == [1, 2, 4, 5]
    assert budget.over_cap == []


def test_a_layer_over_its_cumulative_cap_is_reported(user):
    prefs = Preferences.for_user(user)
    for _ in range(4):
        make_layered(user, Layer.CORE, 1)
    for _ in range(12):
        make_layered(user, Layer.CLOSE, 1)

    budget = relationships.budget(list(assessed(user).values()), prefs)

    assert [(row.label, row.cumulative, row.cap, row.over_by) for row in budget.over_cap] == [
        ("Close", 16, 15, 1)
    ]


def test_each_term_of_the_priority():
    base = dict(layer_weight=3, gap_days=45, cadence=30, follow_up_open=False)
    plain = relationships.priority(**base, rhythm_broken=False, unanswered=False)
    assert plain.score == 4.5  # 3 × 45 / 30

    assert (
        relationships.priority(
            **{**base, "gap_days": 500}, rhythm_broken=False, unanswered=False
        ).score
        == 12
    )  # capped at 4
    assert (
        relationships.priority(
            **{**base, "gap_days": None}, rhythm_broken=False, unanswered=False
        ).score
        == 12
    )
    assert (
        relationships.priority(
            **{**base, "follow_up_open": True}, rhythm_broken=False, unanswered=False
        ).score
        == 5.5
    )
    assert relationships.priority(**base, rhythm_broken=True, unanswered=False).score == 5
    assert relationships.priority(**base, rhythm_broken=False, unanswered=True).score == 2.5


def test_an_unanswered_message_lowers_the_priority_for_fourteen_days(user):
    waiting = make_layered(user, Layer.CLOSE, 45, first_name="Waiting")
    make_interaction(waiting, kind="email", direction="from_me", occurred_at=days_ago(14))
    answered = make_layered(user, Layer.CLOSE, 45, first_name="Answered")
    make_interaction(answered, kind="email", direction="from_me", occurred_at=days_ago(5))
    make_interaction(answered, kind="email", direction="to_me", occurred_at=days_ago(4))
    old = make_layered(user, Layer.CLOSE, 45, first_name="Old")
    make_interaction(old, kind="email", direction="from_me", occurred_at=days_ago(15))

    people = assessed(user)

    assert people[waiting.id].unanswered is True
    assert people[waiting.id].priority.score == 2.5
    assert people[answered.id].unanswered is False
    assert people[old.id].unanswered is False


def test_an_endorsement_is_neither_a_message_written_nor_a_reply(user):
    endorsed = make_layered(user, Layer.CLOSE, 45, first_name="Endorsed")
    make_interaction(endorsed, kind="endorsement", direction="from_me", occurred_at=days_ago(2))
    waiting = make_layered(user, Layer.CLOSE, 45, first_name="Waiting")
    make_interaction(waiting, kind="email", direction="from_me", occurred_at=days_ago(5))
    make_interaction(waiting, kind="endorsement", direction="to_me", occurred_at=days_ago(4))
    make_interaction(waiting, kind="recommendation", direction="to_me", occurred_at=days_ago(3))

    people = assessed(user)

    assert people[endorsed.id].unanswered is False
    assert people[waiting.id].unanswered is True
    assert people[waiting.id].gap_days == 45


def test_reconnect_order_threshold_and_snooze(user):
    prefs = Preferences.for_user(user)
    core = make_layered(user, Layer.CORE, 10, first_name="Core")  # 4 × 10/7 = 5.71
    close = make_layered(user, Layer.CLOSE, 74, first_name="Close")  # 3 × 74/30 = 7.4
    make_note(close, follow_up_on=TODAY + timedelta(days=3))  # + 1 = 8.4
    regular = make_layered(user, Layer.REGULAR, 144, first_name="Regular")  # 0.8 × 180: 1.6
    make_layered(user, Layer.REGULAR, 143, first_name="Too soon")  # under 0.8 × cadence
    snoozed = make_layered(user, Layer.CORE, 30, snoozed_until=TODAY + timedelta(days=1))
    back = make_layered(
        user, Layer.ACTIVE, 800, first_name="Back", snoozed_until=TODAY
    )  # 800 / 365 = 2.19

    people = list(assessed(user).values())
    ordered = relationships.reconnect_list(people, prefs)

    assert [p.id for p in ordered] == [close.id, core.id, back.id, regular.id]
    assert snoozed.id not in [p.id for p in ordered]
    assert [round(p.priority.score, 2) for p in ordered] == [8.4, 5.71, 2.19, 1.6]
    assert relationships.reconnect_list(people, prefs, limit=2) == ordered[:2]


def test_the_reason_says_it_in_words(user):
    contact = make_layered(user, Layer.CLOSE, 74)
    make_note(contact, follow_up_on=TODAY)

    assert assessed(user)[contact.id].reason == (
        "Close · last met 74 days ago · cadence 30 days · follow-up open"
    )


def test_the_reason_names_the_last_kind_and_the_flags(user):
    contact = make_layered(user, Layer.ACTIVE, 300, kind="phone", is_family=True)
    for gap in (310, 320):
        make_interaction(contact, kind="met", occurred_at=days_ago(gap))

    assert assessed(user)[contact.id].reason == (
        "Active (family) · last call 300 days ago · cadence 547.5 days · rhythm broken"
    )


def test_the_score_halves_every_half_life(user):
    now = days_ago(0)
    fresh = make_contact(user, first_name="Fresh")
    make_interaction(fresh, kind="met", occurred_at=now)
    half = make_contact(user, first_name="Half")
    make_interaction(half, kind="met", occurred_at=days_ago(180))
    make_interaction(half, kind="email", direction="both", occurred_at=days_ago(360))  # 0.4 / 4
    make_interaction(half, kind="introduction", direction="from_me", occurred_at=now)  # 0.05
    one_way = make_contact(user, first_name="One way")
    make_interaction(one_way, kind="linkedin", direction="from_me", occurred_at=now)  # 0.1
    make_interaction(make_contact(user, first_name="Ancient"), occurred_at=days_ago(800))

    scored = Contact.objects.filter(owner=user).ranked_by_score(Preferences.for_user(user), now)

    assert [(name, round(score, 4)) for _, name, _, score in scored] == [
        ("Fresh Lovelace", 1.0),
        ("Half Lovelace", 0.65),
        ("One way Lovelace", 0.1),
        ("Ancient Lovelace", 0.0459),  # 0.5 ** (800 / 180)
    ]


def test_move_out_after_four_times_the_cadence_of_silence(user):
    prefs = Preferences.for_user(user)
    edge = make_layered(user, Layer.CLOSE, 120, first_name="Edge")
    out = make_layered(user, Layer.CLOSE, 121, first_name="Out")
    outer = make_layered(user, Layer.ACTIVE, 1461, first_name="Outer")
    never = make_layered(user, Layer.REGULAR, first_name="Never")

    suggestions = relationships.move_out_suggestions(list(assessed(user).values()), prefs)

    assert [(s.contact_id, s.suggested_label, s.direction) for s in suggestions] == [
        (never.id, "Active", "out"),
        (outer.id, "Pool", "out"),
        (out.id, "Regular", "out"),
    ]
    assert edge.id not in [s.contact_id for s in suggestions]
    assert suggestions[2].reason == "silent 121 days, over 4 × the 30-day cadence"
