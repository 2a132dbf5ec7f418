from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import htmx, make_contact, make_interaction, make_job_change

pytestmark = pytest.mark.django_db


def test_companies_are_grouped_across_spellings(client_logged_in, user):
    for spelling in ["Acme", "ACME Inc.", "Acme, Inc"]:
        make_contact(user, company=spelling)
    make_contact(user, company="Initech")

    response = client_logged_in.get("/companies/")

    rows = list(response.context["page"])
    assert [(r["company_key"], r["people"]) for r in rows] == [("acme", 3), ("initech", 1)]
    assert b"3 people" in response.content


def test_companies_are_searched_and_htmx_gets_the_list_only(client_logged_in, user):
    make_contact(user, company="Acme")
    make_contact(user, company="Initech")

    response = client_logged_in.get("/companies/?q=init", headers=htmx())

    assert b'id="company-list"' in response.content
    assert b"<html" not in response.content
    assert b"Initech" in response.content and b"Acme" not in response.content


def test_the_empty_companies_page_says_what_to_do(client_logged_in):
    assert b"No companies yet" in client_logged_in.get("/companies/").content


def test_a_company_page_lists_who_i_know_there(client_logged_in, user):
    ada = make_contact(user, company="ACME Inc.", layer=2, position="CTO")
    make_interaction(ada, occurred_at="2026-01-05 10:00")
    make_contact(user, first_name="Grace", company="Acme")
    make_contact(user, first_name="Zed", company="Initech")

    response = client_logged_in.get("/companies/acme/")

    assert response.status_code == 200
    people = [person for person, _ in response.context["rows"]]
    assert people[0] == ada
    assert len(people) == 2
    assert b"last real interaction Jan 5, 2026" in response.content
    assert b"Also written" in response.content


def test_a_company_page_shows_the_last_real_interaction_and_names_a_later_one_way_one(
    client_logged_in, user
):
    ada = make_contact(user, company="Acme", layer=3)
    make_interaction(ada, kind="phone", occurred_at="2025-06-01 10:00")
    make_interaction(ada, kind="linkedin", direction="from_me", occurred_at="2026-02-04 10:00")
    make_interaction(make_contact(user, first_name="Grace", company="Acme"), kind="other")

    html = client_logged_in.get("/companies/acme/").content.decode()

    assert "last real interaction Jun 1, 2025, then a one-way message, Feb 4, 2026" in html
    assert "no real interaction yet, then another interaction" in html


def test_a_company_nobody_works_at_is_a_404(client_logged_in, user, other_user):
    make_contact(other_user, company="Secret Corp")

    assert client_logged_in.get("/companies/secret corp/").status_code == 404
    assert client_logged_in.get("/companies/nothing/").status_code == 404


def test_a_company_page_lists_who_left_it_where_they_went_and_when(
    client_logged_in, user, other_user
):
    make_contact(user, first_name="Stays", company="Acme")
    ada = make_contact(user, layer=2)
    make_job_change(ada, "ACME Inc.", "Initech", timezone.now() - timedelta(days=40))
    grace = make_contact(user, first_name="Grace")
    make_job_change(grace, "Acme", "Initech", timezone.now() - timedelta(days=400))
    make_job_change(grace, "Initech", "Hooli")  # then moved on again
    promoted = make_contact(user, first_name="Promoted")
    make_job_change(promoted, "Acme", "Acme, Inc", new_position="VP")
    back = make_contact(user, first_name="Back")
    make_job_change(back, "Acme", "Initech", timezone.now() - timedelta(days=9))
    make_job_change(back, "Initech", "Acme")
    make_job_change(make_contact(other_user, first_name="Eve"), "Acme", "Initech")

    response = client_logged_in.get("/companies/acme/")

    assert [c.contact for c in response.context["leavers"]] == [ada, grace]
    html = response.content.decode()
    leavers = html[html.index('id="leavers-title"') :]
    assert "2 people you know left" in leavers
    assert f'href="/people/{ada.pk}/" class="person-link">Ada Lovelace</a>' in leavers
    assert 'Went to Initech as CTO <span class="muted">· was Engineer here</span>' in leavers
    assert "· now CTO at Hooli" in leavers
    assert leavers.count("· now") == 1
    seen = (timezone.localtime() - timedelta(days=40)).strftime("%b %-d, %Y")
    assert f"seen {seen}" in leavers
    for name in ("Promoted", "Back", "Eve", "Stays"):
        assert f"{name} Lovelace" not in leavers


def test_a_company_everyone_left_still_has_its_page(client_logged_in, user):
    ada = make_contact(user)
    make_job_change(ada, "Initech", "Acme", new_position="")

    response = client_logged_in.get("/companies/initech/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Initech</h1>" in html
    assert "You know nobody here now." in html
    assert "1 person you know left" in html
    assert 'Went to Acme <span class="muted">· was Engineer here</span>' in html


def test_a_leaver_with_no_new_job_says_so(client_logged_in, user):
    make_job_change(make_contact(user), new_company="", new_position="", old_position="")

    assert b"No job on their profile</span>" in client_logged_in.get("/companies/acme/").content


def test_leavers_names_and_companies_are_escaped(client_logged_in, user):
    ada = make_contact(user, first_name="<b>Ada</b>")
    make_job_change(ada, "Acme", "<script>x</script>")

    html = client_logged_in.get("/companies/acme/").content.decode()

    assert "<script>x" not in html and "<b>Ada" not in html
    assert "Went to &lt;script&gt;x&lt;/script&gt; as CTO" in html


@pytest.mark.parametrize("count", [5, 50])
def test_company_pages_run_a_constant_number_of_queries(
    client_logged_in, user, count, django_assert_num_queries
):
    for i in range(count):
        person = make_contact(user, first_name=f"P{i}", company="Acme", layer=3 if i % 2 else None)
        make_interaction(person)
        leaver = make_contact(user, first_name=f"L{i}")
        make_job_change(leaver, "Acme", f"Initech {i % 3}")

    # …, the companies, the marks of the page's companies
    with django_assert_num_queries(6):
        client_logged_in.get("/companies/")
    # …, the people there, then the former companies' spellings and the leavers, the mark
    with django_assert_num_queries(9):
        response = client_logged_in.get("/companies/acme/")
    assert len(response.context["leavers"]) == count
