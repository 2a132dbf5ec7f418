from datetime import date, timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, Interaction, Note
from tests.factories import htmx, make_contact, make_interaction

pytestmark = pytest.mark.django_db

URL = "/meetings/new/"


def post_data(**overrides):
    data = {"occurred_at": "2026-11-20T18:30", "kind": "met", "place": "", "notes": ""}
    data.update(overrides)
    return data


def test_it_shows_the_form_with_now_and_met_in_person(client_logged_in):
    response = client_logged_in.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind"].value() == "met"
    assert form["occurred_at"].value() is not None
    assert b'data-key="m"' in response.content
    assert b'name="kind" value="video"' in response.content


def test_it_prefills_contacts_and_kind_from_the_query(client_logged_in, user, other_user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace")
    eve = make_contact(other_user, first_name="Eve")

    response = client_logged_in.get(
        f"{URL}?contact={ada.pk}&contact={grace.pk}&contact={eve.pk}&kind=phone"
    )

    assert set(response.context["form"].chosen()) == {ada, grace}
    assert response.context["form"]["kind"].value() == "phone"
    assert b"Eve" not in response.content


def test_it_offers_recent_places(client_logged_in, user):
    ada = make_contact(user)
    make_interaction(ada, place="PyCon", occurred_at="2026-01-01 10:00")
    make_interaction(ada, place="Web Summit", occurred_at="2026-02-01 10:00")
    make_interaction(ada, place="PyCon", occurred_at="2026-03-01 10:00")

    response = client_logged_in.get(URL)

    assert response.context["places"] == ["PyCon", "Web Summit"]
    assert b'<option value="Web Summit">' in response.content


def test_it_logs_a_meeting_with_several_people_and_lands_on_the_first(client_logged_in, user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace")

    response = client_logged_in.post(
        URL,
        post_data(
            contact=[ada.pk, grace.pk],
            place="PyCon",
            notes="Compilers",
            follow_up_on="2026-12-01",
        ),
    )

    assert response.status_code == 302
    assert response.url == f"/people/{ada.pk}/?met=1"
    assert Interaction.objects.filter(place="PyCon").count() == 2
    assert set(Note.objects.values_list("contact", "follow_up_on")) == {
        (ada.pk, date(2026, 12, 1)),
        (grace.pk, date(2026, 12, 1)),
    }


def test_it_logs_a_meeting_with_a_new_person(client_logged_in, user):
    response = client_logged_in.post(
        URL,
        post_data(new_name="Linus Torvalds", new_company="Linux Foundation", new_how_we_met="Bar"),
    )

    linus = Contact.objects.get(owner=user)
    assert response.url == f"/people/{linus.pk}/?met=1"
    assert linus.source == "manual"
    assert linus.company == "Linux Foundation"
    assert linus.interactions.get().kind == "met"


def test_it_requires_someone_and_keeps_what_was_typed(client_logged_in):
    response = client_logged_in.post(URL, post_data(notes="Great talk", place="PyCon"))

    assert response.status_code == 422
    assert b"Pick someone, or type the name of a new person." in response.content
    assert b"Great talk" in response.content
    assert b'value="PyCon"' in response.content
    assert not Interaction.objects.exists()


def test_it_rejects_a_bad_date_next_to_the_field_and_keeps_the_chosen_people(
    client_logged_in, user
):
    ada = make_contact(user)

    response = client_logged_in.post(URL, post_data(contact=[ada.pk], occurred_at="yesterday-ish"))

    assert response.status_code == 422
    assert response.context["form"].errors["occurred_at"]
    assert response.context["form"].chosen() == [ada]
    assert not Interaction.objects.exists()


def test_it_refuses_another_users_contact(client_logged_in, other_user):
    eve = make_contact(other_user, first_name="Eve")

    response = client_logged_in.post(URL, post_data(contact=[eve.pk]))

    assert response.status_code == 422
    assert response.context["form"].errors["contact"]
    assert not Interaction.objects.exists()


def test_it_escapes_hostile_names(client_logged_in, user):
    evil = make_contact(user, first_name="<script>alert(1)</script>")

    response = client_logged_in.get(f"{URL}?contact={evil.pk}")

    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_the_type_ahead_returns_a_fragment(client_logged_in, user):
    make_contact(user, company="Initech")

    response = client_logged_in.get("/people/search/?q=init", headers=htmx())

    assert response.status_code == 200
    assert b'id="search-results"' in response.content
    assert b"<html" not in response.content
    assert b"Ada Lovelace" in response.content


def test_the_type_ahead_works_as_a_page_without_javascript(client_logged_in, user):
    make_contact(user)

    response = client_logged_in.get("/people/search/?q=ada")

    assert b"<html" in response.content
    assert b"Log a meeting with the selected people" in response.content


def test_the_type_ahead_waits_for_two_letters_and_sees_only_own_contacts(
    client_logged_in, user, other_user
):
    make_contact(user)
    make_contact(other_user, first_name="Adalbert")

    assert client_logged_in.get("/people/search/?q=a").context["results"] == []
    results = client_logged_in.get("/people/search/?q=ada").context["results"]
    assert [str(person) for person, _ in results] == ["Ada Lovelace"]


def test_each_result_tells_homonyms_apart_by_their_job_and_last_real_interaction(
    client_logged_in, user
):
    met = make_contact(user, "Tomasz", "Nowak", company="Initech", position="Head of Sales")
    make_interaction(met, kind="met", occurred_at=timezone.now() - timedelta(days=40))
    make_contact(user, "Tomasz", "Nowak", company="Hooli", position="Engineer")

    page = client_logged_in.get("/people/search/?q=tomasz", headers=htmx()).content.decode()

    assert "Head of Sales at Initech · last met 40 days ago" in page
    assert "Engineer at Hooli · no real interaction yet" in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_type_ahead_runs_a_constant_number_of_queries(
    client_logged_in, user, count, django_assert_num_queries
):
    for i in range(count):
        make_contact(user, first_name=f"Ada{i}", company="Initech")

    # session, user, the search (the full-text index), the people found with their last
    # real interaction
    with django_assert_num_queries(4):
        client_logged_in.get("/people/search/?q=ada", headers=htmx())


@pytest.mark.parametrize("ahead", [timedelta(days=1), timedelta(hours=2)])
def test_a_time_still_to_come_is_refused_and_nothing_is_logged(client_logged_in, user, ahead):
    ada = make_contact(user)
    later = timezone.localtime() + ahead

    response = client_logged_in.post(
        URL, post_data(contact=[ada.pk], occurred_at=later.strftime("%Y-%m-%dT%H:%M"))
    )

    assert response.status_code == 422
    assert b"This is still to come" in response.content
    assert not Interaction.objects.filter(owner=user).exists()
