""" "Talk online, never met" (docs/methods.md, "Meet in real life"): the people with a real
exchange lately and no meeting in person ever, best score first, each with a coffee proposal and
"We met"; in the weekly review as a step, and on the dashboard as a count."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from contacts.models import Contact, Interaction, Review
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import days_ago, htmx, make_contact, make_interaction, make_user
from tests.test_undo import token_in

pytestmark = pytest.mark.django_db

NOW = timezone.now


def talked(user, name, *, days=10, kind="linkedin", direction="both", times=1, **kwargs):
    person = make_contact(user, first_name=name, last_name="Talker", **kwargs)
    for n in range(times):
        make_interaction(
            person, kind=kind, direction=direction, occurred_at=days_ago(days + n, NOW().date())
        )
    return person


def names(response) -> list[str]:
    return re.findall(r'<a class="name" href="/people/\d+/">([^<]+)</a>', response.content.decode())


def test_the_list_holds_who_you_talk_with_and_never_met_best_score_first(client_logged_in, user):
    talked(user, "Often", times=4)
    talked(user, "Once")
    talked(user, "Called", kind="video", direction="both")  # a video call is talking, not meeting
    met = talked(user, "Met")
    make_interaction(met, kind="met", occurred_at=days_ago(400, NOW().date()))
    talked(user, "Oneway", direction="from_me")
    talked(user, "Long ago", days=120)

    response = client_logged_in.get("/people/meet/")

    assert response.status_code == 200
    assert names(response) == ["Often Talker", "Called Talker", "Once Talker"]


def test_each_person_has_a_coffee_proposal_to_copy_and_their_profile(client_logged_in, user):
    talked(user, "Ana", profile_url="https://www.linkedin.com/in/ana")

    page = client_logged_in.get("/people/meet/").content.decode()

    assert "Hello Ana, we have been talking here for a while: shall we meet for a coffee?" in page
    assert 'href="https://www.linkedin.com/in/ana" target="_blank"' in page
    assert 'data-copy="coffee-' in page
    assert "Log the meeting with notes" in page


def test_the_proposal_is_in_the_users_language():
    contact = Contact(first_name="Ana")
    with translation.override("fr"):
        draft = contact.coffee_proposal()
    assert draft.startswith("Bonjour Ana,") and "café" in draft


def test_we_met_logs_a_meeting_today_and_they_leave_the_list(client_logged_in, user):
    ana = talked(user, "Ana")
    talked(user, "Ben")

    response = client_logged_in.post(f"/people/meet/{ana.pk}/met/", headers=htmx())

    assert response.status_code == 200
    assert names(response) == ["Ben Talker"]
    meeting = ana.interactions.get(kind="met")
    assert (meeting.direction, meeting.source) == ("both", "entered")
    assert timezone.localdate(meeting.occurred_at) == timezone.localdate()
    assert "Logged: you met Ana Talker today." in response.content.decode()


def test_we_met_can_be_undone(client_logged_in, user):
    ana = talked(user, "Ana")
    client_logged_in.post(f"/people/meet/{ana.pk}/met/")
    page = client_logged_in.get("/people/meet/").content.decode()

    client_logged_in.post("/undo/", {"token": token_in(page), "next": "/people/meet/"})

    assert not ana.interactions.filter(kind="met").exists()
    assert names(client_logged_in.get("/people/meet/")) == ["Ana Talker"]


def test_we_met_on_someone_elses_person_is_a_404(client_logged_in, user):
    theirs = talked(make_user("mallory"), "Mal")

    assert client_logged_in.post(f"/people/meet/{theirs.pk}/met/").status_code == 404
    assert client_logged_in.get("/people/meet/").context["rows"] == []
    assert client_logged_in.get(f"/people/meet/{theirs.pk}/met/").status_code == 405


def test_an_empty_list_says_what_to_do(client_logged_in):
    page = client_logged_in.get("/people/meet/").content.decode()

    assert "Nobody to meet right now" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_keeps_a_constant_number_of_queries(client_logged_in, user):
    for i in range(3):
        talked(user, f"Few{i}")
    few = count_queries(client_logged_in, "/people/meet/")
    for i in range(60):
        talked(user, f"Many{i}", times=2)
        make_contact(user, first_name=f"Pool{i}")

    many = count_queries(client_logged_in, "/people/meet/")

    # session, user, the nav's triage count, preferences, count, page of ids, its people
    assert few == many == 7


def test_the_dashboard_counts_them_with_a_link_to_the_list(client_logged_in, user):
    talked(user, "Ana")
    talked(user, "Ben")

    page = client_logged_in.get("/").content.decode()

    assert re.search(
        r'<a href="/people/meet/"[^>]*><span>Talk online, never met</span><strong>2</strong>', page
    )


@pytest.fixture
def at_meet_step(client_logged_in, user):
    client_logged_in.post("/review/start/")
    review = Review.objects.get(owner=user)
    review.go_to(8)
    return review


def test_the_review_has_a_meet_step_before_the_summary(client_logged_in, user, at_meet_step):
    talked(user, "Ana")

    response = client_logged_in.get("/review/")

    assert response.context["step"]["title"] == "Meet in real life"
    assert response.context["step"]["count"] == 1
    assert names(response) == ["Ana Talker"]
    assert Review.STEPS == 9
    assert [s["title"] for s in response.context["steps"]][-1] == "Summary of the week"


def test_we_met_in_the_review_swaps_the_step(client_logged_in, user, at_meet_step):
    ana = talked(user, "Ana")

    response = client_logged_in.post(f"/review/met/{ana.pk}/", headers=htmx())

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="review-step"')
    assert "Nobody you talk with lately is still to meet in person." in page
    assert ana.interactions.filter(kind="met").count() == 1


def test_a_review_at_its_summary_stays_there_after_the_new_step(user):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("contacts.migrations.0017_write_and_meet")
    left = {step: Review.objects.create(owner=user, step=step) for step in (7, 8)}

    migration.shift_forward(apps, None)
    assert {s: Review.objects.get(pk=r.pk).step for s, r in left.items()} == {7: 7, 8: 9}
    migration.shift_back(apps, None)
    assert {s: Review.objects.get(pk=r.pk).step for s, r in left.items()} == {7: 7, 8: 8}


@pytest.fixture
def days_after_the_export(monkeypatch):
    """Two days after the sample export of 2026 (netcoach/linkedin/sample.py): its messages are
    recent, as a fresh export's are."""
    moment = datetime(2026, 2, 10, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_an_imported_archive_puts_people_answered_lately_on_the_list(
    client_logged_in, user, days_after_the_export
):
    import_file(build_sample_export(connections=200, messages=800, seed=5), "export.zip", user)
    warm = Interaction.objects.filter(
        Interaction.REAL, owner=user, occurred_at__gte=timezone.now() - timedelta(days=90)
    )
    expected = set(warm.values_list("contact_id", flat=True)) - set(
        Interaction.objects.filter(owner=user, kind="met").values_list("contact_id", flat=True)
    )

    response = client_logged_in.get("/people/meet/")

    shown = [person.pk for person in response.context["rows"]]
    assert len(expected) >= 3
    assert set(shown) == expected
    assert response.context["page"].paginator.count == len(expected)
    scores = list(Contact.objects.filter(pk__in=shown).values_list("pk", "score_log2"))
    ranked = sorted(scores, key=lambda row: (-row[1], -row[0]))
    assert [pk for pk, _ in ranked] == shown


def test_the_dashboards_count_is_the_lists_on_an_imported_archive(
    client_logged_in, user, days_after_the_export
):
    import_file(build_sample_export(connections=200, messages=800, seed=5), "export.zip", user)
    talker = Interaction.objects.filter(Interaction.REAL, owner=user).latest("occurred_at")
    make_interaction(talker.contact, kind="met", occurred_at=days_after_the_export)

    board = client_logged_in.get("/").context["board"]
    listed = client_logged_in.get("/people/meet/").context["page"].paginator.count

    assert board.to_meet == listed > 0
