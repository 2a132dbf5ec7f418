"""Companies you care about: marking a company client, target, competitor or partner, and what the
marks change on the companies list, a company's page and the people list."""

import pytest

from contacts.models import CompanyMark
from tests.factories import htmx, make_contact, make_interaction, make_job_change

pytestmark = pytest.mark.django_db


def mark(client, company, kind="target", *, unmark="", headers=None, next_url="/companies/"):
    data = {"company": company, "next": next_url}
    if kind:
        data["kind"] = kind
    if unmark:
        data["unmark"] = unmark
    return client.post("/company-marks/", data, headers=headers or {})


# Marking


def test_htmx_marks_a_company_and_gets_its_buttons_back_pressed(client_logged_in, user):
    make_contact(user, company="ACME Inc.")

    response = mark(client_logged_in, "ACME Inc.", "competitor", headers=htmx())

    assert response.status_code == 200
    assert CompanyMark.objects.get(owner=user).company_key == "acme"
    html = response.content.decode()
    assert html.lstrip().startswith('<form class="company-mark"')
    assert (
        'name="unmark" value="competitor" class="mark-button badge mark-competitor" '
        'aria-pressed="true"' in html
    )
    assert "data-autofocus>Competitor<" in html
    assert "data-announce>ACME Inc.: marked as competitor.<" in html


def test_a_new_mark_replaces_the_old_one_and_the_pressed_button_removes_it(client_logged_in, user):
    mark(client_logged_in, "Acme", "client")
    mark(client_logged_in, "acme, inc", "partner")

    assert list(CompanyMark.objects.values_list("company_key", "kind")) == [("acme", "partner")]

    response = mark(client_logged_in, "Acme", "", unmark="partner", headers=htmx())

    assert not CompanyMark.objects.exists()
    assert 'aria-pressed="true"' not in response.content.decode()
    assert "Acme: no mark any more." in response.content.decode()


def test_a_plain_post_goes_back_where_it_was_with_a_message(client_logged_in, user):
    make_contact(user, company="Acme")

    response = mark(client_logged_in, "Acme", "target", next_url="/companies/acme/")

    assert response.status_code == 302
    assert response["Location"] == "/companies/acme/"
    page = client_logged_in.get("/companies/acme/").content.decode()
    assert "Acme: marked as target." in page


def test_an_unsafe_next_goes_to_the_companies_list(client_logged_in):
    response = mark(client_logged_in, "Acme", next_url="https://evil.example/")

    assert response["Location"] == "/companies/"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"company": "Acme", "kind": "friend"}, "Select a valid choice"),
        ({"company": "Acme"}, "Choose client, target, competitor or partner."),
        ({"company": " ,;. ", "kind": "target"}, "Type the company&#x27;s name."),
    ],
)
def test_bad_input_answers_422_with_the_error_and_marks_nothing(client_logged_in, data, error):
    response = client_logged_in.post("/company-marks/", data, headers=htmx())

    assert response.status_code == 422
    assert error in response.content.decode()
    assert not CompanyMark.objects.exists()


def test_bad_input_without_javascript_says_why_on_the_next_page(client_logged_in):
    response = client_logged_in.post("/company-marks/", {"company": "Acme"}, follow=True)

    assert "Choose client, target, competitor or partner." in response.content.decode()
    assert not CompanyMark.objects.exists()


def test_marking_takes_a_post(client_logged_in):
    assert client_logged_in.get("/company-marks/").status_code == 405


def test_marks_are_each_users_own(client_logged_in, user, other_user):
    CompanyMark.mark(other_user, "Acme", "competitor")
    make_contact(user, company="Acme")

    mark(client_logged_in, "Acme", "client")

    assert CompanyMark.objects.get(owner=other_user).kind == "competitor"
    assert CompanyMark.objects.get(owner=user).kind == "client"
    assert client_logged_in.get("/companies/?mark=competitor").context["page"].paginator.count == 0


