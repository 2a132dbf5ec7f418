"""Phone numbers are stored in E.164 and shown in the user's national format; an unreadable one
is kept as typed, flagged."""

import pytest

from contacts import phones
from contacts.models import Birthday, ContactDetail, Preferences
from tests.factories import make_contact


@pytest.mark.parametrize(
    ("typed", "region", "stored", "shown"),
    [
        ("06 12 34 56 78", "FR", "+33612345678", "06 12 34 56 78"),
        ("0033 6 12 34 56 78", "FR", "+33612345678", "06 12 34 56 78"),
        ("+44 20 7946 0958", "FR", "+442079460958", "+44 20 7946 0958"),
        ("(415) 555-0100", "US", "+14155550100", "(415) 555-0100"),
        ("07700 900123", "GB", "+447700900123", "07700 900123"),
    ],
)
def test_a_number_is_stored_in_e164_and_shown_in_the_national_format(typed, region, stored, shown):
    phone = phones.read(typed, region)
    assert phone.readable
    assert phone.value == stored
    assert phones.shown(phone.value, region) == shown


@pytest.mark.parametrize("typed", ["call reception", "12", "+", "ext. 4"])
def test_an_unreadable_number_is_kept_as_typed_and_flagged(typed):
    phone = phones.read(typed, "FR")
    assert (phone.value, phone.readable, phone.key) == (typed, False, "")
    assert phones.shown(phone.value, "FR") == typed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "region", "searched"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 12 34", "FR", "+3361234"),  # the first digits: a prefix of the stored number
        ("+44 20 79", "FR", "+442079"),
        ("020 7946", "GB", "+44207946"),
        ("8 029 123", "BY", "+37529123"),  # Belarus dials "8 0" before the area code
        ("415 555 0100", "US", "+14155550100"),
        ("123456", "FR", None),  # no trunk prefix, no valid number: words
        ("06 12", "FR", None),  # too few digits
        ("06 12 ab", "FR", None),
        ("", "FR", None),
    ],
)
def test_a_number_typed_in_a_search_is_the_start_of_its_stored_form(typed, region, searched):
    assert phones.searched(typed, region) == searched


def test_a_detail_reads_the_number_in_the_owners_region(user):
    Preferences.objects.filter(owner=user).update(phone_region="US")
    person = make_contact(user, first_name="Ada")
    assert person.add_detail("phone", "(415) 555-0100", label="mobile")
    detail = person.details.get()
    assert (detail.value, detail.key, detail.readable) == ("+14155550100", "+14155550100", True)
    assert detail.href == "tel:+14155550100"
    assert detail.sms_href == "sms:+14155550100"
    # The same number written another way is the same number.
    assert not person.add_detail("phone", "+1 415 555 0100")
    assert person.details.count() == 1


@pytest.mark.django_db
def test_an_address_is_the_same_in_any_case_and_linkedins_is_not_added_twice(user):
    person = make_contact(user, first_name="Ada", email="ada@example.org")
    assert not person.add_detail("email", "ADA@example.org")
    assert person.add_detail("email", "ada@home.example", label="home")
    assert not person.add_detail("email", "Ada@Home.Example")
    assert person.emails() == ["ada@example.org", "ada@home.example"]
    assert ContactDetail.key_of("website", "https://www.Example.org/") == "example.org"


def test_a_birthday_without_a_year_may_be_29_february():
    leap = Birthday(2, 29)
    assert leap.iso() == "--02-29"
    assert Birthday(3, 15, 1980).iso() == "1980-03-15"
    from datetime import date

    assert leap.next_on_or_after(date(2027, 1, 10)) == date(2027, 2, 28)
    assert leap.next_on_or_after(date(2028, 1, 10)) == date(2028, 2, 29)
    with pytest.raises(ValueError):
        Birthday(2, 30)
    with pytest.raises(ValueError):
        Birthday(2, 29, 2027)
