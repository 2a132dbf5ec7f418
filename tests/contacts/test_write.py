""" "Write to these": one message with fields to the few people a piece of news concerns
(docs/methods.md, "Write to the people it concerns"): a preview per person, one click to copy it
and open their profile, then "I wrote to them" logs it on each timeline, all or nothing."""

import re

import pytest

from contacts import letters
from contacts.models import Contact, Interaction
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.contacts.test_scores import assert_scores_current
from tests.factories import htmx, make_contact, make_user
from tests.test_undo import token_in

pytestmark = pytest.mark.django_db


def tagged(user, n, tag="conference", **kwargs):
    people = []
    for i in range(n):
        person = make_contact(
            user,
            first_name=f"Ana{i}",
            last_name="Silva",
            company="Acme",
            position="Engineer",
            profile_url=f"https://www.linkedin.com/in/ana-{i}",
            **kwargs,
        )
        person.add_tag(tag)
        people.append(person)
    return people


def previews(response) -> list[str]:
    return re.findall(r'<textarea id="message-\d+" rows="3" readonly>([^<]*)</textarea>', response)


def write(client, people, message, action="wrote", wrote=None, headers=None, **extra):
    data = {
        "message": message,
        "contact": [p.pk for p in people],
        "wrote": [p.pk for p in (people if wrote is None else wrote)],
        "wrote_shown": "1",
        "action": action,
        **extra,
    }
    return client.post("/people/write/", data, headers=headers or {})


