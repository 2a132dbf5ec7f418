"""The weekly review: start, steps, actions, resume, finish."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact, Interaction, Note, Review
from contacts.relationships import Layer
from invitations.models import Decision
from netcoach.dashboard import congratulate_since, week_summary
from tests.factories import (
    days_ago,
    htmx,
    make_contact,
    make_interaction,
    make_invitation,
    make_job_change,
    make_layered,
    make_note,
)

pytestmark = pytest.mark.django_db


def layered(user, layer, gap, **kwargs):
    return make_layered(user, layer, gap, today=timezone.localdate(), **kwargs)


@pytest.fixture
def in_review(client_logged_in, user):
    client_logged_in.post("/review/start/")
    return Review.objects.get(owner=user)


def test_the_review_page_offers_to_start(client_logged_in, user):
    make_invitation(user)

    response = client_logged_in.get("/review/")

    assert response.status_code == 200
    assert b"Start the review" in response.content
    assert response.context["steps"][1] == {"n": 2, "title": "Triage invitations", "count": 1}
    assert not Review.objects.exists()


def test_starting_keeps_the_budget_used_at_the_start(client_logged_in, user):
    layered(user, Layer.CORE, 2)
    layered(user, Layer.CLOSE, 200)

    response = client_logged_in.post("/review/start/")

    assert response.status_code == 302
    assert response.url == "/review/"
    review = Review.objects.get(owner=user)
    last_id = Interaction.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert review.stats == {
        "budget_used_at_start": 1,
        "at_risk_at_start": 1,
        "last_interaction_id": last_id,
    }
    assert review.step == 1


def test_starting_twice_resumes_the_same_review(client_logged_in, user, in_review):
    client_logged_in.post("/review/start/")

    assert Review.objects.filter(owner=user).count() == 1


def test_the_first_step_shows_the_last_import_and_the_links(client_logged_in, in_review):
    html = client_logged_in.get("/review/").content.decode()

    assert "You have not imported a LinkedIn export yet." in html
    assert 'href="https://www.linkedin.com/mypreferences/d/download-my-data"' in html
    assert 'href="/import/"' in html


def test_a_step_can_be_skipped_and_the_review_resumes_there(client_logged_in, in_review):
    response = client_logged_in.post("/review/step/", {"step": "5"})

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.step == 5
    assert client_logged_in.get("/review/").context["step"]["title"] == "Reconnect"


def test_htmx_gets_the_step_fragment(client_logged_in, in_review):
    response = client_logged_in.post("/review/step/", {"step": "2"}, headers=htmx())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="review-step"')
    assert "<html" not in html


def test_a_bad_step_changes_nothing(client_logged_in, in_review):
    client_logged_in.post("/review/step/", {"step": str(Review.STEPS + 1)})
    client_logged_in.post("/review/step/", {"step": "two"})

    in_review.refresh_from_db()
    assert in_review.step == 1


def test_step_actions_need_a_review_in_progress(client_logged_in, user):
    ada = layered(user, Layer.CLOSE, 50)

    assert client_logged_in.post("/review/step/", {"step": "2"}).status_code == 404
    assert (
        client_logged_in.post(f"/review/reconnect/{ada.pk}/", {"action": "met"}).status_code == 404
    )
    assert client_logged_in.post("/review/finish/").status_code == 404


def test_the_reconnect_step_lists_people_by_priority(client_logged_in, user, in_review):
    low = layered(user, Layer.ACTIVE, 400, first_name="Low")
    high = layered(user, Layer.CLOSE, 50, first_name="High")
    in_review.go_to(5)

    response = client_logged_in.get("/review/")

    assert [p.id for p in response.context["board"].reconnect] == [high.id, low.id]
    assert b"Close \xc2\xb7 last met 50 days ago \xc2\xb7 cadence 30 days" in response.content


@pytest.mark.parametrize(
    ("action", "kind", "direction"),
    [("met", "met", "both"), ("called", "phone", "both"), ("wrote", "email", "from_me")],
)
def test_done_logs_the_interaction(client_logged_in, user, in_review, action, kind, direction):
    ada = layered(user, Layer.CLOSE, 50)

    response = client_logged_in.post(f"/review/reconnect/{ada.pk}/", {"action": action})

    assert response.status_code == 302
    latest = ada.interactions.first()
    assert (latest.kind, latest.direction) == (kind, direction)
    assert latest.summary.endswith("(weekly review)")


def test_meeting_takes_them_off_the_list_and_htmx_gets_the_step(client_logged_in, user, in_review):
    ada = layered(user, Layer.CLOSE, 50)
    in_review.go_to(5)

    response = client_logged_in.post(
        f"/review/reconnect/{ada.pk}/", {"action": "met"}, headers=htmx()
    )

    assert response.status_code == 200
    assert response.context["board"].reconnect == []
    assert b"Nobody in your layers needs you this week." in response.content


def test_snooze_hides_them_for_a_week(client_logged_in, user, in_review):
    ada = layered(user, Layer.CLOSE, 50)

    client_logged_in.post(f"/review/reconnect/{ada.pk}/", {"action": "snooze"})

    assert Contact.objects.get(pk=ada.pk).snoozed_until == timezone.localdate() + timedelta(days=7)
    assert client_logged_in.get("/review/").context["board"].reconnect == []
    assert not ada.interactions.filter(occurred_at__gt=days_ago(1, timezone.localdate())).exists()


def test_a_bad_action_logs_nothing(client_logged_in, user, in_review):
    ada = layered(user, Layer.CLOSE, 50)

    client_logged_in.post(f"/review/reconnect/{ada.pk}/", {"action": "dance"})

    assert ada.interactions.count() == 1


def test_another_users_person_or_note_is_a_404(client_logged_in, other_user, in_review):
    eve = make_contact(other_user, layer=Layer.CORE)
    note = make_note(eve, follow_up_on=timezone.localdate())

    assert (
        client_logged_in.post(f"/review/reconnect/{eve.pk}/", {"action": "met"}).status_code == 404
    )
    assert client_logged_in.post(f"/review/follow-ups/{note.pk}/done/").status_code == 404
    assert not eve.interactions.exists()
    assert Note.objects.get(pk=note.pk).follow_up_done is False


def test_a_follow_up_is_marked_done(client_logged_in, user, in_review):
    note = make_note(make_contact(user), follow_up_on=timezone.localdate() - timedelta(days=1))
    in_review.go_to(6)
    assert b"overdue since" in client_logged_in.get("/review/").content

    response = client_logged_in.post(f"/review/follow-ups/{note.pk}/done/", headers=htmx())

    assert Note.objects.get(pk=note.pk).follow_up_done is True
    assert b"No follow-up due." in response.content


def test_layer_suggestions_confirm_through_set_layer_or_are_dismissed(
    client_logged_in, user, in_review
):
    fresh = make_contact(user, first_name="Fresh")
    make_interaction(fresh)
    in_review.go_to(7)

    html = client_logged_in.get("/review/").content.decode()

    assert f'action="/people/{fresh.pk}/layer/"' in html
    assert f'action="/people/{fresh.pk}/suggestion/dismiss/"' in html
    assert 'name="next" value="/review/"' in html
    assert "Move to Regular" in html
    assert "last met today, 1 two-way exchange in 360 days: fits Regular (cadence 180 days)" in html
    client_logged_in.post(f"/people/{fresh.pk}/layer/", {"layer": "3", "next": "/review/"})
    fresh.refresh_from_db()
    assert fresh.layer == Layer.REGULAR and fresh.layer_set_at is not None


def test_the_summary_and_finishing_record_the_review(client_logged_in, user):
    ada = layered(user, Layer.CLOSE, 50)  # due: not in the budget at the start
    ada.interactions.update(created_at=timezone.now() - timedelta(days=50))
    client_logged_in.post("/review/start/")
    in_review = Review.objects.get(owner=user)
    client_logged_in.post(f"/review/reconnect/{ada.pk}/", {"action": "called"})
    invitation = make_invitation(user)
    invitation.decide(Decision.ACCEPT, rule=user.acceptance_rule)
    client_logged_in.post("/review/step/", {"step": str(Review.STEPS)})

    summary = client_logged_in.get("/review/").context["summary"]
    response = client_logged_in.post("/review/finish/")

    assert summary["interactions"]["since_start"] == 1
    assert summary["invitations"]["since_start"] == 1
    assert (summary["budget_used_at_start"], summary["budget_used"], summary["budget_change"]) == (
        1,
        1,
        0,
    )
    assert response.status_code == 302 and response.url == "/"
    in_review.refresh_from_db()
    assert in_review.finished_at is not None
    assert in_review.stats["budget_used_at_end"] == 1
    assert in_review.stats["interactions_logged"] == 1
    assert client_logged_in.get("/").context["board"].streak == 1


def test_the_summary_counts_what_was_logged_since_the_start_with_or_without_the_id_bound(user):
    ada = layered(user, Layer.CLOSE, 50)
    review = Review.start(user)
    ada.log_interaction("phone")
    older = Review.objects.create(owner=user, started_at=review.started_at, stats={})

    assert week_summary(user, review)["interactions"]["since_start"] == 1
    assert week_summary(user, older)["interactions"]["since_start"] == 1
    Review.objects.filter(pk=review.pk).update(stats={"last_interaction_id": 10**9})
    review.refresh_from_db()
    assert week_summary(user, review)["interactions"]["since_start"] == 0


def test_the_budget_change_is_since_the_last_review(client_logged_in, user):
    Review.objects.create(
        owner=user, finished_at=timezone.now() - timedelta(days=7), stats={"budget_used_at_end": 3}
    )
    layered(user, Layer.CORE, 1)
    client_logged_in.post("/review/start/")
    client_logged_in.post("/review/step/", {"step": str(Review.STEPS)})

    summary = client_logged_in.get("/review/").context["summary"]

    assert summary["has_previous"] is True
    assert summary["budget_change"] == -2
    assert "−2" in client_logged_in.get("/review/").content.decode()


REVIEW_QUERIES = 26  # session, user, the dashboard's reads, the review and its summary


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/review/").status_code == 200
    return len(queries)


def test_the_review_page_keeps_a_constant_number_of_queries(client_logged_in, user, in_review):
    in_review.go_to(Review.STEPS)
    layered(user, Layer.ACTIVE, 400, first_name="P")
    make_interaction(make_contact(user, first_name="Fits"))  # a move-in, and its reason
    small = count_queries(client_logged_in)
    for i in range(20):
        person = layered(user, Layer.ACTIVE, 400 + i, first_name=f"P{i}")
        make_interaction(person, kind="email", direction="from_me")
        make_note(person, follow_up_on=timezone.localdate())
        make_job_change(person, "Acme", "Initech")
        make_job_change(person, "Initech", "Hooli")
        make_interaction(make_contact(user, first_name=f"Fits{i}"), kind="video")

    assert small == REVIEW_QUERIES
    assert count_queries(client_logged_in) == REVIEW_QUERIES


def test_after_finishing_the_dashboard_no_longer_calls_for_a_review(client_logged_in, user):
    client_logged_in.post("/review/start/")
    client_logged_in.post("/review/finish/")

    page = client_logged_in.get("/", follow=True).content.decode()

    assert "Weekly review done. See you next week." in page
    assert "This week's review is done · review again" in page
    assert "Start the weekly review" not in page


def test_the_congratulate_step_keeps_a_constant_number_of_queries(
    client_logged_in, user, in_review
):
    in_review.go_to(4)
    make_job_change(make_contact(user, first_name="One"))
    one = count_queries(client_logged_in)
    for i in range(20):
        person = make_contact(user, first_name=f"P{i}", layer=Layer.ACTIVE if i % 2 else None)
        make_job_change(person, "Acme", "Initech")
        make_job_change(person, "Initech", "Hooli")

    assert len(client_logged_in.get("/review/").context["board"].job_changes.changes) == 10
    assert count_queries(client_logged_in) == one


# The congratulate step (4): the people whose job changed since the last review.


def test_the_congratulate_step_lists_new_jobs_since_the_last_review(client_logged_in, user):
    now = timezone.now()
    Review.objects.create(owner=user, finished_at=now - timedelta(days=10))
    ada = make_contact(user, layer=Layer.CLOSE, profile_url="https://www.linkedin.com/in/ada")
    make_job_change(ada, seen_at=now - timedelta(days=3))
    grace = make_contact(user, first_name="Grace")
    make_job_change(grace, seen_at=now - timedelta(days=2), new_position="")
    old = make_contact(user, first_name="Before")
    make_job_change(old, seen_at=now - timedelta(days=11))
    gone = make_contact(user, first_name="Gone")
    make_job_change(gone, new_company="", new_position="")
    wrote = make_contact(user, first_name="Wrote")
    make_job_change(wrote, seen_at=now - timedelta(days=2))
    make_interaction(wrote, kind="email", direction="from_me", occurred_at=now - timedelta(days=1))
    heard = make_contact(user, first_name="Heard")  # they wrote: still to congratulate
    make_job_change(heard, seen_at=now - timedelta(days=2))
    make_interaction(heard, kind="linkedin", direction="to_me", occurred_at=now)
    client_logged_in.post("/review/start/")
    client_logged_in.post("/review/step/", {"step": "4"})

    response = client_logged_in.get("/review/")

    news = response.context["board"].job_changes
    assert [c.contact for c in news.changes] == [ada, heard, grace]
    assert news.since == timezone.localdate(now - timedelta(days=10))
    assert response.context["steps"][3] == {"n": 4, "title": "Congratulate", "count": 3}
    html = response.content.decode()
    assert "3 people to congratulate on a new job seen since" in html
    assert "Now CTO at Initech · was Engineer at Acme" in html
    assert "Congratulations on your new role as CTO at Initech, Ada!</textarea>" in html
    assert "Congratulations on your new role at Initech, Grace!</textarea>" in html
    assert 'data-copy="congrats-' in html
    assert 'href="https://www.linkedin.com/in/ada"' in html
    assert f'action="/review/congratulate/{news.changes[0].pk}/"' in html
    assert f'href="/people/?changed_since={news.since}"' in html
    assert "js/review.js" in html
    for name in ("Before", "Gone", "Wrote"):
        assert f"{name} Lovelace" not in html


def test_an_endorsement_since_the_change_is_no_congratulation(client_logged_in, user, in_review):
    ada = make_contact(user)
    make_job_change(ada, seen_at=timezone.now() - timedelta(days=2))
    make_interaction(ada, kind="endorsement", direction="from_me")
    make_interaction(ada, kind="introduction", direction="both")
    in_review.go_to(4)

    news = client_logged_in.get("/review/").context["board"].job_changes

    assert [c.contact for c in news.changes] == [ada]


def test_one_person_to_congratulate_is_one_person(client_logged_in, user, in_review):
    make_job_change(make_contact(user))
    in_review.go_to(4)

    assert "1 person to congratulate" in client_logged_in.get("/review/").content.decode()


def test_without_news_the_step_says_what_brings_it(client_logged_in, user, in_review):
    in_review.go_to(4)

    html = client_logged_in.get("/review/").content.decode()

    assert "Nobody to congratulate on a new job seen since" in html
    assert "importing a newer LinkedIn export" in html


def test_the_step_goes_back_90_days_at_most():
    today = date(2026, 3, 16)
    last_review = timezone.make_aware(datetime(2026, 3, 9, 18, 0))

    assert congratulate_since(last_review, today) == date(2026, 3, 9)
    assert congratulate_since(None, today) == date(2025, 12, 16)
    assert congratulate_since(last_review - timedelta(days=365), today) == date(2025, 12, 16)


def test_i_wrote_logs_the_message_and_they_leave_the_list(client_logged_in, user, in_review):
    change = make_job_change(make_contact(user))
    in_review.go_to(4)

    response = client_logged_in.post(
        f"/review/congratulate/{change.pk}/",
        {"message": "  Bravo Ada, well deserved!  "},
        headers=htmx(),
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="review-step"')
    assert response.context["board"].job_changes.changes == []
    written = change.contact.interactions.get()
    assert (written.kind, written.direction, written.source) == ("linkedin", "from_me", "entered")
    assert written.summary == "Bravo Ada, well deserved!"
    assert b"Nobody to congratulate" in response.content


def test_i_wrote_without_javascript_records_the_draft_and_comes_back(
    client_logged_in, user, in_review
):
    change = make_job_change(make_contact(user))

    response = client_logged_in.post(f"/review/congratulate/{change.pk}/", {"message": ""})

    assert response.status_code == 302 and response.url == "/review/"
    summary = change.contact.interactions.get().summary
    assert summary == "Congratulations on your new role as CTO at Initech, Ada!"


def test_i_wrote_needs_a_review_a_post_and_ones_own_job_change(client_logged_in, user, other_user):
    mine = make_job_change(make_contact(user))
    theirs = make_job_change(make_contact(other_user, first_name="Eve"))

    assert client_logged_in.post(f"/review/congratulate/{mine.pk}/").status_code == 404
    client_logged_in.post("/review/start/")
    assert client_logged_in.get(f"/review/congratulate/{mine.pk}/").status_code == 405
    assert client_logged_in.post(f"/review/congratulate/{theirs.pk}/").status_code == 404
    assert not Interaction.objects.exists()


def test_the_draft_and_the_names_in_it_are_escaped(client_logged_in, user, in_review):
    ada = make_contact(user, first_name="<script>alert(1)</script>")
    make_job_change(ada, new_company='</textarea><img src=x onerror="x">')
    in_review.go_to(4)

    html = client_logged_in.get("/review/").content.decode()

    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;/textarea&gt;&lt;img src=x" in html


@pytest.mark.parametrize(
    ("position", "company", "first_name", "draft"),
    [
        ("CTO", "Initech", "Ada", "Congratulations on your new role as CTO at Initech, Ada!"),
        ("", "Initech", "Ada", "Congratulations on your new role at Initech, Ada!"),
        ("CTO", "", "Ada", "Congratulations on your new role as CTO, Ada!"),
        ("CTO", "Initech", "", "Congratulations on your new role as CTO at Initech!"),
        ("", "", "Ada", "Congratulations on your new role, Ada!"),
    ],
)
def test_the_draft_says_what_is_known(user, position, company, first_name, draft):
    change = make_job_change(
        make_contact(user, first_name=first_name), new_company=company, new_position=position
    )

    assert change.congratulations() == draft


def test_a_review_left_at_reconnect_resumes_there_after_the_new_step(user):
    """Migration 0008 moved reviews at step 4 or beyond one step on."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("contacts.migrations.0009_review_congratulate_step")
    left = {step: Review.objects.create(owner=user, step=step) for step in (3, 4, 7)}

    migration.shift_forward(apps, None)

    assert {s: Review.objects.get(pk=r.pk).step for s, r in left.items()} == {3: 3, 4: 5, 7: 8}
    migration.shift_back(apps, None)
    assert {s: Review.objects.get(pk=r.pk).step for s, r in left.items()} == {3: 3, 4: 4, 7: 7}
