import csv
import io
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, Tag
from tests.factories import htmx, make_contact, make_interaction, make_job_change, make_note

pytestmark = pytest.mark.django_db


def test_it_lists_people_with_their_layer_and_status(client_logged_in, user):
    ada = make_contact(user, layer=2)
    make_interaction(ada)
    make_contact(user, first_name="Grace", last_name="Hopper")

    response = client_logged_in.get("/people/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert b"Ada Lovelace" in response.content
    assert b'class="badge active"' in response.content


def test_the_empty_list_says_what_to_do(client_logged_in):
    response = client_logged_in.get("/people/")

    assert b"No people yet" in response.content
    assert b"log a meeting" in response.content


def test_it_returns_the_list_fragment_to_htmx(client_logged_in, user):
    make_contact(user)

    response = client_logged_in.get("/people/?q=ada", headers=htmx())

    assert b'id="people-list"' in response.content
    assert b"<html" not in response.content
    assert b"Ada Lovelace" in response.content


def test_it_searches_notes_too(client_logged_in, user):
    ada = make_contact(user)
    make_note(ada, text="knows everything about looms")
    make_contact(user, first_name="Grace")

    response = client_logged_in.get("/people/?q=looms")

    assert [p for p, _ in response.context["rows"]] == [ada]


def test_it_filters_by_every_contract_parameter(client_logged_in, user):
    ada = make_contact(
        user, layer=1, company="Acme Inc", is_connection=True, connected_on=date(2024, 1, 1)
    )
    make_interaction(ada, kind="met")
    make_note(ada, follow_up_on=date(2030, 1, 1))
    ada.add_tag("python")
    make_job_change(ada, old_company="Initech", new_company="Acme Inc")
    make_contact(user, first_name="Grace")

    url = (
        "/people/?q=ada&layer=1&status=active&met=yes&tag=python&company=acme"
        "&connected_from=2023-01-01&connected_to=2025-01-01&changed_since=2026-01-01"
        "&followup=open&warm=1&connection=1&sort=-last"
    )
    response = client_logged_in.get(url)

    assert [p for p, _ in response.context["rows"]] == [ada]


def test_it_lists_the_people_whose_job_change_an_import_saw_since_a_day(
    client_logged_in, user, other_user
):
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.combine(today - timedelta(days=30), time.min))
    ada = make_contact(user, layer=2)
    make_job_change(ada, seen_at=midnight)  # the first instant of the day asked for
    grace = make_contact(user, first_name="Grace")
    make_job_change(grace, seen_at=midnight - timedelta(microseconds=1))
    make_contact(user, first_name="Hal")
    make_job_change(make_contact(other_user, first_name="Eve"))
    since = (today - timedelta(days=30)).isoformat()

    def listed(query):
        return [p for p, _ in client_logged_in.get("/people/" + query).context["rows"]]

    assert listed(f"?changed_since={since}") == [ada]
    assert listed(f"?changed_since={today - timedelta(days=31)}&sort=name") == [ada, grace]
    assert listed(f"?changed_since={today - timedelta(days=31)}&layer=pool") == [grace]
    page = client_logged_in.get(f"/people/?changed_since={since}").content.decode()
    assert "1</strong> person match" in page
    assert f'name="changed_since" value="{since}"' in page


def test_it_lists_a_person_who_changed_jobs_twice_once(client_logged_in, user):
    ada = make_contact(user)
    make_job_change(ada, "Acme", "Initech")
    make_job_change(ada, "Initech", "Hooli")

    response = client_logged_in.get(f"/people/?changed_since={timezone.localdate()}")

    assert response.context["page"].paginator.count == 1


