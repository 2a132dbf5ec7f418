"""The contacts pages, their htmx fragments, messages and exports in French."""

import csv
import html
import io

import pytest
from django.utils import translation

from contacts import relationships
from contacts.models import Preferences
from tests.factories import htmx, make_contact, make_interaction, make_job_change, make_note

BOM = b"\xef\xbb\xbf"
FRENCH_HEADER = [
    "Nom complet",
    "Prénom",
    "Nom",
    "Entreprise",
    "Poste",
    "Profil LinkedIn",
    "E-mail",
    "Dernière interaction réelle",
    "Interaction plus récente, non réelle",
]
ENGLISH_HEADER = [
    "Name",
    "First name",
    "Last name",
    "Company",
    "Position",
    "Profile URL",
    "Email",
    "Last real interaction",
    "Later interaction, not real",
]


def in_french(user):
    Preferences.objects.filter(owner=user).update(language="fr")


def body(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def rows(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))


@pytest.fixture
def people(user):
    ada = make_contact(
        user, first_name="Élodie", last_name="Dupré", company="Acme; Cie", position="=cmd"
    )
    make_interaction(ada, occurred_at="2026-02-03 10:00")
    return ada


# --- The CSV export in two forms ------------------------------------------------------------


def test_in_french_the_export_is_for_a_spreadsheet_by_default(client_logged_in, user, people):
    in_french(user)

    response = client_logged_in.get("/people/export.csv")

    data = body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert data.startswith(BOM)
    assert rows(data[len(BOM) :], ";") == [
        FRENCH_HEADER,
        ["Élodie Dupré", "Élodie", "Dupré", "Acme; Cie", "'=cmd", "", "", "2026-02-03", ""],
    ]
    # The semicolon of a cell is quoted, not a separator.
    assert b'"Acme; Cie"' in data
    assert 'filename="personnes.csv"' in response["Content-Disposition"]


def test_in_french_plain_csv_stays_available(client_logged_in, user, people):
    in_french(user)

    data = body(client_logged_in.get("/people/export.csv?format=csv"))

    assert not data.startswith(BOM)
    assert rows(data, ",")[0] == FRENCH_HEADER
    assert rows(data, ",")[1][:5] == ["Élodie Dupré", "Élodie", "Dupré", "Acme; Cie", "'=cmd"]


def test_in_english_the_export_is_plain_csv_by_default(client_logged_in, people):
    data = body(client_logged_in.get("/people/export.csv"))

    assert not data.startswith(BOM)
    assert rows(data, ",")[0] == ENGLISH_HEADER


def test_in_english_the_spreadsheet_form_has_a_bom_and_commas(client_logged_in, people):
    data = body(client_logged_in.get("/people/export.csv?format=spreadsheet"))

    assert data.startswith(BOM)
    assert rows(data[len(BOM) :], ",")[0] == ENGLISH_HEADER


def test_an_unknown_format_follows_the_language(client_logged_in, user, people):
    in_french(user)

    assert body(client_logged_in.get("/people/export.csv?format=xlsx")).startswith(BOM)


def test_the_bulk_export_offers_both_forms(client_logged_in, user, people):
    in_french(user)
    post = {"query": "", "scope": "selected", "contact": [people.pk]}

    spreadsheet = body(
        client_logged_in.post("/people/bulk/", {**post, "action": "export_spreadsheet"})
    )
    plain = body(client_logged_in.post("/people/bulk/", {**post, "action": "export"}))

    assert spreadsheet.startswith(BOM)
    assert rows(spreadsheet[len(BOM) :], ";")[0] == FRENCH_HEADER
    assert not plain.startswith(BOM)
    assert rows(plain, ",")[1][0] == "Élodie Dupré"


def test_the_people_and_company_pages_link_both_forms(client_logged_in, user, people):
    in_french(user)

    listing = client_logged_in.get("/people/?q=Dupré").content.decode()
    company = client_logged_in.get(f"/companies/{people.company_key}/").content.decode()

    for page in (listing, company):
        assert "format=spreadsheet" in page and "format=csv" in page
        assert ">pour un tableur</a>" in page and ">CSV brut</a>" in page
    assert "Exporter ces 1\u00a0:" in listing
    data = body(client_logged_in.get(f"/people/export.csv?company={people.company_key}"))
    assert rows(data[len(BOM) :], ";")[1][0] == "Élodie Dupré"


# --- Pages and fragments ------------------------------------------------------------------


def test_the_people_list_fragment_is_in_french(client_logged_in, user):
    make_contact(user, layer=2)
    in_french(user)

    response = client_logged_in.get("/people/?q=ada", headers=htmx("people-list"))

    content = response.content.decode()
    assert 'id="people-list"' in content and "<html" not in content
    assert "personne correspond" in content
    assert "Proches" in content and "en sommeil" in content
    assert "Avec ces personnes" in content
    assert "With these people" not in content and "match" not in content


