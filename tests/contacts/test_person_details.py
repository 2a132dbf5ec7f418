"""A person's phone numbers, email addresses, websites, birthday and city: edited on the person
form, shown on the person page, phone numbers read in the user's country."""

from datetime import date

import pytest
from django.utils import translation

from contacts.models import ContactDetail, Preferences
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(user):
    return make_contact(user, email="ada@linkedin.example")


def formset(prefix, rows):
    """The POST data of one detail formset: `rows` of (label, value) or (label, value, delete)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, (label, value, *delete) in enumerate(rows):
        if label is not None:
            data[f"{prefix}-{i}-label"] = label
        data[f"{prefix}-{i}-value"] = value
        if delete:
            data[f"{prefix}-{i}-DELETE"] = "on"
    return data


def person_data(contact, **fields):
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        **fields,
    }


def test_phones_emails_websites_birthday_and_city_are_saved(client_logged_in, ada):
    data = person_data(
        ada,
        city="Lyon",
        birthday_day="15",
        birthday_month="3",
        birthday_year="1980",
        **formset("phones", [("mobile", "06 12 34 56 78"), ("work", "+44 20 7946 0958")]),
        **formset("emails", [("home", "ada@home.example"), ("home", "")]),
        **formset("websites", [(None, "ada.example.org")]),
    )

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.city == "Lyon"
    assert ada.birthday.iso() == "1980-03-15"
    assert [(d.label, d.value) for d in ada.phones()] == [
        ("mobile", "+33612345678"),
        ("work", "+442079460958"),
    ]
    assert ada.emails() == ["ada@linkedin.example", "ada@home.example"]
    assert [d.value for d in ada.websites()] == ["ada.example.org"]
    assert {d.source for d in ada.details.all()} == {"manual"}


def test_the_form_shows_the_details_in_the_users_national_format(client_logged_in, ada):
    ada.add_detail("phone", "+33612345678", label="work")

    content = client_logged_in.get(f"/people/{ada.pk}/edit/").content.decode()

    assert 'value="06 12 34 56 78"' in content
    assert 'name="phones-TOTAL_FORMS" value="2"' in content  # the number and a blank row
    assert 'name="emails-TOTAL_FORMS" value="1"' in content
    assert "<template data-empty-row>" in content


def test_an_unreadable_number_is_kept_as_typed_and_flagged(client_logged_in, ada):
    data = person_data(ada, **formset("phones", [("work", "ask reception, ext 12")]))

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data, follow=True)

    detail = ada.details.get()
    assert (detail.value, detail.readable, detail.key) == ("ask reception, ext 12", False, "")
    content = response.content.decode()
    assert "could not be read as a phone number; kept as typed" in content
    assert "Could not be read as a phone number; kept as typed." in content
    assert 'href="tel:' not in content
    edit = client_logged_in.get(f"/people/{ada.pk}/edit/").content.decode()
    assert "Could not be read as a phone number; kept as typed." in edit


def test_the_same_number_written_twice_is_merged(client_logged_in, ada):
    ada.add_detail("phone", "+33612345678", label="mobile")
    rows = [("mobile", "06 12 34 56 78"), ("work", "+33 6 12 34 56 78"), ("home", "0033612345678")]
    data = person_data(
        ada,
        **formset("phones", rows),
        **formset("emails", [("home", "ADA@linkedin.example"), ("work", "a@b.example")] * 2),
    )

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 302
    assert [(d.label, d.value) for d in ada.phones()] == [("mobile", "+33612345678")]
    assert ada.emails() == ["ada@linkedin.example", "a@b.example"]


def test_a_row_ticked_remove_is_removed_and_the_others_keep_their_source(client_logged_in, ada):
    ada.add_detail("phone", "+33612345678", label="mobile", source="linkedin")
    ada.add_detail("phone", "+33698765432", label="home")
    rows = [("work", "06 12 34 56 78"), ("home", "06 98 76 54 32", "delete")]

    client_logged_in.post(f"/people/{ada.pk}/edit/", person_data(ada, **formset("phones", rows)))

    (kept,) = ada.phones()
    assert (kept.value, kept.label, kept.source) == ("+33612345678", "work", "linkedin")


def test_a_form_without_the_details_leaves_them_as_they_are(client_logged_in, ada):
    ada.add_detail("phone", "+33612345678")

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", person_data(ada, city="Nice"))

    assert response.status_code == 302
    assert ada.details.count() == 1


def test_phone_numbers_are_read_in_the_users_country(client_logged_in, user, ada):
    Preferences.objects.filter(owner=user).update(phone_region="US")
    data = person_data(ada, **formset("phones", [("work", "(415) 555-0100")]))

    client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert ada.details.get().value == "+14155550100"


@pytest.mark.parametrize(
    ("day", "month", "year", "field", "error"),
    [
        ("15", "", "", "birthday_month", "Choose the month of this day too."),
        ("", "3", "", "birthday_day", "Choose the day of this month too."),
        ("", "", "1980", "birthday_day", "choose the day and the month too"),
        ("31", "4", "", "birthday_day", "This month has no such day."),
        ("29", "2", "2023", "birthday_year", "2023 is no leap year"),
        ("1", "1", "1700", "birthday_year", "greater than or equal to 1900"),
    ],
)
def test_a_bad_birthday_is_an_error_on_its_field(
    client_logged_in, ada, day, month, year, field, error
):
    data = person_data(
        ada,
        birthday_day=day,
        birthday_month=month,
        birthday_year=year,
        **formset("phones", [("work", "06 12 34 56 78")]),
    )

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 422
    assert error in " ".join(response.context["form"].errors[field])
    assert "data-error-summary" in response.content.decode()
    ada.refresh_from_db()
    assert ada.birthday is None
    assert not ada.details.exists()  # nothing saved, the details neither
    assert 'value="06 12 34 56 78"' in response.content.decode()  # kept as typed


def test_29_february_without_a_year_is_a_birthday(client_logged_in, ada):
    data = person_data(ada, birthday_day="29", birthday_month="2")

    assert client_logged_in.post(f"/people/{ada.pk}/edit/", data).status_code == 302

    ada.refresh_from_db()
    assert ada.birthday.iso() == "--02-29"


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org", "a b.org"])
def test_a_website_that_is_not_a_web_address_is_refused(client_logged_in, ada, website):
    data = person_data(ada, **formset("websites", [(None, website)]))

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 422
    assert "Write a web address" in response.content.decode()
    assert not ada.details.exists()


def test_a_bad_email_address_is_an_error_on_its_row(client_logged_in, ada):
    data = person_data(ada, **formset("emails", [("home", "not an address")]))

    response = client_logged_in.post(f"/people/{ada.pk}/edit/", data)

    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="id_emails-0-value_error"' in content
    assert 'aria-invalid="true"' in content


def test_another_users_person_cannot_be_edited(client_logged_in, other_user):
    eve = make_contact(other_user, first_name="Eve")
    data = person_data(eve, **formset("phones", [("work", "06 12 34 56 78")]))

    assert client_logged_in.post(f"/people/{eve.pk}/edit/", data).status_code == 404
    assert not ContactDetail.objects.exists()


def test_linkedins_edit_tracking_still_works(client_logged_in, ada):
    ada.is_connection = True
    ada.save()
    client_logged_in.post(
        f"/people/{ada.pk}/edit/",
        person_data(ada, email="ada@mine.example", **formset("phones", [])),
    )

    ada.refresh_from_db()
    assert ada.email == "ada@mine.example"
    assert ada.linkedin_says == {"email": "ada@linkedin.example"}


# The person page


def test_the_page_shows_phones_with_tel_and_sms_links_and_emails_with_mailto(client_logged_in, ada):
    ada.add_detail("phone", "+33612345678", label="mobile")
    ada.add_detail("phone", "+442079460958", label="work")
    ada.add_detail("email", "ada@home.example", label="home")

    content = client_logged_in.get(f"/people/{ada.pk}/").content.decode()

    assert '<a class="detail-link" href="tel:+33612345678">06 12 34 56 78</a>' in content
    assert 'href="sms:+33612345678"' in content
    assert '<a class="detail-link" href="tel:+442079460958">+44 20 7946 0958</a>' in content
    assert 'href="mailto:ada@linkedin.example"' in content
    assert 'href="mailto:ada@home.example"' in content
    assert "Phone (mobile)" in content and "Email (home)" in content


def test_a_hostile_website_is_never_a_link_and_text_is_escaped(client_logged_in, user, ada):
    for value in ("javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,<b>x</b>"):
        ContactDetail.build(ada, "website", value, source="address_book").save()
    ContactDetail.build(ada, "website", "https://ok.example/?a=1&b=<i>").save()
    ContactDetail.build(ada, "phone", "<script>alert(1)</script>").save()
    ada.city = "<img src=x onerror=alert(1)>"
    ada.save()

    content = client_logged_in.get(f"/people/{ada.pk}/").content.decode()

    assert 'href="javascript' not in content.lower()
    assert 'href="data:' not in content
    assert "javascript:alert(1)" in content  # shown as text
    assert "<script>alert(1)</script>" not in content
    assert "<img src=x" not in content
    assert "<b>x</b>" not in content
    assert 'href="https://ok.example/?a=1&amp;b=&lt;i&gt;" rel="noopener noreferrer"' in content


def test_the_page_shows_the_birthday_with_the_age_and_the_city(client_logged_in, ada):
    ada.birthday_day, ada.birthday_month, ada.birthday_year = 15, 3, 1980
    ada.city = "Lyon"
    ada.save()

    response = client_logged_in.get(f"/people/{ada.pk}/")

    age = (
        response.context["today"].year
        - 1980
        - (response.context["today"] < date(response.context["today"].year, 3, 15))
    )
    content = response.content.decode()
    assert f"15 March 1980 ({age} years old)" in content
    assert "Lyon" in content


def test_a_birthday_without_a_year_is_shown_in_french(client_logged_in, user, ada):
    Preferences.objects.filter(owner=user).update(language="fr")
    ada.birthday_day, ada.birthday_month = 15, 3
    ada.save()

    content = client_logged_in.get(f"/people/{ada.pk}/").content.decode()

    assert "15 mars" in content
    assert "Anniversaire" in content
    translation.activate("en")


def test_the_region_changes_how_numbers_are_shown_not_how_they_are_stored(
    client_logged_in, user, ada
):
    ada.add_detail("phone", "+33612345678", label="mobile")
    Preferences.objects.filter(owner=user).update(phone_region="GB")

    content = client_logged_in.get(f"/people/{ada.pk}/").content.decode()

    assert ">+33 6 12 34 56 78</a>" in content
    assert ada.details.get().value == "+33612345678"


# Settings


def test_the_phone_region_is_a_setting(client_logged_in, user):
    from tests.contacts.test_settings import valid_data

    page = client_logged_in.get("/settings/").content.decode()
    assert '<option value="GB">GB (+44)</option>' in page

    response = client_logged_in.post("/settings/", valid_data(phone_region="GB"))

    assert response.status_code == 302
    assert Preferences.objects.get(owner=user).phone_region == "GB"
    assert client_logged_in.post("/settings/", valid_data(phone_region="XX")).status_code == 422


def test_a_reset_to_the_defaults_keeps_the_phone_region(client_logged_in, user):
    Preferences.objects.filter(owner=user).update(phone_region="GB", budget=120)

    client_logged_in.post("/settings/reset/")

    prefs = Preferences.objects.get(owner=user)
    assert (prefs.phone_region, prefs.budget) == ("GB", 150)
