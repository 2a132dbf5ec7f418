"""Matching address book cards to people, the preview, and the all-or-nothing apply."""

import pytest

from contacts.address_book.read import AddressBookError
from contacts.models import Birthday, Contact, ContactDetail, ImportRun, Preferences
from tests.contacts.address_book.helpers import book, import_book, plan, vcf
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def card(body: str) -> str:
    return f"BEGIN:VCARD\nVERSION:3.0\n{body.strip()}\nEND:VCARD\n"


def test_an_ios_export_creates_its_people_with_their_details_tags_and_uid(user):
    run = import_book(user, book("ios.vcf"))
    ada = Contact.objects.get(owner=user, last_name="Lovelace")
    assert (ada.company, ada.position, ada.city) == (
        "Analytical Engines Ltd",
        "Chief Mathematician",
        "London",
    )
    assert ada.birthday == Birthday(12, 10)
    assert ada.profile_url == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.uid == "7C3A9D4E-1234-4D2A-9C1B-2F0E5A6B7C8D"
    assert ada.how_we_met == "Met at the Royal Society, 1843.\nAsk about the engine."
    assert ada.source == Contact.Source.MANUAL
    assert sorted(t.name for t in ada.tags.all()) == ["Friends", "Mathematics"]
    details = {(d.kind, d.label, d.value, d.source) for d in ada.details.all()}
    assert details == {
        ("phone", "mobile", "+442079460958", "address_book"),
        # A national number of another country than the owner's is kept as written.
        ("phone", "work", "020 7946 0000", "address_book"),
        ("email", "work", "ada@engines.example", "address_book"),
        ("email", "home", "ada.home@example.org", "address_book"),
        ("website", "other", "https://ada.example.org", "address_book"),
    }
    assert run.counts["created"] == 2
    assert set(run.counts["created_ids"]) == set(
        Contact.objects.filter(owner=user).values_list("pk", flat=True)
    )


