"""Whose language a page is in (the user's, else the browser's), and dates in that language."""

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from contacts.models import Preferences
from netcoach.formats import localized
from netcoach.widgets import DayInput
from tests.factories import make_user
from tests.test_translations import SAME_IN_BOTH, english_left


@pytest.mark.django_db
def test_the_set_up_account_takes_the_browser_s_language(client):
    client.post(
        "/setup/",
        {
            "username": "camille",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
        headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )
    assert Preferences.objects.get(owner__username="camille").language == "fr"
    assert '<html lang="fr">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_set_up_page_follows_the_browser():
    """Nobody has an account yet: the page, its form and Django's help texts are in the
    browser's language."""
    english = Client().get("/setup/", headers={"accept-language": "en-US,en;q=0.9"})
    french = Client().get("/setup/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    english, french = english.content.decode(), french.content.decode()
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert "Bienvenue dans netcoach" in french and "Créer mon compte" in french
    assert not english_left(english, french, set(SAME_IN_BOTH))


@pytest.mark.django_db
def test_the_set_up_page_says_what_is_wrong_in_french():
    response = Client().post(
        "/setup/",
        {"username": "camille", "password1": "123", "password2": "123"},
        headers={"accept-language": "fr-FR,fr;q=0.9"},
    )
    page = response.content.decode()
    assert "Ce mot de passe est trop court" in page
    assert "This password is too short" not in page


@pytest.mark.django_db
def test_an_account_made_otherwise_keeps_the_language_of_its_first_page():
    user = make_user(username="dominique")
    Preferences.objects.filter(owner=user).update(language="")
    client = Client(headers={"accept-language": "fr-CA,fr;q=0.9"})
    client.force_login(user)
    assert '<html lang="fr">' in client.get("/").content.decode()
    assert Preferences.objects.get(owner=user).language == "fr"
    # Chosen once: the browser no longer decides.
    assert '<html lang="fr">' in client.get("/", headers={"accept-language": "en"}).content.decode()


@pytest.mark.django_db
def test_a_user_s_language_is_theirs_alone():
    english, french = make_user(username="ed"), make_user(username="fanny")
    Preferences.objects.filter(owner=french).update(language="fr")
    for user, lang in ((english, "en"), (french, "fr")):
        client = Client(headers={"accept-language": "fr" if lang == "en" else "en"})
        client.force_login(user)
        assert f'<html lang="{lang}">' in client.get("/").content.decode()


def test_dates_are_written_in_the_language():
    day = date(2026, 11, 28)
    with translation.override("fr"):
        assert localized(day) == "28 nov. 2026"
        assert localized(day, "WEEKDAY_DATE_FORMAT") == "samedi 28 nov."
        assert localized(date(2020, 2, 14)) == "14 fév. 2020"
    with translation.override("en"):
        assert localized(day) == "Nov 28, 2026"
        assert localized(day, "WEEKDAY_DATE_FORMAT") == "Sat, Nov 28"


def test_a_day_input_is_iso_in_every_language():
    with translation.override("fr"):
        html = DayInput().render("on", date(2026, 11, 28))
    assert 'value="2026-11-28"' in html and 'type="date"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/people/", "/invitations/", "/review/", "/settings/"])
def test_a_page_in_french_costs_the_queries_it_costs_in_english(url):
    """Translation asks the database nothing: the same page, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_contact, make_invitation

    user = make_user()
    for i in range(3):
        make_contact(user, first_name=f"Person {i}")
    make_invitation(user)
    client = Client()
    client.force_login(user)
    counts = {}
    for language in ("en", "fr", "en"):
        Preferences.objects.filter(owner=user).update(language=language)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.setdefault(language, []).append(len(queries))
    assert counts["fr"][0] == counts["en"][-1], counts