def test_it_reports_a_bad_filter_and_shows_everyone(client_logged_in, user):
    make_contact(user)

    response = client_logged_in.get(
        "/people/?connected_from=not-a-date&layer=9&changed_since=2026-02-30"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["connected_from"]
    assert response.context["form"].errors["changed_since"]
    assert response.context["form"].errors["layer"]
    assert b'value="not-a-date"' in response.content
    assert response.context["page"].paginator.count == 1


def test_it_paginates_by_fifty(client_logged_in, user):
    Contact.objects.bulk_create(
        Contact(owner=user, first_name=f"P{i:03}", last_name="X") for i in range(120)
    )

    response = client_logged_in.get("/people/?page=3")

    assert len(response.context["rows"]) == 20
    assert b"Page 3 of 3" in response.content


def test_it_sorts_by_name_last_interaction_and_connection_date(client_logged_in, user):
    ada = make_contact(user, connected_on=date(2020, 1, 1))
    grace = make_contact(
        user, first_name="Grace", last_name="Hopper", connected_on=date(2022, 1, 1)
    )
    make_interaction(ada, occurred_at="2026-01-01 10:00")
    make_interaction(grace, occurred_at="2025-01-01 10:00")
    # Not real: the order stays by the last real interaction, the one shown.
    make_interaction(grace, kind="email", direction="from_me", occurred_at="2026-02-01 10:00")

    def order(sort):
        response = client_logged_in.get(f"/people/?sort={sort}")
        return [p for p, _ in response.context["rows"]]

    assert order("name") == [grace, ada]
    assert order("-name") == [ada, grace]
    assert order("-last") == [ada, grace]
    assert order("last") == [grace, ada]
    assert order("-connected") == [grace, ada]


def test_it_shows_only_the_users_own_people(client_logged_in, user, other_user):
    make_contact(other_user, first_name="Eve")

    response = client_logged_in.get("/people/?q=eve")

    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=ada",
        "?status=due",
        "?sort=-last",
        "?layer=2&met=never&warm=1&followup=open",
        "?changed_since=2020-01-01&company=initech",
    ],
)
def test_the_list_runs_a_constant_number_of_queries(
    client_logged_in, user, count, query, django_assert_max_num_queries
):
    for i in range(count):
        person = make_contact(user, first_name=f"Ada{i}", layer=2 if i % 2 else None)
        make_interaction(person)
        make_note(person)
        person.add_tag("t")
        make_job_change(person)

    # session, user, the nav's triage count, preferences, tags, count, page (+ the layered subset)
    with django_assert_max_num_queries(8):
        response = client_logged_in.get("/people/" + query)
    assert response.status_code == 200


def test_hostile_names_are_escaped(client_logged_in, user):
    make_contact(user, first_name='<img src=x onerror="alert(1)">')

    response = client_logged_in.get("/people/")

    assert b"<img src=x" not in response.content


def rows_of(response):
    return list(
        csv.reader(
            io.StringIO(
                b"".join(response).decode() if response.streaming else response.content.decode()
            )
        )
    )


def test_the_export_writes_the_filtered_people_as_csv(client_logged_in, user):
    ada = make_contact(
        user,
        company="Acme",
        position="Engineer",
        email="ada@example.com",
        profile_url="linkedin.com/in/ada",
    )
    make_interaction(ada, occurred_at="2026-02-03 10:00")
    make_interaction(ada, kind="linkedin", direction="from_me", occurred_at="2026-03-09 10:00")
    make_contact(user, first_name="Grace", company="Initech")

    response = client_logged_in.get("/people/export.csv?company=acme")

    assert response["Content-Type"].startswith("text/csv")
    assert rows_of(response) == [
        [
            "Name",
            "First name",
            "Last name",
            "Company",
            "Position",
            "Profile URL",
            "Email",
            "Last real interaction",
            "Later interaction, not real",
        ],
        [
            "Ada Lovelace",
            "Ada",
            "Lovelace",
            "Acme",
            "Engineer",
            "https://www.linkedin.com/in/ada",
            "ada@example.com",
            "2026-02-03",
            "2026-03-09",
        ],
    ]


def test_the_date_beside_a_status_is_the_last_real_interaction(client_logged_in, user):
    ada = make_contact(user, layer=3)
    make_interaction(ada, occurred_at="2025-01-10 10:00")  # met: real
    make_interaction(ada, kind="linkedin", direction="from_me", occurred_at="2026-02-04 10:00")
    grace = make_contact(user, first_name="Grace", layer=3)
    make_interaction(grace, kind="email", direction="to_me", occurred_at="2026-02-05 10:00")

    html = client_logged_in.get("/people/").content.decode()
    row = {
        name: html[html.index(name) : html.index("</tr>", html.index(name))]
        for name in (
            "Ada Lovelace",
            "Grace Lovelace",
        )
    }

    assert 'class="badge dormant" title="Regular · last met ' in row["Ada Lovelace"]
    assert "Jan 10, 2025" in row["Ada Lovelace"]
    assert "then a one-way message, Feb 4, 2026" in row["Ada Lovelace"]
    assert 'title="Regular · no real interaction yet' in row["Grace Lovelace"]
    assert '<span class="muted">—</span>' in row["Grace Lovelace"]
    assert "then a one-way message, Feb 5, 2026" in row["Grace Lovelace"]
    assert ">Last real interaction</th>" in html


