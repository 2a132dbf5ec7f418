"""The weekly review: start, steps, actions, resume, finish."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact, Interaction, Note, Review
from contacts.relationships import Layer
from invitations.models import Decision
from netcoach.dashboard import week_summary
from tests.conftest import htmx, make_contact, make_interaction, make_invitation, make_note
from tests.contacts.helpers_dashboard import days_ago, make_layered

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
    response = client_logged_in.post("/review/step/", {"step": "4"})

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.step == 4
    assert client_logged_in.get("/review/").context["step"]["title"] == "Reconnect"


def test_htmx_gets_the_step_fragment(client_logged_in, in_review):
    response = client_logged_in.post("/review/step/", {"step": "2"}, headers=htmx())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="review-step"')
    assert "<html" not in html


def test_a_bad_step_changes_nothing(client_logged_in, in_review):
    client_logged_in.post("/review/step/", {"step": "9"})
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
    in_review.go_to(4)

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
    in_review.go_to(4)

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
    in_review.go_to(5)
    assert b"overdue since" in client_logged_in.get("/review/").content

    response = client_logged_in.post(f"/review/follow-ups/{note.pk}/done/", headers=htmx())

    assert Note.objects.get(pk=note.pk).follow_up_done is True
    assert b"No follow-up due." in response.content


def test_layer_suggestions_confirm_through_set_layer_or_are_dismissed(
    client_logged_in, user, in_review
):
    fresh = make_contact(user, first_name="Fresh")
    make_interaction(fresh)
    in_review.go_to(6)

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
    client_logged_in.post("/review/step/", {"step": "7"})

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
    client_logged_in.post("/review/step/", {"step": "7"})

    summary = client_logged_in.get("/review/").context["summary"]

    assert summary["has_previous"] is True
    assert summary["budget_change"] == -2
    assert "−2" in client_logged_in.get("/review/").content.decode()


REVIEW_QUERIES = 24  # session, user, the dashboard's reads, the review and its summary


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/review/").status_code == 200
    return len(queries)


def test_the_review_page_keeps_a_constant_number_of_queries(client_logged_in, user, in_review):
    in_review.go_to(7)
    layered(user, Layer.ACTIVE, 400, first_name="P")
    make_interaction(make_contact(user, first_name="Fits"))  # a move-in, and its reason
    small = count_queries(client_logged_in)
    for i in range(20):
        person = layered(user, Layer.ACTIVE, 400 + i, first_name=f"P{i}")
        make_interaction(person, kind="email", direction="from_me")
        make_note(person, follow_up_on=timezone.localdate())
        make_interaction(make_contact(user, first_name=f"Fits{i}"), kind="video")

    assert small == REVIEW_QUERIES
    assert count_queries(client_logged_in) == REVIEW_QUERIES
