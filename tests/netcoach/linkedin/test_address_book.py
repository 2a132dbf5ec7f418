"""Contacts.csv, the address book the owner once uploaded to LinkedIn: its email addresses and
phone numbers added to the people its rows find by profile, then address, then number (never by
name alone); ambiguous rows counted and warned; a re-import adds nothing."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contacts.models import Contact, ContactDetail, Preferences
from netcoach.linkedin.apply import import_file, summary_lines
from tests.factories import make_contact
from tests.netcoach.linkedin.zips import (
    ANA,
    BEN,
    CONNECTIONS_2023,
    PREAMBLE,
    PROFILE_CSV,
    csv_text,
    make_zip,
    read,
)

ADDRESS_BOOK = (
    "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,Addresses,Sites,"
    "InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,Profiles"
)
ZIP_NAME = "Basic_LinkedInDataExport_02-08-2026.zip"


def book_row(first, last, emails="", phones="", profiles="", source="GOOGLE_CONTACTS") -> str:
    """One row of Contacts.csv as LinkedIn writes it: multi-valued fields quoted."""
    fields = [source, first, last, "Acme", "", emails, phones, "2/8/26, 9:56 AM", "", "", "",
              f"{first} {last}".strip(), "", "", "", profiles]  # fmt: skip
    return ",".join(f'"{f}"' if any(c in f for c in ',"\n') else f for f in fields)


def archive(*rows, header=ADDRESS_BOOK, **extra) -> dict[str, str]:
    """Ana and Ben as connections, the owner's profile, and Contacts.csv holding `rows`."""
    connections = csv_text(
        CONNECTIONS_2023,
        f"Ana,Silva,{ANA},,Acme,CTO,08 Feb 2023",
        f"Ben,Smith,{BEN},,Globex,Engineer,01 Jan 2022",
        preamble=PREAMBLE,
    )
    return {
        "Connections.csv": connections,
        "Profile.csv": PROFILE_CSV,
        "Contacts.csv": csv_text(header, *rows),
        **extra,
    }


def details(user):
    return sorted(
        ContactDetail.objects.filter(owner=user).values_list(
            "contact__first_name", "kind", "value", "source"
        )
    )


def warnings(run):
    return [(w["file"], w["line"], w["column"], w["message"]) for w in run.warnings]


@pytest.fixture
def french_numbers(user):
    Preferences.objects.update_or_create(owner=user, defaults={"phone_region": "FR"})


# -- Reading --------------------------------------------------------------------------------


def test_a_row_gives_each_address_and_number_of_its_multi_valued_fields_once():
    export = read(
        archive(
            book_row(
                "Ana",
                "Silva",
                emails="ana@acme.com,ana.silva@gmail.com; ana@acme.com",
                phones="06 12 34 56 78,+44 20 7946 0958",
                profiles="www.linkedin.com/in/Ana-Silva/",
            )
        )
    )

    [row] = export.address_book
    assert row.line == 2
    assert row.emails == ["ana@acme.com", "ana.silva@gmail.com"]
    assert row.phones == ["06 12 34 56 78", "+44 20 7946 0958"]
    assert row.profile_keys == ["ana-silva"]
    assert export.files["address_book"] == "Contacts.csv"
    assert export.warnings == []


def test_a_value_that_is_not_an_address_is_left_out_with_its_file_line_and_column():
    export = read(
        archive(
            book_row("Ana", "Silva", emails="ana@acme.com"),
            book_row("Eve", "", emails="<script>alert(1)</script>,eve@", phones="=HYPERLINK()"),
        )
    )

    # Eve's row has nothing left to add: it is read, counted, and finds no one.
    assert [r.emails for r in export.address_book] == [["ana@acme.com"]]
    assert export.address_book_rows == 2
    assert [(w.file, w.line, w.column, str(w.message)) for w in export.warnings] == [
        ("Contacts.csv", 3, "Emails", "'<script>alert(1)</script>' is not an email address: not added"),
        ("Contacts.csv", 3, "Emails", "'eve@' is not an email address: not added"),
        ("Contacts.csv", 3, "PhoneNumbers", "'=HYPERLINK()' is not a phone number: not added"),
    ]  # fmt: skip