def test_the_composer_fills_each_persons_fields_in_their_preview(client_logged_in, user):
    ana = make_contact(user, first_name="Ana", last_name="Lima", company="Acme", position="CTO")
    ana.add_tag("paris")
    ben = make_contact(user, first_name="Ben", last_name="Ode", company="Initech")
    ben.add_tag("paris")

    response = write(
        client_logged_in,
        [ana, ben],
        "Hi {first_name} {last_name}, how is {company}? ({position})",
        action="preview",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert previews(page) == ["Hi Ana Lima, how is Acme? (CTO)", "Hi Ben Ode, how is Initech? ()"]
    assert "Not known for them: position" in page


def test_a_filter_opens_the_composer_with_its_people_and_a_greeting(client_logged_in, user):
    tagged(user, 3)
    make_contact(user, first_name="Zed")

    page = client_logged_in.get("/people/write/?tag=conference").content.decode()

    assert previews(page) == ["Hello Ana0,\n\n", "Hello Ana1,\n\n", "Hello Ana2,\n\n"]
    assert page.count("Copy and open their profile") == 3
    assert 'href="https://www.linkedin.com/in/ana-0" target="_blank"' in page
    assert 'data-copy="message-' in page


def test_people_without_a_profile_are_said_so_and_not_ticked(client_logged_in, user):
    (ana,) = tagged(user, 1)
    bob = make_contact(user, first_name="Bob", last_name="Nourl")
    bob.add_tag("conference")

    page = client_logged_in.get("/people/write/?tag=conference").content.decode()

    assert "1 person has no LinkedIn profile known" in page
    assert "No LinkedIn profile known" in page
    assert f'name="wrote" value="{ana.pk}" checked' in page
    assert f'name="wrote" value="{bob.pk}">' in page


@pytest.mark.parametrize(
    "message, named",
    [
        ("Hi {firstname}", "{firstname}"),
        ("Hi {first_name.__class__}", "{first_name.__class__}"),
        ("Hi {0} and {}{x}", "{0}, {x}"),
    ],
)
def test_an_unknown_field_is_a_form_error_naming_it(client_logged_in, user, message, named):
    people = tagged(user, 2)

    response = write(client_logged_in, people, message)

    assert response.status_code == 422
    page = response.content.decode()
    assert f"{named}: use {{first_name}}, {{last_name}}, {{company}}, {{position}}." in page
    assert "Hi {" in page  # the message is kept as typed
    assert not Interaction.objects.exists()


def test_a_lone_brace_is_text(client_logged_in, user):
    people = tagged(user, 1)

    response = write(client_logged_in, people, "Hi {first_name} :-{ see you", action="preview")

    assert previews(response.content.decode()) == ["Hi Ana0 :-{ see you"]


def test_fifty_people_are_a_batch_and_fifty_one_are_refused(client_logged_in, user):
    tagged(user, 50)
    page = client_logged_in.get("/people/write/?tag=conference").content.decode()
    assert len(previews(page)) == 50

    make_contact(user, first_name="Extra").add_tag("conference")
    page = client_logged_in.get("/people/write/?tag=conference").content.decode()

    assert previews(page) == []
    assert "At most 50 people at a time" in page
    assert "51 people is more than 50. The same message to more people is a broadcast" in page


def test_a_post_of_fifty_one_people_is_refused_and_logs_nothing(client_logged_in, user):
    people = tagged(user, 51)

    response = write(client_logged_in, people, "Hi {first_name}")

    assert response.status_code == 422
    assert "51 people is more than 50" in response.content.decode()
    assert not Interaction.objects.exists()


def test_i_wrote_logs_a_one_way_linkedin_message_on_each_timeline(client_logged_in, user):
    people = tagged(user, 3)

    response = write(
        client_logged_in,
        people,
        "Hi {first_name}, see you at {company}?",
        back="/people/?tag=conference",
    )

    assert response.status_code == 302 and response.url == "/people/?tag=conference"
    logged = Interaction.objects.filter(owner=user).order_by("contact__first_name")
    assert [(i.contact.first_name, i.kind, i.direction, i.source, i.summary) for i in logged] == [
        (f"Ana{n}", "linkedin", "from_me", "entered", f"Hi Ana{n}, see you at Acme?")
        for n in range(3)
    ]
    assert_scores_current(user)
    page = client_logged_in.get("/people/?tag=conference").content.decode()
    assert "Logged: your message to 3 people, on each timeline." in page


def test_only_the_people_ticked_are_logged(client_logged_in, user):
    people = tagged(user, 3)

    write(client_logged_in, people, "Hi", wrote=people[:1])

    assert list(Interaction.objects.values_list("contact", flat=True)) == [people[0].pk]


def test_i_wrote_with_nobody_ticked_is_an_error(client_logged_in, user):
    people = tagged(user, 2)

    response = write(client_logged_in, people, "Hi", wrote=[])

    assert response.status_code == 422
    assert "Tick the people you wrote to." in response.content.decode()


def test_undo_deletes_every_message_of_the_batch(client_logged_in, user):
    people = tagged(user, 4)
    write(client_logged_in, people, "Hi {first_name}")
    page = client_logged_in.get("/people/").content.decode()

    undone = client_logged_in.post("/undo/", {"token": token_in(page), "next": "/people/"})

    assert undone.status_code == 302
    assert not Interaction.objects.exists()
    assert_scores_current(user)
    assert (
        "the messages to 4 people are no longer logged"
        in client_logged_in.get("/people/").content.decode()
    )


def test_a_batch_is_all_or_nothing(client_logged_in, user, monkeypatch):
    people = tagged(user, 3)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("contacts.models.ContactQuerySet.refresh_scores", fail)
    with pytest.raises(RuntimeError):
        write(client_logged_in, people, "Hi")

    assert not Interaction.objects.exists()


def test_someone_elses_people_are_refused(client_logged_in, user):
    mallory = make_user("mallory")
    theirs = tagged(mallory, 1)

    response = write(client_logged_in, theirs, "Hi")

    assert response.status_code == 422
    assert not Interaction.objects.exists()
    assert client_logged_in.get(f"/people/write/?contact={theirs[0].pk}").context["people"] == []


def test_htmx_previews_follow_the_message(client_logged_in, user):
    people = tagged(user, 2)

    response = write(client_logged_in, people, "Dear {first_name}", action="", headers=htmx())

    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="write-previews"')
    assert previews(page) == ["Dear Ana0", "Dear Ana1"]


def test_the_bulk_action_opens_the_composer_on_the_selection(client_logged_in, user):
    people = tagged(user, 3)

    response = client_logged_in.post(
        "/people/bulk/",
        {
            "action": "write",
            "scope": "selected",
            "contact": [people[0].pk, people[2].pk],
            "query": "tag=conference",
        },
    )

    assert response.status_code == 302
    page = client_logged_in.get(response.url).content.decode()
    assert previews(page) == ["Hello Ana0,\n\n", "Hello Ana2,\n\n"]
    assert 'href="/people/?tag=conference"' in page


def test_the_people_list_and_the_company_page_link_to_the_composer(client_logged_in, user):
    tagged(user, 2)

    people = client_logged_in.get("/people/?tag=conference").content.decode()
    company = client_logged_in.get("/companies/acme/").content.decode()

    assert 'href="/people/write/?tag=conference&amp;back=' in people
    link = re.search(r'href="(/people/write/\?company=acme[^"]*)"', company).group(1)
    page = client_logged_in.get(link.replace("&amp;", "&")).content.decode()
    assert len(previews(page)) == 2


def test_without_people_the_composer_says_where_to_choose_them(client_logged_in):
    page = client_logged_in.get("/people/write/").content.decode()

    assert "Choose the people first" in page


def test_a_foreign_back_address_is_not_followed(client_logged_in, user):
    people = tagged(user, 1)

    response = write(client_logged_in, people, "Hi", back="https://evil.example/")

    assert response.url == "/people/"


@pytest.mark.parametrize("count", [5, 50])
def test_the_composer_runs_a_constant_number_of_queries(
    client_logged_in, user, count, django_assert_num_queries
):
    tagged(user, count)

    # session, user, the nav's triage count, preferences, the batch's ids, its people
    with django_assert_num_queries(6):
        response = client_logged_in.get("/people/write/?tag=conference")
    assert len(previews(response.content.decode())) == count


def test_the_composer_writes_to_a_company_of_an_imported_archive(client_logged_in, user):
    import_file(
        build_sample_export(connections=120, messages=400, seed=3),
        "Basic_LinkedInDataExport.zip",
        user,
    )
    company = (
        Contact.objects.filter(owner=user)
        .exclude(company_key="")
        .companies()
        .first()["company_key"]
    )
    there = Contact.objects.filter(owner=user, company_key=company)

    page = client_logged_in.get(f"/people/write/?company={company}").content.decode()

    expected = [
        f"Hello {p.first_name},\n\n" for p in there.order_by("last_name", "first_name", "pk")
    ]
    assert 0 < len(expected) <= letters.MAX_PEOPLE
    assert previews(page) == expected
