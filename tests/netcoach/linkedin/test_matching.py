"""How an import finds each row's person over years of exports: homonyms stay apart, what the
user wrote stays theirs, and the same archive twice changes nothing."""

from django.urls import reverse

from contacts.models import Contact, Interaction, JobChange
from invitations.models import Invitation
from netcoach.linkedin.apply import import_file
from tests.factories import make_contact
from tests.netcoach.linkedin.zips import (
    CONNECTIONS_2023,
    INVITATIONS_2023,
    ME,
    MESSAGES_2023,
    PREAMBLE,
    csv_text,
    make_zip,
    message,
)

# Connections.csv by era: no preamble and no URL to mid-2021; the preamble from 2022; the URL
# from mid-2023.
CONNECTIONS_2021 = "First Name,Last Name,Email Address,Company,Position,Connected On"
JEAN_1 = "https://www.linkedin.com/in/jean-martin-1"
JEAN_2 = "https://www.linkedin.com/in/jean-martin-b2"


def export_2021():
    return make_zip(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2021,
                "Jean,Martin,,Acme,Engineer,12 Mar 2019",
                "Jean,Martin,,Globex,Buyer,03 Sep 2020",
                "Ana,Silva,,Initech,CTO,08 Feb 2018",
            )
        }
    )


def export_2023():
    """Early 2023: the preamble, still no URL; the first Jean Martin changed jobs."""
    return make_zip(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2021,
                "Jean,Martin,,Umbrella,Lead engineer,12 Mar 2019",
                "Jean,Martin,,Globex,Buyer,03 Sep 2020",
                "Ana,Silva,,Initech,CTO,08 Feb 2018",
                preamble=PREAMBLE,
            )
        }
    )


def export_2026():
    return make_zip(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                f"Jean,Martin,{JEAN_2},,Globex,Head of purchasing,03 Sep 2020",
                f"Jean,Martin,{JEAN_1},,Umbrella,Lead engineer,12 Mar 2019",
                "Ana,Silva,https://www.linkedin.com/in/ana-silva,,Initech,CTO,08 Feb 2018",
                preamble=PREAMBLE,
            )
        }
    )


def jeans(user):
    return {
        c.connected_on.year: c for c in Contact.objects.filter(owner=user, name_key="jean martin")
    }


def test_homonyms_of_one_file_are_two_people(user):
    run = import_file(export_2021(), "2021.zip", user)

    people = jeans(user)
    assert {year: (c.company, c.position) for year, c in people.items()} == {
        2019: ("Acme", "Engineer"),
        2020: ("Globex", "Buyer"),
    }
    assert run.counts["connections"]["created"] == 3


def test_homonyms_are_told_apart_by_their_connection_date_across_exports(user):
    import_file(export_2021(), "2021.zip", user)

    run = import_file(export_2023(), "2023.zip", user)

    people = jeans(user)
    assert (people[2019].company, people[2020].company) == ("Umbrella", "Globex")
    change = JobChange.objects.get(import_run=run)
    assert change.contact == people[2019]
    assert (change.old_company, change.new_company) == ("Acme", "Umbrella")
    assert run.counts["connections"] | {"ambiguous": None} == {
        "created": 0, "updated": 1, "unchanged": 2, "hidden": 0, "ambiguous": None
    }  # fmt: skip


def test_each_homonym_receives_its_own_url_when_an_export_brings_them(user):
    import_file(export_2021(), "2021.zip", user)
    import_file(export_2023(), "2023.zip", user)

    run = import_file(export_2026(), "2026.zip", user)

    people = jeans(user)
    assert (people[2019].profile_url, people[2020].profile_url) == (JEAN_1, JEAN_2)
    assert people[2020].position == "Head of purchasing"
    assert Contact.objects.filter(owner=user).count() == 3
    assert run.counts["connections"]["ambiguous"] == []


def test_a_person_entered_by_hand_is_not_guessed_among_homonyms(user):
    """Which of the file's two Jean Martins is the one entered by hand? Nobody can tell: the
    import leaves them apart and says so."""
    by_hand = make_contact(user, "Jean", "Martin", how_we_met="Lyon meetup")

    run = import_file(export_2021(), "2021.zip", user)

    by_hand.refresh_from_db()
    assert (by_hand.is_connection, by_hand.company) == (False, "")
    assert Contact.objects.filter(owner=user, name_key="jean martin").count() == 3
    assert run.counts["connections"]["ambiguous"] == ["Jean Martin", "Jean Martin"]


def test_an_invitation_or_a_message_naming_homonyms_is_linked_to_neither_and_counted(user):
    import_file(export_2021(), "2021.zip", user)
    archive = make_zip(
        {
            "Invitations.csv": csv_text(
                INVITATIONS_2023,
                "Alex Morgan,Jean Martin,1/10/26 9:00 AM,,OUTGOING,,",
            ),
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("c1", "Jean Martin", "", "Alex Morgan", ME, "2026-01-05 10:00:00 UTC"),
            ),
        }
    )

    run = import_file(archive, "2026.zip", user)

    assert Invitation.objects.get(owner=user).contact is None
    assert run.counts["invitations"]["ambiguous"] == 1
    assert not Interaction.objects.filter(owner=user).exists()
    assert run.counts["messages"]["ambiguous"] == 1
    assert Contact.objects.filter(owner=user, name_key="jean martin").count() == 2


def edit(client, contact, **changes):
    fields = ("first_name", "last_name", "company", "position", "email", "profile_url")
    data = {name: getattr(contact, name) for name in fields} | changes
    response = client.post(reverse("contacts:person_edit", args=[contact.pk]), data)
    assert response.status_code == 302, response.content.decode()


