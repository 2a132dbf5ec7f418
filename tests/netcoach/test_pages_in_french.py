"""The dashboard, the weekly review and "Your data" in French: their fragments, messages,
drafts, charts and relative times, for a user whose language is French."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from contacts.models import ImportRun, Interaction, Preferences, Review
from contacts.relationships import Layer
from netcoach.formats import localized
from netcoach.undo import SESSION_KEY
from tests.factories import htmx, make_contact, make_interaction, make_job_change, make_layered

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(user):
    Preferences.objects.filter(owner=user).update(language="fr")
    return user


@pytest.fixture
def in_review(client_logged_in, french):
    client_logged_in.post("/review/start/")
    return Review.objects.get(owner=french)


def step(client, n):
    return client.post("/review/step/", {"step": str(n)}, headers=htmx()).content.decode()


def test_the_review_s_steps_are_in_french(client_logged_in, in_review):
    html = step(client_logged_in, 2)

    assert html.lstrip().startswith('<div id="review-step"')
    for title in (
        "Rafraîchir vos données",
        "Trier les invitations",
        "Retirer les invitations envoyées trop anciennes",
        "Féliciter",
        "Reprendre contact",
        "Suivis à faire",
        "Suggestions de cercle",
        "Bilan de la semaine",
    ):
        assert title in html
    assert f"Étape 2 sur {Review.STEPS}" in html
    assert "Étape suivante" in html
    assert "Next step" not in html and "Triage invitations" not in html


def test_the_congratulate_draft_is_in_the_user_s_language(client_logged_in, user, in_review):
    change = make_job_change(make_contact(user, first_name="Ada"))

    html = step(client_logged_in, 4)

    assert "Félicitations pour votre nouveau poste de CTO chez Initech, Ada\u00a0!" in html
    assert "Congratulations" not in html
    # "I wrote" with the draft left as it is records the French draft.
    client_logged_in.post(f"/review/congratulate/{change.pk}/", {"message": ""})
    assert change.contact.interactions.get().summary.startswith("Félicitations pour")


def test_the_draft_says_what_is_known_in_french(user):
    from django.utils import translation

    change = make_job_change(make_contact(user, first_name=""), new_position="")
    with translation.override("fr"):
        assert (
            change.congratulations() == "Félicitations pour votre nouveau poste chez Initech\u00a0!"
        )
    with translation.override("en"):
        assert change.congratulations() == "Congratulations on your new role at Initech!"


def test_the_reconnect_message_and_its_undo_are_in_french(client_logged_in, user, in_review):
    ada = make_layered(user, Layer.CLOSE, 50, today=timezone.localdate())
    step(client_logged_in, 5)

    response = client_logged_in.post(
        f"/review/reconnect/{ada.pk}/", {"action": "snooze"}, headers=htmx()
    )

    html = response.content.decode()
    assert "En pause jusqu&#x27;au" in html and "sort de la liste" in html
    assert "Snoozed" not in html
    entry = client_logged_in.session[SESSION_KEY][-1]
    assert entry["undone"] == f"Annulé\u00a0: {ada} n'est plus en pause."
    undone = client_logged_in.post("/undo/", {"token": entry["token"]}, headers=htmx())
    assert "n&#x27;est plus en pause" in undone.content.decode()


def test_the_last_import_is_said_relatively_in_french(client_logged_in, user, in_review):
    run = ImportRun.objects.create(
        owner=user, file_name="export.zip", status=ImportRun.Status.SUCCEEDED
    )
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(days=3))

    html = step(client_logged_in, 1)

    assert "il y a 3\u00a0jours" in html
    assert "ago" not in html


def test_the_dashboard_charts_speak_french(client_logged_in, user, french):
    ada = make_layered(user, Layer.CLOSE, 5, today=timezone.localdate())
    make_interaction(ada, kind="met", occurred_at=timezone.now() - timedelta(days=40))
    month = timezone.localdate().replace(day=1) - timedelta(days=1)

    html = client_logged_in.get("/").content.decode()

    assert "Interactions réelles, 12 derniers mois" in html
    assert "Relationship budget" not in html and "Budget relationnel" in html
    with translation.override("fr"):
        in_french = localized(month, "SHORT_YEAR_MONTH_FORMAT")
    with translation.override("en"):
        in_english = localized(month, "SHORT_YEAR_MONTH_FORMAT")
    assert in_french in html  # the numbers' table
    assert in_english != in_french and in_english not in html
    assert Interaction.objects.filter(owner=user).exists()


def test_the_data_page_counts_and_refuses_in_french(client_logged_in, user, french):
    make_contact(user)

    page = client_logged_in.get("/settings/data/").content.decode()
    assert "1 personne" in page and "Supprimer toutes mes données" in page

    response = client_logged_in.post("/settings/data/delete/", {"confirm": "no"}, headers=htmx())
    assert response.status_code == 422
    assert "Tapez DELETE, en majuscules, pour confirmer." in response.content.decode()


def test_the_empty_dashboard_and_the_import_page_in_french(client_logged_in, user):
    from tests.test_translations import SAME_IN_BOTH, english_left

    pages = {}
    for language in ("en", "fr"):
        Preferences.objects.filter(owner=user).update(language=language)
        pages[language] = [client_logged_in.get(url).content.decode() for url in ("/", "/import/")]
    for english, french_page in zip(pages["en"], pages["fr"], strict=True):
        assert not english_left(english, french_page, set(SAME_IN_BOTH))
    assert "Votre réseau est vide, pour l'instant" in pages["fr"][0]
