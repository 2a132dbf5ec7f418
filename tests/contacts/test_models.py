from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from contacts.models import (
    Contact,
    Interaction,
    Note,
    Preferences,
    counts_in_ranges,
    streak_of_weeks,
)
from contacts.relationships import Layer, Status
from tests.factories import make_contact, make_interaction, make_note

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def days_ago(n):
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=n), datetime.min.time()))


def test_a_contact_keeps_its_matching_keys_in_step(user):
    contact = make_contact(
        user,
        first_name=" Jörg ",
        last_name="Müller, Ph.D.",
        profile_url="www.linkedin.com/in/J%C3%B6rg-Muller/",
        company="ACME Inc.",
    )

    assert contact.full_name == "Jörg Müller, Ph.D."
    assert contact.profile_url == "https://www.linkedin.com/in/jörg-muller"
    assert contact.profile_key == "jörg-muller"
    assert contact.company_key == "acme"
    assert contact.name_key == "jorg muller ph d"


def test_a_profile_url_is_unique_per_owner(user, other_user):
    make_contact(user, profile_url="https://www.linkedin.com/in/ada")
    make_contact(other_user, profile_url="https://www.linkedin.com/in/ada")
    make_contact(user, first_name="No", last_name="Url")
    make_contact(user, first_name="Also no", last_name="Url")

    with pytest.raises(IntegrityError):
        make_contact(user, profile_url="linkedin.com/in/ADA/")


@pytest.mark.parametrize(
    ("kind", "direction", "real", "weight"),
    [
        ("met", "both", True, 1.0),
        ("video", "both", True, 0.8),
        ("phone", "from_me", True, 0.7),
        ("email", "both", True, 0.4),
        ("email", "from_me", False, 0.1),
        ("linkedin", "both", True, 0.3),
        ("linkedin", "to_me", False, 0.1),
        ("introduction", "from_me", False, 0.05),
        ("endorsement", "to_me", False, 0.05),
        ("endorsement", "from_me", False, 0.05),
        ("recommendation", "to_me", False, 0.1),
        ("recommendation", "from_me", False, 0.1),
    ],
)
def test_interactions_have_the_documented_weight_and_reset_rule(
    user, kind, direction, real, weight
):
    interaction = make_interaction(make_contact(user), kind=kind, direction=direction)

    assert interaction.is_real is real
    assert interaction.weight == weight
    assert Interaction.objects.filter(Interaction.REAL).exists() is real


@pytest.mark.parametrize(
    ("layer", "gap", "status"),
    [
        (Layer.CORE, 7, Status.ACTIVE),
        (Layer.CORE, 8, Status.DUE),
        (Layer.CORE, 14, Status.DUE),
        (Layer.CORE, 15, Status.DORMANT),
        (Layer.CLOSE, 30, Status.ACTIVE),
        (Layer.CLOSE, 60, Status.DUE),
        (Layer.CLOSE, 61, Status.DORMANT),
        (Layer.REGULAR, 180, Status.ACTIVE),
        (Layer.REGULAR, 361, Status.DORMANT),
        (Layer.ACTIVE, 365, Status.ACTIVE),
        (Layer.ACTIVE, 730, Status.DUE),
        (Layer.ACTIVE, 731, Status.DORMANT),
    ],
)
def test_the_status_in_a_layer_follows_the_cadence(user, layer, gap, status):
    contact = make_contact(user, layer=layer)
    make_interaction(contact, kind="met", occurred_at=days_ago(gap))

    standing = contact.standing(Preferences.for_user(user), today=TODAY)

    assert standing.status == status
    assert standing.gap_days == gap


def test_a_family_tie_gets_one_and_a_half_times_the_cadence(user):
    contact = make_contact(user, layer=Layer.CLOSE, is_family=True)
    make_interaction(contact, occurred_at=days_ago(45))

    standing = contact.standing(Preferences.for_user(user), today=TODAY)

    assert standing.status == Status.ACTIVE
    assert standing.cadence_days == 45


def test_one_way_messages_do_not_reset_the_clock(user):
    contact = make_contact(user, layer=Layer.CLOSE)
    make_interaction(contact, kind="met", occurred_at=days_ago(40))
    make_interaction(contact, kind="linkedin", direction="from_me", occurred_at=days_ago(1))

    standing = contact.standing(Preferences.for_user(user), today=TODAY)

    assert standing.status == Status.DUE
    assert standing.reason == "Close · last met 40 days ago · cadence 30 days"