def test_company_names_are_escaped_in_the_buttons(client_logged_in, user):
    make_contact(user, company="<script>x</script> Corp")
    CompanyMark.mark(user, "<script>x</script> Corp", "target")

    html = client_logged_in.get("/companies/").content.decode()

    assert "<script>x" not in html
    assert 'value="&lt;script&gt;x&lt;/script&gt; Corp"' in html


# The companies list


def test_the_companies_list_shows_each_mark_as_a_pressed_badge(client_logged_in, user):
    make_contact(user, company="Acme")
    make_contact(user, company="Initech")
    CompanyMark.mark(user, "ACME", "client")

    response = client_logged_in.get("/companies/")

    rows = {row["company_key"]: row["kind"] for row in response.context["page"]}
    assert rows == {"acme": "client", "initech": ""}
    assert response.content.decode().count('aria-pressed="true"') == 1


def test_the_list_filtered_by_a_mark_keeps_companies_where_i_know_nobody(client_logged_in, user):
    make_contact(user, company="Acme")
    make_contact(user, first_name="Bob", company="Acme")
    make_contact(user, company="Globex")
    CompanyMark.mark(user, "Acme", "target")
    CompanyMark.mark(user, "Hooli", "target")
    CompanyMark.mark(user, "Globex", "competitor")

    response = client_logged_in.get("/companies/?mark=target")

    rows = [(r["company_key"], r["people"]) for r in response.context["page"]]
    assert rows == [("acme", 2), ("hooli", 0)]
    html = response.content.decode()
    assert "nobody you know" in html
    assert 'href="/people/?mark=target"' in html
    assert 'aria-current="page">Target<' in html


def test_the_filtered_list_is_searched_too(client_logged_in, user):
    CompanyMark.mark(user, "Acme", "target")
    CompanyMark.mark(user, "Hooli", "target")

    response = client_logged_in.get("/companies/?mark=target&q=hoo", headers=htmx())

    assert [r["company_key"] for r in response.context["page"]] == ["hooli"]


def test_a_mark_with_no_company_says_what_to_do(client_logged_in, user):
    make_contact(user, company="Acme")

    html = client_logged_in.get("/companies/?mark=partner").content.decode()

    assert "No company has this mark yet" in html


def test_an_unknown_mark_filter_says_so_and_lists_every_company(client_logged_in, user):
    make_contact(user, company="Acme")

    make_contact(user, company="Initech")

    response = client_logged_in.get("/companies/?mark=friend&q=acm")

    assert response.context["page"].paginator.count == 1
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_companies_list_takes_the_same_queries_marked_or_filtered(
    client_logged_in, user, count, django_assert_num_queries
):
    for i in range(count):
        make_contact(user, first_name=f"P{i}", company=f"Company {i}")
        CompanyMark.mark(user, f"Company {i}", "target" if i % 2 else "client")
        CompanyMark.mark(user, f"Nobody {i}", "target")

    # Session, user, the companies (or marks with their people), the page's count, the marks
    with django_assert_num_queries(6):
        client_logged_in.get("/companies/")
    with django_assert_num_queries(5):
        response = client_logged_in.get("/companies/?mark=target")
    assert response.context["page"].paginator.count == count + count // 2


# A company's page


