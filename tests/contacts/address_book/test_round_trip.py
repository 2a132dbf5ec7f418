"""vCards out and back in: what netcoach exports, netcoach imports as the same people."""

import hashlib

import pytest

from contacts.address_book.apply import apply_address_book
from contacts.address_book.read import read_address_book
from contacts.models import Contact, ContactDetail
from tests.contacts.test_vcards import make_ada
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>; é, "quoted"\\ back\\slash'


def exported(client, user) -> bytes:
    client.force_login(user)
    response = client.get("/people/export.vcf")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def import_into(owner, data: bytes):
    book = read_address_book(data, "netcoach.vcf")
    sha256 = hashlib.sha256(data).hexdigest()
    return apply_address_book(book, owner, file_name="netcoach.vcf", sha256=sha256)


def person(contact: Contact) -> tuple:
    """What a person is, as a card can carry it (not their id, owner or when they were made).

    Their email addresses are one set: the address a LinkedIn export gave (`Contact.email`)
    comes back as one of their addresses, like the others."""
    details = ContactDetail.objects.filter(contact=contact)
    emails = {key for kind, key in details.values_list("kind", "key") if kind == "email"}
    others = sorted(details.exclude(kind="email").values_list("kind", "label", "key"))
    return (
        contact.first_name,
        contact.last_name,
        contact.company,
        contact.position,
        contact.city,
        contact.profile_key,
        contact.how_we_met,
        (contact.birthday_day, contact.birthday_month, contact.birthday_year),
        tuple(sorted(emails | ({contact.email.lower()} if contact.email else set()))),
        tuple(others),
        tuple(sorted(contact.tags.values_list("name", flat=True))),
    )


def people_of(owner) -> list[tuple]:
    return sorted(person(c) for c in Contact.objects.filter(owner=owner))


def a_network(user):
    make_ada(user)
    make_contact(
        user, "Grace", "Hopper", company="Navy", position="Rear admiral", birthday_day=9,
        birthday_month=12,
    )  # fmt: skip
    make_contact(user, "Émile", "Zola", how_we_met=HOSTILE, company=HOSTILE)


def test_an_export_imported_into_an_empty_account_gives_the_same_people(client, user, other_user):
    a_network(user)

    run = import_into(other_user, exported(client, user))

    assert run.counts["created"] == 3
    assert people_of(other_user) == people_of(user)
    # The cards' identifiers came along: a newer export updates them instead of adding people.
    mine = set(Contact.objects.filter(owner=user).values_list("uid", flat=True))
    theirs = set(Contact.objects.filter(owner=other_user).values_list("uid", flat=True))
    assert mine == theirs and "" not in mine


def test_an_export_imported_back_into_its_own_account_changes_nothing(client, user):
    a_network(user)
    before = people_of(user)

    run = import_into(user, exported(client, user))

    assert (run.counts["created"], run.counts["enriched"]) == (0, 0)
    assert run.counts["unchanged"] == 3
    assert people_of(user) == before


def test_a_newer_export_completes_the_people_an_earlier_one_brought(client, user, other_user):
    a_network(user)
    import_into(other_user, exported(client, user))
    grace = Contact.objects.get(owner=user, last_name="Hopper")
    grace.add_detail("phone", "+1 202 555 0143", label="work")

    run = import_into(other_user, exported(client, user))

    assert (run.counts["created"], run.counts["enriched"]) == (0, 1)
    assert people_of(other_user) == people_of(user)