def test_a_layered_contact_never_met_is_dormant_and_the_pool_has_no_status(user):
    prefs = Preferences.for_user(user)

    assert make_contact(user, layer=Layer.ACTIVE).standing(prefs, TODAY).status == Status.DORMANT
    assert make_contact(user, first_name="Pool").standing(prefs, TODAY) is None


def test_the_annotated_last_real_interaction_saves_the_query(user, django_assert_num_queries):
    contact = make_contact(user, layer=Layer.CORE)
    make_interaction(contact, occurred_at=days_ago(3))
    make_interaction(contact, kind="linkedin", direction="from_me", occurred_at=days_ago(1))
    prefs = Preferences.for_user(user)

    annotated = Contact.objects.with_last_real_interaction().get(pk=contact.pk)
    with django_assert_num_queries(0):
        standing = annotated.standing(prefs, today=TODAY)

    assert standing.status == Status.ACTIVE
    assert annotated.last_real_at == days_ago(3)


def test_caps_are_cumulative_and_the_budget_is_the_outer_one(user):
    prefs = Preferences.for_user(user)
    prefs.budget = 200

    assert [prefs.cap(layer) for layer in Layer] == [5, 15, 50, 200]


def test_follow_ups_due_are_open_and_dated_today_or_before(user):
    contact = make_contact(user)
    due = make_note(contact, follow_up_on=TODAY)
    make_note(contact, follow_up_on=TODAY + timedelta(days=1))
    make_note(contact, follow_up_on=TODAY - timedelta(days=3), follow_up_done=True)
    make_note(contact)

    assert list(Note.objects.follow_ups_due(TODAY)) == [due]
    due.close_follow_up()
    assert not Note.objects.follow_ups_due(TODAY).exists()


def test_the_streak_counts_consecutive_weeks_reviewed():
    monday = timezone.make_aware(datetime(2026, 11, 23, 9))
    reviews = [monday - timedelta(weeks=n) for n in (1, 2, 3, 5)]

    assert streak_of_weeks(reviews, TODAY) == 3  # this week not yet reviewed, last week counts
    assert streak_of_weeks([monday, *reviews], TODAY) == 4
    assert streak_of_weeks([monday - timedelta(weeks=2)], TODAY) == 0


def test_logging_an_interaction_resets_the_clock(user):
    contact = make_contact(user, layer=Layer.CLOSE)
    make_interaction(contact, occurred_at=days_ago(90))

    contact.log_interaction("phone", occurred_at=days_ago(2), summary="Caught up")

    standing = contact.standing(Preferences.for_user(user), today=TODAY)
    assert standing.status == Status.ACTIVE
    assert contact.interactions.first().summary == "Caught up"


def test_setting_a_layer_and_back_to_the_pool(user):
    contact = make_contact(user)

    contact.set_layer(Layer.CORE)
    assert Contact.objects.get(pk=contact.pk).layer == Layer.CORE
    contact.set_layer(None)
    assert Contact.objects.get(pk=contact.pk).layer is None


def test_counts_in_ranges_counts_each_range_and_condition(user, other_user):
    for day in (1, 2, 2, 5):
        make_contact(user, connected_on=date(2024, 1, day), is_connection=day != 5)
    make_contact(other_user, connected_on=date(2024, 1, 2))
    mine = Contact.objects.filter(owner=user)
    bounds = [(date(2024, 1, 1), date(2024, 1, 2)), (date(2024, 1, 2), date(2024, 1, 6))]

    assert counts_in_ranges(mine, "connected_on", bounds) == [[1], [3]]
    assert counts_in_ranges(
        mine,
        "connected_on",
        bounds,
        {"linked": Q(is_connection=True), "day_5": Q(connected_on=date(2024, 1, 5))},
    ) == [[1, 0], [2, 1]]
    assert counts_in_ranges(mine, "connected_on", []) == []
    with pytest.raises(ValueError):
        counts_in_ranges(mine.filter(tags__name="x"), "connected_on", bounds)


def test_a_future_meeting_is_not_the_last_real_interaction(user):
    planned = make_contact(user, layer=Layer.CLOSE)
    met = make_interaction(planned, occurred_at=timezone.now() - timedelta(days=40))
    make_interaction(planned, occurred_at=timezone.now() + timedelta(days=3))

    standing = Contact.objects.get(pk=planned.pk).standing(Preferences.for_user(user))
    annotated = Contact.objects.with_last_real_interaction().get(pk=planned.pk)

    assert standing.status == "due"
    assert standing.reason == "Close · last met 40 days ago · cadence 30 days"
    assert annotated.last_real_at == met.occurred_at
