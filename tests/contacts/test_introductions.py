"""An introduction the user made counts for both people at weight 0.05, never resets the clock,
and is named in the status reason when it is what happened since (docs/relationship-model.md)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, Introduction, Preferences
from contacts.relationships import Layer, Status
from tests.contacts.test_scores import assert_scores_current, score, stored
from tests.factories import TODAY, days_ago, make_contact, make_interaction, make_layered

pytestmark = pytest.mark.django_db


def assessed(user, today=TODAY):
    people = Contact.objects.owned_by(user).for_dashboard(Preferences.for_user(user), today)
    return {p.id: p for p in people}


def test_an_introduction_made_counts_for_both_people_at_its_weight(user):
    ada = make_contact(user)
    ben = make_contact(user, first_name="Ben", last_name="Okri")

    ada.introduce(ben, occurred_on=TODAY)

    assert score(ada) == pytest.approx(0.05, rel=1e-2)
    assert score(ben) == pytest.approx(0.05, rel=1e-2)
    assert_scores_current(user)


def test_an_introduction_asked_for_adds_nothing(user):
    ada = make_contact(user)
    ben = make_contact(user, first_name="Ben", last_name="Okri")

    ada.introduce(ben, direction=Introduction.Direction.ASKED)

    assert stored(user) == {ada.pk: None, ben.pk: None}


def test_an_introduction_weighs_like_an_interaction_and_halves_every_half_life(user):
    ada = make_contact(user)
    ben = make_contact(user, first_name="Ben", last_name="Okri")
    make_interaction(ada, kind="met", occurred_at=days_ago(0))

    ada.introduce(ben, occurred_on=days_ago(180).date())

    assert score(ada, now=days_ago(0)) == pytest.approx(1.0 + 0.025, rel=1e-2)
    assert score(ben, now=days_ago(0)) == pytest.approx(0.025, rel=1e-2)


def test_deleting_an_introduction_or_a_person_takes_its_weight_away(user):
    ada = make_contact(user)
    ben = make_contact(user, first_name="Ben", last_name="Okri")
    cy = make_contact(user, first_name="Cy", last_name="Twombly")
    ada.introduce(ben).delete()
    assert stored(user) == {ada.pk: None, ben.pk: None, cy.pk: None}

    ada.introduce(cy)
    ada.delete()

    assert stored(user) == {ben.pk: None, cy.pk: None}


def test_an_introduction_does_not_reset_the_clock(user):
    ada = make_layered(user, Layer.CLOSE, 70)
    ben = make_contact(user, first_name="Ben", last_name="Okri")

    ada.introduce(ben, occurred_on=TODAY)

    person = assessed(user)[ada.pk]
    assert person.gap_days == 70
    assert person.status == Status.DORMANT
    assert ada.standing(Preferences.for_user(user), TODAY).gap_days == 70


def test_the_reason_names_an_introduction_made_since_the_last_real_interaction(user):
    ada = make_layered(user, Layer.CLOSE, 74, first_name="Ada", last_name="Lovelace")
    ben = make_layered(user, Layer.REGULAR, 3, first_name="Ben", last_name="Okri")
    ada.introduce(ben, occurred_on=days_ago(12).date())

    people = assessed(user)

    assert people[ada.pk].reason == (
        "Close · last met 74 days ago · cadence 30 days · introduced to Ben Okri 12 days ago"
    )
    # Ben met the user after the introduction: it is not what happened since.
    assert people[ben.pk].reason == "Regular · last met 3 days ago · cadence 180 days"
    standing = ada.standing(Preferences.for_user(user), TODAY)
    assert standing.reason == people[ada.pk].reason


def test_the_reason_names_the_latest_introduction_from_either_side(user):
    ada = make_contact(user, layer=Layer.ACTIVE)
    ben = make_contact(user, first_name="Ben", last_name="Okri")
    cy = make_contact(user, first_name="Cy", last_name="Twombly")
    ada.introduce(ben, occurred_on=days_ago(30).date())
    cy.introduce(ada, occurred_on=days_ago(1).date())
    ben.introduce(ada, direction=Introduction.Direction.ASKED, occurred_on=TODAY)

    annotated = Contact.objects.with_last_real_interaction().get(pk=ada.pk)
    reason = annotated.standing(Preferences.for_user(user), TODAY).reason

    assert reason == (
        "Active · no real interaction yet · cadence 365 days · introduced to Cy Twombly yesterday"
    )
    assert assessed(user)[ada.pk].reason == reason


def test_the_dashboard_reads_the_introductions_without_a_query_per_person(user):
    prefs = Preferences.for_user(user)
    people = [make_layered(user, Layer.CLOSE, 40, first_name=f"P{i}") for i in range(6)]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            Contact.objects.owned_by(user).for_dashboard(prefs, TODAY)
        return len(ctx.captured_queries)

    before = count()
    for a, b in itertools.pairwise(people):
        a.introduce(b, occurred_on=days_ago(2).date())

    assert count() == before