def test_the_export_neutralises_formulas(client_logged_in, user):
    make_contact(
        user, first_name='=HYPERLINK("http://evil")', last_name="", company="+1", position="-2"
    )

    rows = rows_of(client_logged_in.get("/people/export.csv"))

    assert rows[1][:5] == [
        '\'=HYPERLINK("http://evil")',
        '\'=HYPERLINK("http://evil")',
        "",
        "'+1",
        "'-2",
    ]


def bulk(client, **data):
    data.setdefault("query", "")
    return client.post("/people/bulk/", data)


def test_bulk_sets_a_layer_on_the_selected_people(client_logged_in, user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace")

    response = bulk(
        client_logged_in, action="set_layer", scope="selected", contact=[ada.pk], layer="3"
    )

    assert response.status_code == 302
    assert response.url == "/people/?"
    ada.refresh_from_db()
    grace.refresh_from_db()
    assert (ada.layer, grace.layer) == (3, None)


def test_bulk_adds_and_removes_a_tag_on_all_matching(client_logged_in, user):
    ada = make_contact(user, company="Acme")
    grace = make_contact(user, first_name="Grace", company="Initech")

    bulk(client_logged_in, action="add_tag", scope="all", tag="news", query="company=acme")

    assert [t.name for t in ada.tags.all()] == ["news"]
    assert not grace.tags.exists()
    bulk(client_logged_in, action="remove_tag", scope="all", tag="news", query="")
    assert not ada.tags.exists()
    assert Tag.objects.filter(owner=user, name="news").exists()


def test_bulk_exports_the_selected_people(client_logged_in, user):
    ada = make_contact(user)
    make_contact(user, first_name="Grace")

    response = bulk(client_logged_in, action="export", scope="selected", contact=[ada.pk])

    assert [row[0] for row in rows_of(response)] == ["Name", "Ada Lovelace"]


def test_bulk_without_a_selection_shows_the_error_next_to_the_field(client_logged_in, user):
    make_contact(user)

    response = bulk(client_logged_in, action="add_tag", scope="selected", tag="")

    assert response.status_code == 200
    assert b"Select people first, or apply to all matching." in response.content
    assert b"Type the tag." in response.content


def test_bulk_ignores_another_users_people(client_logged_in, other_user):
    eve = make_contact(other_user, first_name="Eve")

    response = bulk(
        client_logged_in, action="set_layer", scope="selected", contact=[eve.pk], layer="1"
    )

    assert response.status_code == 200
    eve.refresh_from_db()
    assert eve.layer is None


def test_bulk_refuses_get(client_logged_in):
    assert client_logged_in.get("/people/bulk/").status_code == 405


def test_every_link_of_the_dashboard_budget_lists_the_people_it_counts(client_logged_in, user):
    """The budget's "used" link asks for two statuses and "in a layer" for four layers: the
    list shows everyone they count, not only the last value of the field."""
    active = make_contact(user, first_name="Active", layer=1)
    make_interaction(active, occurred_at=timezone.now() - timedelta(days=1))
    due = make_contact(user, first_name="Due", layer=4)
    make_interaction(due, occurred_at=timezone.now() - timedelta(days=100))
    make_contact(user, first_name="Dormant", layer=3)
    make_contact(user, first_name="Pool")
    dashboard = client_logged_in.get("/").content.decode()

    used = re.search(r'class="budget-used" href="([^"]+)"', dashboard)[1].replace("&amp;", "&")
    layered = re.search(r'href="([^"]+)" title="People you placed in a layer"', dashboard)[1]
    used_page = client_logged_in.get(used).content.decode()
    layered_page = client_logged_in.get(layered.replace("&amp;", "&")).content.decode()

    assert used == "/people/?status=active&status=due"
    assert "Active Lovelace" in used_page and "Due Lovelace" in used_page
    assert "Dormant Lovelace" not in used_page
    assert all(f"{n} Lovelace" in layered_page for n in ("Active", "Due", "Dormant"))
    assert "Pool Lovelace" not in layered_page
