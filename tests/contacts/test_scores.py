"""The recency-weighted score kept on each contact (Contact.score_log2) stays equal to the score
computed from the interactions, whatever path wrote them."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, Interaction, Preferences
from netcoach import portability
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import days_ago, make_contact, make_interaction, make_user

pytestmark = pytest.mark.django_db


def stored(user) -> dict[int, float | None]:
    return dict(Contact.objects.filter(owner=user).values_list("pk", "score_log2"))


def recomputed(user) -> dict[int, float | None]:
    """The scores computed from scratch, leaving the stored ones as they were."""
    before = stored(user)
    Contact.objects.filter(owner=user).refresh_scores(Preferences.half_life_of(user.pk))
    after = stored(user)
    for pk, value in before.items():
        Contact.objects.filter(pk=pk).update(score_log2=value)
    return after


def assert_scores_current(user):
    now, fresh = stored(user), recomputed(user)
    assert now.keys() == fresh.keys()
    for pk, value in fresh.items():
        if value is None:
            assert now[pk] is None, pk
        else:
            assert now[pk] == pytest.approx(value, abs=1e-9), pk


def score(contact, now=None) -> float:
    prefs = Preferences.for_user(contact.owner)
    ranked = Contact.objects.filter(owner=contact.owner).ranked_by_score(prefs, now or days_ago(0))
    return dict((pk, s) for pk, _name, _layer, s in ranked).get(contact.pk, 0.0)


def test_a_contact_without_interactions_has_no_score(user):
    ada = make_contact(user)
    assert stored(user) == {ada.pk: None}
    assert score(ada) == 0.0


def test_logging_editing_and_deleting_an_interaction_keep_the_score_current(user):
    ada = make_contact(user)
    met = ada.log_interaction("met", occurred_at=days_ago(0))
    assert score(ada) == pytest.approx(1.0)

    met.occurred_at = days_ago(180)
    met.save()
    assert score(ada) == pytest.approx(0.5)

    make_interaction(ada, kind="phone", occurred_at=days_ago(0))
    assert score(ada) == pytest.approx(1.2)
    assert_scores_current(user)

    met.delete()
    assert score(ada) == pytest.approx(0.7)
    Interaction.objects.get(contact=ada).delete()
    assert stored(user) == {ada.pk: None}


def test_the_stored_score_does_not_change_as_time_passes(user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at=days_ago(0))
    assert score(ada, now=days_ago(-180)) == pytest.approx(0.5)  # half a year later
    assert score(ada, now=days_ago(-360)) == pytest.approx(0.25)


def test_a_contact_saved_after_an_interaction_was_logged_keeps_the_new_score(user):
    ada = make_contact(user)
    loaded = Contact.objects.get(pk=ada.pk)  # before the interaction: its score is None
    make_interaction(ada, kind="met", occurred_at=days_ago(0))
    loaded.how_we_met = "At the conference"
    loaded.save()
    assert score(ada) == pytest.approx(1.0)


def test_a_new_half_life_recomputes_every_score(user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at=days_ago(90))
    assert score(ada) == pytest.approx(0.5**0.5)

    prefs = Preferences.for_user(user)
    prefs.half_life_days = 90
    prefs.save()
    assert score(ada) == pytest.approx(0.5)
    assert_scores_current(user)


def test_the_settings_page_changes_the_half_life_and_the_ranking_follows(client_logged_in, user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at=days_ago(30))
    form = {
        name: value
        for name, value in client_logged_in.get("/settings/").context["form"].initial.items()
    }
    form["half_life_days"] = 30

    response = client_logged_in.post("/settings/", form)

    assert response.status_code == 302
    assert Preferences.for_user(user).half_life_days == 30
    assert score(ada) == pytest.approx(0.5)


def test_a_merge_adds_up_both_scores(user):
    ada = make_contact(user)
    twin = make_contact(user, first_name="Ada", last_name="King")
    make_interaction(ada, kind="met", occurred_at=days_ago(0))
    make_interaction(twin, kind="video", occurred_at=days_ago(0))

    ada.merge(twin)

    assert stored(user).keys() == {ada.pk}
    assert score(ada) == pytest.approx(1.8)


def test_an_import_scores_the_people_its_messages_are_with(user):
    run = import_file(
        build_sample_export(connections=120, messages=300, invitations=10), "export.zip", user
    )

    assert run.counts["messages"]["created"] > 0
    with_messages = set(Interaction.objects.filter(owner=user).values_list("contact_id", flat=True))
    scored = {pk for pk, value in stored(user).items() if value is not None}
    assert scored == with_messages
    assert_scores_current(user)


def test_a_restored_export_has_its_scores_recomputed(user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at=days_ago(0))
    buffer = io.BytesIO()
    portability.write_export(user, buffer)
    fresh = make_user("bob")

    portability.import_export(fresh, io.BytesIO(buffer.getvalue()))

    restored = Contact.objects.get(owner=fresh)
    assert restored.score_log2 == pytest.approx(Contact.objects.get(pk=ada.pk).score_log2)
    assert_scores_current(fresh)


def test_scores_are_kept_per_owner(user, other_user):
    mine = make_contact(user)
    theirs = make_contact(other_user)
    make_interaction(mine, kind="met", occurred_at=days_ago(0))
    make_interaction(theirs, kind="met", occurred_at=days_ago(0))

    ranked = Contact.objects.filter(owner=user).ranked_by_score(Preferences.for_user(user))

    assert [pk for pk, *_ in ranked] == [mine.pk]


def test_an_interaction_dated_in_the_future_does_not_count_yet(user):
    ada = make_contact(user)
    now = timezone.now()
    make_interaction(ada, kind="met", occurred_at=now)
    make_interaction(ada, kind="met", occurred_at=now + timedelta(days=90))  # an import may
    assert score(ada, now=now) == pytest.approx(1.0)
    assert_scores_current(user)
