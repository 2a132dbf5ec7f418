"""The queries compiled once (contacts/sql_internals.py) give exactly what the ORM gives."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts import sql_internals
from contacts.models import Contact, Introduction
from tests.factories import TODAY, days_ago, make_contact, make_interaction

pytestmark = pytest.mark.django_db


def reference(ids) -> dict:
    """The ORM's answer, compiled every time."""
    return Contact.objects.filter(pk__in=ids).with_last_real_interaction().in_bulk()


def fields(person) -> dict:
    return {name: value for name, value in vars(person).items() if name != "_state"}


def a_network(user) -> list[Contact]:
    """People with every kind of last real interaction, or none, and introductions."""
    met = make_contact(user, first_name="Met")
    make_interaction(met, kind="met", occurred_at=days_ago(40))
    make_interaction(met, kind="linkedin", direction="to_them", occurred_at=days_ago(2))
    wrote = make_contact(user, first_name="Wrote")
    make_interaction(wrote, kind="email", direction="both", occurred_at=days_ago(9))
    one_way = make_contact(user, first_name="OneWay")
    make_interaction(one_way, kind="linkedin", direction="to_them", occurred_at=days_ago(1))
    planned = make_contact(user, first_name="Planned")
    make_interaction(planned, kind="met", occurred_at=timezone.now() + timedelta(days=3))
    called = make_contact(user, first_name="Called", company="Initech", position="CTO")
    make_interaction(called, kind="phone", occurred_at=days_ago(400))
    nobody = make_contact(user, first_name="Nobody")
    met.introduce(nobody, occurred_on=TODAY)
    called.introduce(met, occurred_on=days_ago(3).date())
    nobody.introduce(wrote, direction=Introduction.Direction.ASKED, occurred_on=TODAY)
    return [met, wrote, one_way, planned, called, nobody]


def test_the_compiled_query_gives_what_the_orm_gives(user):
    people = a_network(user)
    ids = [person.pk for person in people]

    fast = {person.pk: person for person in sql_internals.people_with_last_real_interaction(ids)}
    expected = reference(ids)

    assert fast.keys() == expected.keys()
    for pk, person in expected.items():
        assert fields(fast[pk]) == fields(person)
        assert fast[pk].last_real_in_words() == person.last_real_in_words()
    assert fast[people[0].pk].last_real_kind == "met"
    assert fast[people[0].pk].last_introduced_to == "Nobody Lovelace"
    assert fast[people[3].pk].last_real_at is None


def test_each_run_has_its_own_time_and_ids(user, monkeypatch):
    soon = make_contact(user, first_name="Soon")
    make_interaction(soon, kind="met", occurred_at=timezone.now() + timedelta(hours=2))
    other = make_contact(user, first_name="Other")
    assert sql_internals.people_with_last_real_interaction([soon.pk])[0].last_real_at is None

    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    found = sql_internals.people_with_last_real_interaction([soon.pk, other.pk])

    assert {person.pk for person in found} == {soon.pk, other.pk}
    assert [fields(p) for p in found if p.pk == soon.pk] == [fields(reference([soon.pk])[soon.pk])]
    assert sql_internals.people_with_last_real_interaction([]) == []


def test_the_page_of_people_comes_in_its_order_in_one_query(user):
    ids = [person.pk for person in reversed(a_network(user))]

    with CaptureQueriesContext(connection) as queries:
        people = Contact.objects.in_order_with_last_real_interaction([*ids, 10**9])

    assert len(queries.captured_queries) == 1
    assert [person.pk for person in people] == ids
    assert [fields(person) for person in people] == [fields(reference(ids)[pk]) for pk in ids]


def test_a_narrowed_queryset_keeps_its_conditions(user, other_user):
    mine = make_contact(user)
    theirs = make_contact(other_user)

    people = Contact.objects.owned_by(user).in_order_with_last_real_interaction(
        [theirs.pk, mine.pk]
    )

    assert people == [mine]
