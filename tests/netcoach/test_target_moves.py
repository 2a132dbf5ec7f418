"""The dashboard's "Moved to a target company": a newer LinkedIn export in which connections
moved into a company the user marked as a target puts them on the dashboard."""

import csv
import io
import zipfile
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts import normalize
from contacts.models import CompanyMark, JobChange
from contacts.relationships import Layer
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import make_contact, make_job_change

pytestmark = pytest.mark.django_db

SMALL = {"connections": 200, "messages": 400, "invitations": 60}


def companies_by_profile(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as export:
        text = export.read("Connections.csv").decode()
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = csv.DictReader(lines[start:])
    return {row["URL"]: row["Company"] for row in rows if row["URL"]}


def target_moves_panel(html):
    start = html.index('id="target-moves-title"')
    return html[start : html.index("</section>", start)]


def test_a_newer_export_moving_connections_into_a_target_puts_them_on_the_dashboard(
    client_logged_in, user
):
    older, newer = build_sample_export(**SMALL), build_sample_export(**SMALL, newer=True)
    before, after = companies_by_profile(older), companies_by_profile(newer)
    arrivals = Counter(after[url] for url in before if url in after and before[url] != after[url])
    target, movers = arrivals.most_common(1)[0]
    import_file(older, "export.zip", user)
    CompanyMark.mark(user, target, "target")
    html = client_logged_in.get("/").content.decode()
    assert "Nobody moved to one of your target companies" in target_moves_panel(html)

    run = import_file(newer, "newer.zip", user)

    news = client_logged_in.get("/").context["board"].target_moves
    key = normalize.company_key(target)
    expected = {
        change.contact_id
        for change in JobChange.objects.filter(import_run=run)
        if normalize.company_key(change.new_company) == key
    }
    assert news.people == len(expected) == movers > 0
    assert {change.contact_id for change in news.changes} == expected
    panel = target_moves_panel(client_logged_in.get("/").content.decode())
    first = news.changes[0]
    assert f'href="/people/{first.contact_id}/">{first.contact}</a>' in panel
    assert f'href="/companies/{first.contact.company_key}/">who you know there</a>' in panel
    # The people who moved elsewhere are only in the Job changes panel.
    assert news.people < run.counts["job_changes"]


def test_a_move_within_the_target_or_away_from_it_is_no_arrival(client_logged_in, user):
    CompanyMark.mark(user, "Acme", "target")
    inside = make_contact(user, first_name="Inside", company="Acme")
    make_job_change(inside, "ACME Inc.", "Acme", new_position="VP")
    away = make_contact(user, first_name="Away")
    make_job_change(away, "Initech", "Acme")
    make_job_change(away, "Acme", "Hooli")
    old = make_contact(user, first_name="Old")
    make_job_change(old, "Initech", "Acme", seen_at=timezone.now() - timedelta(days=91))
    arrived = make_contact(user, first_name="Arrived", layer=Layer.CLOSE)
    make_job_change(arrived, "Initech", "Acme Inc")

    news = client_logged_in.get("/").context["board"].target_moves

    assert [change.contact for change in news.changes] == [arrived]
    assert news.people == 1


def test_without_a_target_there_is_no_panel(client_logged_in, user):
    make_job_change(make_contact(user), "Initech", "Acme")
    CompanyMark.mark(user, "Acme", "client")

    response = client_logged_in.get("/")

    assert response.context["board"].target_moves is None
    assert 'id="target-moves-title"' not in response.content.decode()


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("movers", [1, 30])
def test_the_panel_takes_the_same_queries_for_any_number_of_moves(client_logged_in, user, movers):
    client_logged_in.get("/")
    without_targets = count_queries(client_logged_in)
    CompanyMark.mark(user, "Acme", "target")
    CompanyMark.mark(user, "Hooli", "target")
    for i in range(movers):
        person = make_contact(user, first_name=f"M{i}", layer=Layer.ACTIVE if i % 2 else None)
        make_job_change(person, f"Old {i}", "Acme" if i % 2 else "Hooli Inc.")
        make_job_change(make_contact(user, first_name=f"E{i}"), "Acme", f"Elsewhere {i}")
    client_logged_in.get("/")

    # The targets were read anyway; then their spellings, the moves and their people count
    assert count_queries(client_logged_in) == without_targets + 3 == 25
    news = client_logged_in.get("/").context["board"].target_moves
    assert news.people == movers
    assert len(news.changes) == min(movers, 10)