def test_what_the_user_corrected_survives_a_reimport_with_linkedins_value_beside_it(
    user, client_logged_in
):
    import_file(export_2021(), "2021.zip", user)
    ana = Contact.objects.get(owner=user, name_key="ana silva")
    edit(client_logged_in, ana, first_name="Anna", company="Initech Lisbon")

    run = import_file(export_2026(), "2026.zip", user)

    ana.refresh_from_db()
    assert (ana.first_name, ana.company, ana.position) == ("Anna", "Initech Lisbon", "CTO")
    assert ana.profile_key == "ana-silva"  # found by LinkedIn's name although the user's differs
    assert ana.linkedin_says == {"first_name": "Ana", "company": "Initech"}
    assert not JobChange.objects.filter(import_run=run, contact=ana).exists()
    page = client_logged_in.get(ana.get_absolute_url()).content.decode()
    assert "LinkedIn says company:</span> <q>Initech</q>" in page
    assert "LinkedIn says first name:</span> <q>Ana</q>" in page


def test_a_job_change_is_linkedins_old_value_to_linkedins_new_one(user, client_logged_in):
    import_file(export_2021(), "2021.zip", user)
    jean = jeans(user)[2019]
    edit(client_logged_in, jean, company="ACME Robotics")

    run = import_file(export_2023(), "2023.zip", user)

    jean.refresh_from_db()
    assert jean.company == "ACME Robotics"
    assert jean.linkedin_says == {"company": "Umbrella"}
    change = JobChange.objects.get(import_run=run)
    assert (change.old_company, change.new_company) == ("Acme", "Umbrella")


def test_one_click_takes_linkedins_value_and_the_next_imports_follow_it(user, client_logged_in):
    import_file(export_2021(), "2021.zip", user)
    jean = jeans(user)[2019]
    edit(client_logged_in, jean, company="ACME Robotics")
    import_file(export_2023(), "2023.zip", user)

    response = client_logged_in.post(
        reverse("contacts:person_take_linkedin", args=[jean.pk, "company"])
    )

    assert response.status_code == 302
    jean.refresh_from_db()
    assert (jean.company, jean.company_key, jean.linkedin_says) == ("Umbrella", "umbrella", {})
    page = client_logged_in.get(jean.get_absolute_url()).content.decode()
    assert "LinkedIn says" not in page


def test_setting_a_field_back_to_linkedins_value_gives_it_back_to_linkedin(user, client_logged_in):
    import_file(export_2021(), "2021.zip", user)
    jean = jeans(user)[2019]
    edit(client_logged_in, jean, position="Staff engineer")
    edit(client_logged_in, jean, position="Engineer")

    import_file(export_2023(), "2023.zip", user)

    jean.refresh_from_db()
    assert (jean.position, jean.linkedin_says) == ("Lead engineer", {})


def test_a_person_entered_by_hand_keeps_what_the_user_typed_when_an_import_links_them(user):
    ana = make_contact(user, "Ana", "Silva", company="Initech Portugal", email="ana@example.org")

    run = import_file(export_2021(), "2021.zip", user)

    ana.refresh_from_db()
    assert (ana.is_connection, ana.company, ana.position) == (True, "Initech Portugal", "CTO")
    assert ana.linkedin_says == {"company": "Initech"}
    assert not JobChange.objects.filter(import_run=run).exists()


def test_the_take_linkedin_action_belongs_to_the_owner(user, other_user, client):
    import_file(export_2021(), "2021.zip", user)
    ana = Contact.objects.get(owner=user, name_key="ana silva")
    ana.linkedin_says = {"company": "Initech"}
    ana.company = "Mine"
    ana.save()
    client.force_login(other_user)

    response = client.post(reverse("contacts:person_take_linkedin", args=[ana.pk, "company"]))

    assert response.status_code == 404
    ana.refresh_from_db()
    assert ana.company == "Mine"


def conversation_before_invitation():
    """The owner wrote to Sam, then invited them; Sam is no connection yet."""
    sam = "https://www.linkedin.com/in/sam-lee"
    return make_zip(
        {
            "Connections.csv": csv_text(CONNECTIONS_2023, preamble=PREAMBLE),
            "Invitations.csv": csv_text(
                INVITATIONS_2023, f"Alex Morgan,Sam Lee,1/10/26 9:00 AM,,OUTGOING,{ME},{sam}"
            ),
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("c1", "Alex Morgan", ME, "Sam Lee", sam, "2026-01-05 10:00:00 UTC"),
            ),
        }
    )


def test_an_invitation_finds_the_contact_its_messages_create_on_the_first_import(user):
    run = import_file(conversation_before_invitation(), "a.zip", user)

    invitation = Invitation.objects.get(owner=user)
    assert invitation.contact is not None
    assert invitation.contact.profile_key == "sam-lee"
    assert run.counts["messages"]["contacts_created"] == 1


def test_a_forced_reimport_of_the_same_archive_changes_nothing(user):
    archive = conversation_before_invitation()
    import_file(archive, "a.zip", user)
    before = list(Invitation.objects.values_list("pk", "contact", "status", "updated_at"))

    run = import_file(archive, "a.zip", user, force=True)

    for name in ("invitations", "messages"):
        assert run.counts[name]["created"] == run.counts[name]["updated"] == 0, name
    assert list(Invitation.objects.values_list("pk", "contact", "status", "updated_at")) == before
    assert Contact.objects.filter(owner=user).count() == 1


def test_the_summary_names_the_homonyms_it_left_apart(user, client_logged_in):
    make_contact(user, "Jean", "Martin")
    run = import_file(export_2021(), "2021.zip", user)

    page = client_logged_in.get(reverse("import_run", args=[run.pk])).content.decode()
    assert "Homonyms left apart" in page
    assert page.count('?q=Jean%20Martin">Jean Martin</a>') == 2