def test_a_contacts_csv_without_its_columns_is_left_out_and_the_rest_is_imported():
    export = read(archive("Ana,Silva,ana@acme.com", header="First Name,Last Name,E-mail"))

    assert "address_book" not in export.files
    assert len(export.connections) == 2
    [seen] = [f for f in export.files_seen if f.name == "Contacts.csv"]
    assert (seen.status, str(seen.note)) == ("known", "not read: missing Emails, PhoneNumbers")
    [warning] = export.warnings
    assert (warning.file, warning.line, warning.column) == (
        "Contacts.csv",
        1,
        "Emails, PhoneNumbers",
    )
    assert "Contacts.csv is missing the columns Emails, PhoneNumbers" in str(warning.message)


# -- Applying -------------------------------------------------------------------------------


def test_a_row_finds_its_person_by_profile_then_address_then_number(user, french_numbers):
    cleo = make_contact(user, "Cléo", "Durand", email="cleo@old.example")
    dan = make_contact(user, "Dan", "Brown")
    dan.add_detail("phone", "+33 6 99 88 77 66")
    files = archive(
        book_row("A.", "S.", emails="ana@acme.com", profiles=ANA),
        book_row("", "", emails="CLEO@old.example,cleo@new.example", phones="07 11 22 33 44"),
        book_row("Daniel", "B", emails="dan@brown.example", phones="06 99 88 77 66"),
    )

    run = import_file(make_zip(files), ZIP_NAME, user)

    assert details(user) == [
        ("Ana", "email", "ana@acme.com", "linkedin"),
        ("Cléo", "email", "cleo@new.example", "linkedin"),
        ("Cléo", "phone", "+33711223344", "linkedin"),
        ("Dan", "email", "dan@brown.example", "linkedin"),
        ("Dan", "phone", "+33699887766", "manual"),
    ]
    assert run.counts["address_book"] == {
        "rows": 3, "matched": 3, "unmatched": 0, "ambiguous": 0, "emails": 3, "phones": 1,
        "people": 3,
    }  # fmt: skip
    assert Contact.objects.get(pk=cleo.pk).email == "cleo@old.example"


def test_a_name_alone_never_finds_anyone_and_nobody_is_created(user):
    make_contact(user, "Zoé", "Martin")
    before = Contact.objects.filter(owner=user).count() + 2  # Ana and Ben, from Connections.csv

    run = import_file(
        make_zip(archive(book_row("Zoé", "Martin", emails="zoe@martin.example"))), ZIP_NAME, user
    )

    assert details(user) == []
    assert Contact.objects.filter(owner=user).count() == before
    assert run.counts["address_book"]["unmatched"] == 1


def test_a_row_two_people_share_an_address_with_is_counted_and_warned_not_applied(user):
    make_contact(user, "Tom", "One", email="team@shared.example")
    make_contact(user, "Tim", "Two").add_detail("email", "Team@Shared.example")

    run = import_file(
        make_zip(archive(book_row("T", "", emails="team@shared.example,tom@one.example"))),
        ZIP_NAME,
        user,
    )

    assert not ContactDetail.objects.filter(owner=user, source="linkedin").exists()
    assert run.counts["address_book"]["ambiguous"] == 1
    assert warnings(run) == [("Contacts.csv", 2, "Emails", "T matches 2 contacts: nothing added")]