def test_a_marked_company_where_i_know_nobody_has_its_page(client_logged_in, user):
    CompanyMark.mark(user, "Hooli", "target")

    response = client_logged_in.get("/companies/hooli/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hooli</h1>" in html
    assert "You know nobody here yet" in html
    assert "Who knows someone there" in html


def test_an_unmarked_company_page_has_the_buttons_but_no_ways_in(client_logged_in, user):
    make_contact(user, company="Acme")

    html = client_logged_in.get("/companies/acme/").content.decode()

    assert 'name="kind" value="target"' in html
    assert "Who knows someone there" not in html


def make_target_with_ties(user, suffix=""):
    """A target company with a person there and four people outside it who know them, each in
    one of the ways netcoach knows, plus an unrelated person."""
    grace = make_contact(user, first_name="Grace" + suffix, company="Acme")
    introducer = make_contact(user, first_name="Ivan" + suffix, company="Globex", layer=2)
    grace.introduced_by = introducer
    grace.save()
    made = make_contact(user, first_name="Mia" + suffix)
    made.introduce(grace)
    asked = make_contact(user, first_name="Ahmed" + suffix)
    asked.introduce(grace, direction="asked")
    met = make_contact(user, first_name="Meg" + suffix)
    first = make_interaction(grace, kind="met")
    together = make_interaction(met, kind="met")
    first.meeting_key = together.meeting_key = f"m{suffix or 0}"
    first.save()
    together.save()
    make_interaction(make_contact(user, first_name="Zed" + suffix), kind="met")
    return grace, introducer, made, asked, met


def test_a_target_company_page_lists_who_knows_someone_there_and_how(client_logged_in, user):
    grace, introducer, made, asked, met = make_target_with_ties(user)
    leaver = make_contact(user, first_name="Leo")
    make_job_change(leaver, "Acme", "Initech")
    CompanyMark.mark(user, "Acme", "target")

    response = client_logged_in.get("/companies/acme/")

    knowers = response.context["knowers"]
    assert knowers[0] == introducer  # a layer first
    assert set(knowers) == {introducer, made, asked, met}
    assert response.context["knower_count"] == 4
    ties = {k.first_name: [(how, p.first_name) for how, p in k.ties] for k in knowers}
    assert ties == {
        "Ivan": [("introduced_you", "Grace")],
        "Mia": [("introduced", "Grace")],
        "Ahmed": [("asked", "Grace")],
        "Meg": [("met_with", "Grace")],
    }
    html = response.content.decode()
    url = grace.get_absolute_url()
    assert f'introduced you to <a href="{url}">Grace Lovelace</a>' in html
    assert f'you introduced them to <a href="{url}">Grace Lovelace</a>' in html
    assert f'you asked them for an introduction to <a href="{url}">Grace Lovelace</a>' in html
    assert f'was with you and <a href="{url}">Grace Lovelace</a> at a meeting or call' in html
    assert "Known to have left" in html and "Leo Lovelace" in html
    assert "Zed" not in html


def test_a_target_with_no_known_ties_says_where_they_come_from(client_logged_in, user):
    make_contact(user, company="Acme")
    CompanyMark.mark(user, "Acme", "target")

    html = client_logged_in.get("/companies/acme/").content.decode()

    assert "Nobody yet. netcoach finds them in who introduced you" in html


@pytest.mark.parametrize("count", [1, 12])
def test_a_target_company_page_takes_the_same_queries_for_any_network(
    client_logged_in, user, count, django_assert_num_queries
):
    for i in range(count):
        make_target_with_ties(user, suffix=str(i))
        make_job_change(make_contact(user, first_name=f"L{i}"), "Acme", "Initech")
    CompanyMark.mark(user, "Acme", "target")

    # The unmarked company's 9, then who is there, the introductions, the meetings, the people
    with django_assert_num_queries(13):
        response = client_logged_in.get("/companies/acme/")
    assert response.context["knower_count"] == 4 * count


# The people list


def test_people_are_filtered_by_their_companys_mark(client_logged_in, user):
    at_target = make_contact(user, first_name="Tara", company="ACME Inc.")
    at_client = make_contact(user, first_name="Cleo", company="Initech")
    make_contact(user, first_name="Nora", company="Globex")
    make_contact(user, first_name="Nobody", company="")
    CompanyMark.mark(user, "Acme", "target")
    CompanyMark.mark(user, "Initech", "client")

    def people(query):
        response = client_logged_in.get(f"/people/?{query}")
        return {person for person, _ in response.context["rows"]}

    assert people("mark=target") == {at_target}
    assert people("mark=target&mark=client") == {at_target, at_client}
    assert people("mark=competitor") == set()


def test_an_unknown_mark_on_people_is_reported(client_logged_in, user):
    response = client_logged_in.get("/people/?mark=friend")

    assert "At a company marked: Select a valid choice" in response.content.decode()