def test_phone_numbers_are_read_in_the_owners_region(user):
    Preferences.objects.filter(owner=user).update(phone_region="GB")
    import_book(user, book("ios.vcf"))
    charles = Contact.objects.get(owner=user, last_name="Babbage")
    assert [d.value for d in charles.phones()] == ["+447700900123"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(user):
    for name in ("ios.vcf", "google.vcf", "android21.vcf", "google_new.csv", "google_old.csv",
                 "outlook.csv", "outlook.vcf", "v4.vcf", "hostile.vcf"):  # fmt: skip
        import_book(user, book(name))
        people = Contact.objects.filter(owner=user).count()
        details = ContactDetail.objects.filter(owner=user).count()
        again = plan(book(name), user)
        assert again.nothing_new, name
        run = import_book(user, book(name))
        assert run.counts["created"] == run.counts["enriched"] == 0
        assert run.counts["unchanged"] == run.counts["cards"]
        assert Contact.objects.filter(owner=user).count() == people
        assert ContactDetail.objects.filter(owner=user).count() == details


def test_a_card_enriches_the_person_its_email_names_and_never_overwrites_a_field(user):
    ada = make_contact(user, "Ada", "Lovelace", company="My own words for her company")
    ada.add_detail("email", "ADA@engines.example")
    result = plan(
        vcf(
            card("""
N:Lovelace;Ada
EMAIL:ada@engines.example
ORG:Analytical Engines Ltd
TITLE:Mathematician
TEL;TYPE=CELL:+44 20 7946 0958
BDAY:--12-10
""")
        ),
        user,
    )
    (entry,) = result.enriched
    assert entry.person.pk == ada.pk
    assert entry.changes.fields == ["position", "birthday"]
    assert (entry.changes.phones, entry.changes.emails) == (1, 0)
    import_book(user, result.book)
    ada.refresh_from_db()
    assert ada.company == "My own words for her company"
    assert (ada.position, ada.birthday) == ("Mathematician", Birthday(12, 10))
    assert [d.value for d in ada.phones()] == ["+442079460958"]


def test_a_phone_number_written_another_way_finds_the_person(user):
    ada = make_contact(user, "Ada", "L.")
    ada.add_detail("phone", "+33 6 12 34 56 78")
    result = plan(vcf(card("FN:Ada Lovelace\nTEL:06 12 34 56 78\nORG:Engines")), user)
    assert [e.person.pk for e in result.enriched] == [ada.pk]


def test_a_linkedin_profile_finds_the_person_and_a_netcoach_uid_comes_first(user):
    ada = make_contact(user, "Ada", "Lovelace", profile_url="https://linkedin.com/in/ada-l/")
    grace = make_contact(user, "Grace", "Hopper", email="grace@navy.example")
    grace.uid = "urn:uuid:grace"
    grace.save()
    result = plan(
        vcf(
            card(
                "FN:Ada\nX-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/Ada-L\nTITLE:Countess"
            )
            + card("FN:Someone\nUID:urn:uuid:grace\nEMAIL:ada@other.example\nTITLE:Admiral")
        ),
        user,
    )
    assert [e.person.pk for e in result.enriched] == [ada.pk, grace.pk]


def test_a_name_alone_never_merges_but_is_offered_as_maybe_the_same(user):
    ada = make_contact(user, "Ada", "Lovelace", company="Engines")
    result = plan(vcf(card("N:Lovelace;Ada\nORG:Other Co\nTITLE:Poet")), user)
    (entry,) = result.questions
    assert (entry.question, entry.choice, entry.action) == ("same_name", "new", "new")
    assert [p.pk for p in entry.candidates] == [ada.pk]
    import_book(user, result.book)
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 2
    ada.refresh_from_db()
    assert ada.position == ""


def test_the_user_may_enrich_the_namesake_or_skip_the_card(user):
    ada = make_contact(user, "Ada", "Lovelace")
    address_book = vcf(card("N:Lovelace;Ada\nTITLE:Poet") + card("N:Hopper;Grace\nTITLE:Admiral"))
    make_contact(user, "Grace", "Hopper")
    import_book(user, address_book, decisions={1: f"c{ada.pk}", 2: "skip"})
    ada.refresh_from_db()
    assert ada.position == "Poet"
    assert Contact.objects.filter(owner=user).count() == 2
    assert Contact.objects.get(owner=user, first_name="Grace").position == ""


def test_a_card_naming_two_people_is_ambiguous_and_skipped_unless_decided(user):
    ada = make_contact(user, "Ada", "Lovelace")
    ada.add_detail("email", "ada@example.org")
    other = make_contact(user, "Augusta", "King")
    other.add_detail("phone", "+33612345678")
    address_book = vcf(
        card("FN:Ada King\nEMAIL:ada@example.org\nTEL:+33 6 12 34 56 78\nTITLE:Countess")
    )
    (entry,) = plan(address_book, user).questions
    assert (entry.question, entry.choice, entry.action) == ("ambiguous", "skip", "skip")
    assert {p.pk for p in entry.candidates} == {ada.pk, other.pk}
    run = import_book(user, address_book)
    assert run.counts["skipped"] == 1
    assert not Contact.objects.filter(owner=user, position="Countess").exists()
    import_book(user, address_book, decisions={1: f"c{other.pk}"})
    other.refresh_from_db()
    assert other.position == "Countess"
    # A choice that is not among the candidates is the default: skipped.
    assert plan(address_book, user, {1: "c999999"}).questions[0].choice == "skip"


def test_two_cards_of_one_file_sharing_an_email_are_one_new_person(user):
    run = import_book(
        user,
        vcf(
            card("FN:Ada Lovelace\nEMAIL:ada@example.org")
            + card("FN:Ada L.\nEMAIL:ADA@example.org\nTEL:+33612345678")
        ),
    )
    (ada,) = Contact.objects.filter(owner=user)
    assert ada.full_name == "Ada Lovelace"
    assert sorted(d.value for d in ada.details.all()) == ["+33612345678", "ada@example.org"]
    assert (run.counts["created"], run.counts["merged"]) == (1, 1)


def test_a_hostile_file_is_stored_as_text(user):
    import_book(user, book("hostile.vcf"))
    (person,) = Contact.objects.filter(owner=user)
    assert person.first_name == "<script>alert(1)</script>"
    assert person.company == "=cmd|' /C calc'!A0"
    assert "\u202e" not in person.position
    assert [d.value for d in person.websites()] == ["http://example.org/<script>alert(1)</script>"]


def test_a_broken_file_leaves_the_database_unchanged(user):
    make_contact(user)
    with pytest.raises(AddressBookError):
        import_book(user, book("broken_middle.vcf"))
    assert Contact.objects.filter(owner=user).count() == 1
    assert not ImportRun.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(user, monkeypatch):
    from contacts.address_book import apply

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.Tag.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_book(user, book("ios.vcf"))
    assert not Contact.objects.filter(owner=user).exists()
    assert not ContactDetail.objects.exists()


def test_another_users_people_are_never_matched(user, other_user):
    theirs = make_contact(other_user, "Ada", "Lovelace")
    theirs.add_detail("email", "ada@engines.example")
    result = plan(book("ios.vcf"), user)
    assert len(result.new) == 2 and not result.questions