def test_what_the_user_wrote_is_kept_and_a_reimport_adds_nothing(user, french_numbers):
    ana = make_contact(user, "Ana", "Silva", profile_url=ANA)
    ana.add_detail("phone", "06 12 34 56 78", label="mobile")
    ana.add_detail("email", "Ana@Acme.com", label="work")
    files = archive(
        book_row(
            "Ana", "Silva", emails="ana@acme.com,ana.s@home.example", phones="+33612345678",
            profiles=ANA,
        ),
        # Found by the address the row above brings: on the first import as on the next.
        book_row("", "", emails="ana.s@home.example", phones="+33 1 23 45 67 89"),
    )  # fmt: skip

    first = import_file(make_zip(files), ZIP_NAME, user)
    second = import_file(make_zip(files), ZIP_NAME, user, force=True)

    assert details(user) == [
        ("Ana", "email", "Ana@Acme.com", "manual"),
        ("Ana", "email", "ana.s@home.example", "linkedin"),
        ("Ana", "phone", "+33123456789", "linkedin"),
        ("Ana", "phone", "+33612345678", "manual"),
    ]
    assert ana.details.get(kind="phone", source="manual").label == "mobile"
    assert first.counts["address_book"]["emails"] == 1
    assert second.counts["address_book"] == {
        "rows": 2, "matched": 2, "unmatched": 0, "ambiguous": 0, "emails": 0, "phones": 0,
        "people": 0,
    }  # fmt: skip


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, user):
    ana = make_contact(user, "Ana", "Silva", profile_url=ANA)
    client.force_login(user)
    files = archive(
        book_row('<img src=x onerror="alert(1)">', "", emails="ana+<b>@acme.com", profiles=ANA),
        book_row("<script>x</script>", "", emails="=cmd|' /C calc'!A0@evil.example"),
    )

    run = import_file(make_zip(files), ZIP_NAME, user)

    assert details(user) == []  # neither is an address: nothing added
    page = client.get(reverse("import_run", args=[run.pk])).content.decode()
    assert "<script>x" not in page and "&lt;b&gt;" in page
    assert ana.details.count() == 0


def test_the_summary_lists_the_file_and_its_counts(client, user):
    make_contact(user, "Zoé", "Martin")
    client.force_login(user)
    files = archive(
        book_row("Ana", "Silva", emails="ana@acme.com,ana@home.example", profiles=ANA),
        book_row("Zoé", "Martin", emails="zoe@martin.example"),
        "",
    )

    run = import_file(make_zip(files), ZIP_NAME, user)

    line = (
        "Address book (Contacts.csv): rows 2, matched 1, matching nobody 1, ambiguous 0; added: "
        "email addresses 2, phone numbers 0, people completed 1"
    )
    assert line in summary_lines(run)
    assert "Files read (3): Connections.csv, Profile.csv, Contacts.csv" in summary_lines(run)
    page = client.get(reverse("import_run", args=[run.pk])).content.decode()
    assert line in page
    assert "<code>Contacts.csv</code></td><td>read" in page


def test_the_address_book_is_applied_in_a_few_queries_whatever_its_rows(user):
    people = [make_contact(user, f"P{i}", "X", email=f"p{i}@x.example") for i in range(30)]
    rows = [book_row("", "", emails=f"p{i}@x.example,p{i}@y.example", phones=f"06 00 00 00 {i:02}")
            for i in range(len(people))]  # fmt: skip

    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            import_file(make_zip(archive(*rows)), ZIP_NAME, user, force=True)
        return len(captured)

    queries(rows[:1])  # the first import of Connections.csv creates Ana and Ben
    few, many = queries(rows[:3]), queries(rows)
    # The last import adds 27 people's details the one before did not: the same queries.
    assert many == few
    assert ContactDetail.objects.filter(owner=user, source="linkedin").count() == 60


def test_the_summary_and_the_warnings_are_in_french_for_a_french_reader(client, user):
    Preferences.objects.update_or_create(owner=user, defaults={"language": "fr"})
    make_contact(user, "Tom", "One", email="team@shared.example")
    make_contact(user, "Tim", "Two", email="TEAM@shared.example")
    client.force_login(user)
    files = archive(book_row("T", "", emails="team@shared.example,eve@"))

    run = import_file(make_zip(files), ZIP_NAME, user)

    with translation.override("fr"):
        assert (
            "Carnet d’adresses (Contacts.csv)\u00a0: lignes 1, retrouvées 0, ne retrouvant "
            "personne 0, ambiguës 1\u00a0; ajoutés\u00a0: adresses e-mail 0, numéros de "
            "téléphone 0, personnes complétées 0"
        ) in summary_lines(run)
    page = unescape(client.get(reverse("import_run", args=[run.pk])).content.decode())
    assert "Carnet d’adresses (Contacts.csv)\u00a0: lignes 1, retrouvées 0" in page
    assert "'eve@' n’est pas une adresse e-mail\u00a0: non ajoutée" in page
    assert "T correspond à 2 contacts\u00a0: rien n’est ajouté" in page