def test_the_person_activity_fragment_is_in_french(client_logged_in, user):
    ada = make_contact(user, layer=1)
    make_note(ada, text="Parler du livre.")
    in_french(user)

    content = client_logged_in.get(ada.get_absolute_url(), headers=htmx("activity")).content
    content = content.decode()

    assert "Historique" in content and "Ajouter une note" in content
    assert "Timeline" not in content and "Add a note" not in content


def test_placing_someone_answers_htmx_in_french(client_logged_in, user):
    ada = make_contact(user)
    in_french(user)

    response = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "2"}, headers=htmx())

    assert "Ada Lovelace est maintenant dans Proches." in response.content.decode()


def test_the_standing_reason_is_in_french(client_logged_in, user):
    ada = make_contact(user, layer=2)
    make_interaction(ada)
    in_french(user)

    content = html.unescape(client_logged_in.get(ada.get_absolute_url()).content.decode())

    assert "Proches · dernière rencontre aujourd'hui · cadence 30 jours" in content


def test_logging_a_meeting_says_so_in_french(client_logged_in, user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    in_french(user)

    response = client_logged_in.post(
        "/meetings/new/",
        {"contact": [ada.pk, grace.pk], "kind": "phone", "occurred_at": "2026-03-01T10:00"},
        follow=True,
    )

    assert "Appel téléphonique noté avec Grace Hopper et Ada Lovelace." in (
        html.unescape(response.content.decode())
    )


def test_deleting_a_meeting_asks_in_french_with_its_gender(client_logged_in, user):
    ada = make_contact(user)
    met = make_interaction(ada)
    in_french(user)

    content = client_logged_in.get(f"/interactions/{met.pk}/delete/").content.decode()

    assert "Supprimer cette rencontre\u00a0?" in content
    assert "Supprimer la rencontre</button>" in content


def test_the_settings_page_is_in_french(client_logged_in, user):
    in_french(user)

    content = client_logged_in.get("/settings/").content.decode()

    assert "Votre langue, vos jours et vos touches" in content
    assert "Fuseau horaire" in content and "Budget relationnel" in content
    # Each language is named in itself.
    assert ">English</option>" in content and ">Français</option>" in content
    assert "Your language, days and keys" not in content


def test_a_number_out_of_range_is_reported_in_french(client_logged_in, user):
    in_french(user)

    response = client_logged_in.post("/settings/", {"reconnect_threshold": "50"})

    assert "Choisissez un nombre entre 0,1 et 10." in response.content.decode()


def test_the_reset_message_writes_numbers_with_a_decimal_comma(client_logged_in, user):
    Preferences.objects.filter(owner=user).update(family_multiplier=2.5, language="fr")

    page = client_logged_in.get("/settings/reset/").content.decode()
    response = client_logged_in.post("/settings/reset/", follow=True)

    assert "<td>Cadence familiale ×</td><td>2,5</td><td>1,5</td>" in page
    assert (
        "Réglages revenus à leurs valeurs par défaut\u00a0: Cadence familiale ×\u00a0: 2,5 → 1,5."
        in response.content.decode()
    )


def test_the_company_page_is_in_french(client_logged_in, user):
    ada = make_contact(user, company="Acme")
    make_job_change(
        make_contact(user, first_name="Grace"), old_company="Acme", new_company="Initech"
    )
    in_french(user)

    content = client_logged_in.get(f"/companies/{ada.company_key}/").content.decode()

    assert "Vous connaissez 1 personne ici." in content
    assert "Partie chez Initech" in content
    assert "You know" not in content


# --- Words computed in Python -------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "english", "french"),
    [(0, "today", "aujourd'hui"), (1, "yesterday", "hier"), (3, "3 days ago", "il y a 3 jours")],
)
def test_days_in_words(days, english, french):
    with translation.override("en"):
        assert relationships.days_in_words(days) == english
    with translation.override("fr"):
        assert relationships.days_in_words(days) == french


def test_a_cadence_in_french_has_a_decimal_comma():
    with translation.override("fr"):
        assert relationships.days(547.5) == "547,5 jours"
        assert relationships.days(1) == "1 jour"
    with translation.override("en"):
        assert relationships.days(547.5) == "547.5 days"


def test_the_congratulations_draft_is_in_the_active_language(user):
    change = make_job_change(make_contact(user), new_company="Initech", new_position="CTO")

    with translation.override("fr"):
        assert change.congratulations() == (
            "Félicitations pour votre nouveau poste de CTO chez Initech, Ada\u00a0!"
        )
    with translation.override("en"):
        assert (
            change.congratulations() == "Congratulations on your new role as CTO at Initech, Ada!"
        )
