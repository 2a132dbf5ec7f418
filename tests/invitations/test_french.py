"""The invitations in French: the user's first criteria and reply template are written in the
language of their account's creation, the presets and the meeting draft follow the active
language, and the queue's answers (htmx fragments) read French for a French user."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from contacts.models import Preferences
from invitations.models import PRESETS, AcceptanceRule, Criterion, Invitation, ReplyTemplate
from tests.factories import htmx, make_contact, make_interaction, make_invitation, make_user
from tests.test_translations import english_left, user_data_words

pytestmark = pytest.mark.django_db


def french_user(username="camille"):
    """A user whose account was made in French (as the set-up page does for a French browser)."""
    with translation.override("fr"):
        user = make_user(username=username)
    Preferences.objects.filter(owner=user).update(language="fr")
    return user


@pytest.fixture
def camille():
    return french_user()


@pytest.fixture
def client_fr(camille):
    client = Client()
    client.force_login(camille)
    return client


# The user's own words, written in the language of the account's creation


def test_a_rule_made_in_french_has_the_pipu_criteria_in_french(camille):
    criteria = list(Criterion.objects.filter(owner=camille).values_list("name", "question"))

    assert [name for name, _ in criteria] == [
        "Pertinence",
        "Interaction",
        "Prescription",
        "Utilité",
    ]
    assert criteria[0][1] == "Le profil est-il pertinent pour mon domaine et mes objectifs\u00a0?"
    assert all(question.endswith("\u00a0?") for _, question in criteria)


def test_a_rule_made_in_english_has_them_in_english(user):
    names = list(Criterion.objects.filter(owner=user).values_list("name", flat=True))

    assert names == ["Pertinence", "Interaction", "Prescription", "Utility"]


def test_the_first_reply_template_is_made_with_the_rule_in_its_language(camille, user):
    (french,) = ReplyTemplate.objects.filter(owner=camille)
    (english,) = ReplyTemplate.objects.filter(owner=user)

    assert french.name == "Demander pourquoi"
    assert french.text.startswith("Bonjour {first_name}, merci pour votre invitation.")
    assert english.name == "Ask why"
    assert english.text.startswith("Hello {first_name}, thank you for your invitation.")


def test_the_user_s_words_stay_theirs_when_the_language_changes(camille):
    with translation.override("en"):
        AcceptanceRule.for_user(camille)
        templates = ReplyTemplate.for_user(camille)

    assert templates[0].name == "Demander pourquoi"
    assert Criterion.objects.filter(owner=camille, name="Utilité").exists()


def test_a_user_without_templates_gets_the_default_of_the_active_language(camille):
    ReplyTemplate.objects.filter(owner=camille).delete()
    invitation = make_invitation(camille, name="Grace Hopper")

    with translation.override("fr"):
        (template,) = ReplyTemplate.for_user(camille)

    assert invitation.reply_draft(template).startswith("Bonjour Grace, merci pour votre invitation")
    with translation.override("en"):
        assert invitation.reply_draft(None).startswith("Hello Grace, thank you")
    with translation.override("fr"):
        assert invitation.reply_draft(None).startswith("Bonjour Grace, merci")


def test_the_presets_are_named_in_the_active_language():
    with translation.override("fr"):
        assert str(PRESETS["known"].label) == "Seulement les personnes connues"
        assert str(PRESETS["talk_first"].label) == "Discuter d’abord"
        assert "Utilité" in str(PRESETS["pipu"].description)
    with translation.override("en"):
        assert str(PRESETS["known"].label) == "Known people only"
        assert "Utility" in str(PRESETS["pipu"].description)


def test_a_preset_applied_in_french_writes_its_criteria_in_french(camille):
    rule = AcceptanceRule.for_user(camille)

    with translation.override("fr"):
        rule.apply_preset("open")

    (criterion,) = rule.criteria()
    assert criterion.name == "Pas du spam"
    assert criterion.question.startswith("Est-ce une vraie personne")


def test_the_rule_s_description_agrees_with_its_threshold():
    rule = AcceptanceRule(threshold=1)
    with translation.override("fr"):
        assert rule.describe(4) == "Accepter quand 1 critère sur 4 est rempli"
        rule.threshold = 2
        assert rule.describe(4) == "Accepter quand 2 critères sur 4 sont remplis"
        rule.threshold = 0
        assert rule.describe(4) == "Accepter tout le monde"
    rule.threshold = 2
    with translation.override("en"):
        assert rule.describe(4) == "Accept when 2 of 4 hold"


# The invitation draft after a meeting: where, when and what was said, within 300 characters


def test_the_meeting_draft_recalls_where_when_and_what_was_said_in_english(user):
    ada = make_contact(user)
    make_interaction(
        ada, occurred_at="2026-03-14 18:00", place="PyCon", summary="Data pipelines at scale."
    )

    with translation.override("en"):
        draft = Invitation.draft_for(ada)

    assert draft == (
        "Hi Ada, great to meet you at PyCon on March 14. I'm still thinking about what we "
        "discussed: Data pipelines at scale. I'd be glad to stay in touch here."
    )


def test_the_meeting_draft_in_french(user):
    ada = make_contact(user)
    make_interaction(
        ada, occurred_at="2026-03-14 18:00", place="PyCon", summary="Data pipelines at scale."
    )

    with translation.override("fr"):
        draft = Invitation.draft_for(ada)

    assert draft == (
        "Bonjour Ada, merci pour notre rencontre à PyCon le 14 mars. Je repense à ce que nous "
        "avons évoqué\u00a0: Data pipelines at scale. Ce serait un plaisir de rester en contact ici."
    )


@pytest.mark.parametrize(
    ("kind", "place", "english", "french"),
    [
        ("met", "", "Hi Ada, great to meet you on March 14.", "merci pour notre rencontre du 14 mars."),
        ("video", "Zoom", "great to talk with you at Zoom on March 14.", "notre échange du 14 mars (Zoom)."),
        ("phone", "", "great to talk with you on March 14.", "merci pour notre échange du 14 mars."),
        ("email", "", "great to exchange with you on March 14.", "notre échange du 14 mars."),
    ],
)  # fmt: skip
def test_the_draft_says_how_they_met_in_both_languages(user, kind, place, english, french):
    ada = make_contact(user)
    make_interaction(ada, kind=kind, occurred_at="2026-03-14 18:00", place=place)

    with translation.override("en"):
        assert english in Invitation.draft_for(ada)
    with translation.override("fr"):
        assert french in Invitation.draft_for(ada)


def test_without_a_meeting_or_a_first_name_the_draft_still_reads_well(user):
    ada = make_contact(user)
    nameless = make_contact(user, first_name="", last_name="Hopper")

    with translation.override("fr"):
        assert Invitation.draft_for(ada) == (
            "Bonjour Ada, ce serait un plaisir de rester en contact ici."
        )
        assert Invitation.draft_for(nameless).startswith("Bonjour, ce serait")
    with translation.override("en"):
        assert Invitation.draft_for(ada) == "Hi Ada, I'd be glad to stay in touch here."


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_long_summary_is_shortened_to_keep_the_draft_within_300_characters(user, language):
    ada = make_contact(user)
    summary = " ".join(["We talked about her move to Berlin and the data team she builds."] * 8)
    make_interaction(ada, occurred_at="2026-03-14 18:00", place="PyCon", summary=summary)

    with translation.override(language):
        draft = Invitation.draft_for(ada)

    closing = {
        "en": "I'd be glad to stay in touch here.",
        "fr": "Ce serait un plaisir de rester en contact ici.",
    }[language]
    assert len(draft) <= Invitation.MESSAGE_LIMIT
    assert len(draft) > Invitation.MESSAGE_LIMIT - 15  # the room is used, not thrown away
    assert "PyCon" in draft and ("March 14" in draft or "14 mars" in draft)
    assert "We talked about her move to Berlin" in draft
    assert draft.endswith(f"… {closing}")  # what was said is cut at a word, the end kept


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_draft_stays_within_300_characters_whatever_the_lengths(user, language):
    long_name = make_contact(user, first_name="A" * 250)
    make_interaction(long_name, place="P" * 300, summary="S " * 200)
    long_place = make_contact(user, first_name="Ada")
    make_interaction(long_place, place="P" * 300, summary="word " * 100)
    no_room = make_contact(user, first_name="B" * 150)
    make_interaction(no_room, place="Q" * 300, summary="A summary that cannot fit.")

    with translation.override(language):
        drafts = [Invitation.draft_for(c) for c in (long_name, long_place, no_room)]

    assert all(len(draft) <= Invitation.MESSAGE_LIMIT for draft in drafts)
    # With no room left for what was said, it is left out rather than cut to a stub.
    assert "summary" not in drafts[2]


def test_the_person_s_invitation_draft_is_in_the_user_s_language(client_fr, camille):
    ada = make_contact(camille)
    make_interaction(ada, occurred_at="2026-03-14 18:00", place="PyCon", summary="Les données")

    content = client_fr.get(f"/invitations/for/{ada.pk}/", headers=htmx()).content.decode()

    assert "Bonjour Ada, merci pour notre rencontre à PyCon le 14 mars." in content
    assert "Les données" in content
    assert "great to meet you" not in content


# The pages and their htmx answers for a French user


def test_the_queue_s_answer_after_talk_first_is_in_french_with_the_french_draft(client_fr, camille):
    invitation = make_invitation(camille, name="Grace Hopper")
    make_invitation(camille, name="Linus Torvalds", sent_at=timezone.now() + timedelta(1))

    response = client_fr.post(
        f"/invitations/{invitation.pk}/decide/", {"decision": "talk_first"}, headers=htmx()
    )
    content = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in content
    assert "Discuter d’abord\u00a0:</strong> Grace Hopper" in content
    assert "Brouillon de réponse\u00a0: copiez-le dans LinkedIn" in content
    assert "Bonjour Grace, merci pour votre invitation." in content
    assert "Lesquels de vos critères sont remplis\u00a0?" in content  # the next one, Linus
    assert "Take the suggestion" not in content and "Reply draft" not in content


def test_a_wrong_date_is_refused_in_french(client_fr, camille):
    invitation = make_invitation(camille)

    response = client_fr.post(
        f"/invitations/{invitation.pk}/decide/",
        {"decision": "later", "later_until": timezone.localdate().isoformat()},
        headers=htmx(),
    )

    assert response.status_code == 422
    assert "Choisissez une date après aujourd’hui." in response.content.decode()


def test_the_to_do_answer_is_in_french(client_fr, camille):
    rule = AcceptanceRule.for_user(camille)
    first, second = make_invitation(camille), make_invitation(camille, name="Linus Torvalds")
    for invitation in (first, second):
        invitation.decide("accept", rule=rule)

    content = client_fr.post(f"/invitations/{first.pk}/applied/", headers=htmx()).content.decode()

    assert "À accepter sur LinkedIn\u00a0: 1" in content
    assert "Acceptée sur LinkedIn ✓" in content
    assert "Accept on LinkedIn" not in content


def test_the_bulk_page_has_no_english_left(camille):
    for n in range(3):
        make_invitation(camille, name=f"Person {n}", message="" if n else "Bonjour !")
    client = Client()
    client.force_login(camille)

    Preferences.objects.filter(owner=camille).update(language="en")
    english = client.get("/invitations/bulk/").content.decode()
    Preferences.objects.filter(owner=camille).update(language="fr")
    french = client.get("/invitations/bulk/").content.decode()

    assert "Décider en lot" in french
    assert not english_left(english, french, user_data_words(camille))


def test_a_bulk_decision_is_reported_in_french(client_fr, camille):
    invitations = [make_invitation(camille, name=f"Person {n}") for n in range(2)]

    response = client_fr.post(
        "/invitations/bulk/",
        {"invitations": [i.pk for i in invitations], "decision": "ignore"},
        follow=True,
    )

    assert "Ignorer\u00a0: 2 invitations." in response.content.decode()


def test_withdrawing_a_sent_invitation_is_reported_in_french(client_fr, camille):
    invitation = make_invitation(camille, name="Grace Hopper", direction="outgoing")

    response = client_fr.post(f"/invitations/{invitation.pk}/withdrawn/", follow=True)

    content = response.content.decode()
    assert "Noté\u00a0: vous avez retiré votre invitation à Grace Hopper." in content
    assert "Retirée" in content or "Rien en attente" in content


def test_the_javascript_catalogue_has_the_queue_s_words(client_fr):
    catalogue = client_fr.get("/jsi18n/").content.decode()

    for word in ("Copié", "Accepter", "Ignorer", "Discuter d’abord"):
        assert json.dumps(word) in catalogue, word  # written as JSON: "Copi\u00e9"


def both_languages(client, user, url):
    pages = []
    for language in ("en", "fr"):
        Preferences.objects.filter(owner=user).update(language=language)
        response = client.get(url)
        assert response.status_code == 200, (url, language)
        pages.append(response.content.decode())
    return pages


@pytest.fixture
def busy(camille):
    """Every state the invitation pages show: a queue whose first invitation has every signal
    on, decisions to apply, one waiting to talk first, sent invitations old and new."""
    rule = AcceptanceRule.for_user(camille)
    rule.focus_keywords = "python"
    rule.talk_first_without_note = True
    rule.save()
    grace = make_contact(
        camille,
        first_name="Grace",
        last_name="Hopper",
        company="Acme",
        profile_url="https://www.linkedin.com/in/grace",
        is_connection=True,
    )
    make_interaction(grace, kind="met")
    make_interaction(grace, kind="linkedin", direction="both")
    make_interaction(grace, kind="recommendation", direction="to_me", summary="Brilliant")
    make_contact(camille, first_name="Linus", last_name="Torvalds", company="Acme")
    old = timezone.now() - timedelta(days=400)
    make_invitation(camille, name="Grace Hopper", profile_url=grace.profile_url, sent_at=old)
    make_invitation(
        camille,
        name="Grace Hopper",
        profile_url=grace.profile_url,
        message="Python people should connect",
        headline="Engineer at Acme",
        sent_at=old + timedelta(days=1),
    )
    make_invitation(camille, name="Ada Lovelace", sent_at=old + timedelta(days=2))
    later, talk, accept, ignore = (
        make_invitation(camille, name=name, sent_at=old)
        for name in ("Later Person", "Talk Person", "Accept Person", "Ignore Person")
    )
    later.decide("later", rule=rule, reason="Busy week")
    talk.decide("talk_first", rule=rule)
    # Talk first settled: one answered, one silent for three weeks.
    answered, silent = (
        make_invitation(camille, name=name, sent_at=old) for name in ("Ana Silva", "Bo Quiet")
    )
    for invitation in (answered, silent):
        invitation.decide("talk_first", rule=rule)
    Invitation.objects.filter(pk=silent.pk).update(decided_at=timezone.now() - timedelta(days=21))
    make_interaction(make_contact(camille, "Ana", "Silva"), kind="linkedin", direction="to_me")
    accept.decide("accept", rule=rule, criteria_met=["Pertinence"])
    ignore.decide("ignore", rule=rule, criteria_met=["Pertinence", "Interaction"], reason="Spam")
    for days, message in ((40, ""), (3, "Bonjour")):
        make_invitation(
            camille,
            name=f"Sent {days}",
            direction="outgoing",
            message=message,
            sent_at=timezone.now() - timedelta(days=days),
        )
    return {"later": later, "talk": talk}


@pytest.mark.parametrize(
    "url",
    [
        "/invitations/",
        "/invitations/?last={later}",
        "/invitations/?last={talk}",
        "/invitations/?pos=1",
        "/invitations/talk-first/",
        "/invitations/todo/",
        "/invitations/sent/",
        "/invitations/sent/?show=stale",
        "/invitations/sent/?show=accepted",
        "/invitations/sent/?show=all",
        "/invitations/bulk/",
        "/invitations/rule/",
    ],
)
def test_every_state_of_the_pages_is_in_french(camille, busy, url):
    client = Client()
    client.force_login(camille)
    url = url.format(**{name: invitation.pk for name, invitation in busy.items()})

    english, french = both_languages(client, camille, url)

    assert not english_left(english, french, user_data_words(camille))


def test_the_queue_with_every_signal_speaks_french(client_fr, busy):
    content = client_fr.get("/invitations/?pos=1").content.decode()

    for sentence in (
        "Rencontres et échanges\u00a0: <strong>2 interactions réelles</strong>",
        "<strong>1 message LinkedIn</strong> déjà échangé",
        "Vous a déjà envoyé une invitation",
        "1 personne que vous connaissez chez Acme",
        "<strong>Vous a recommandé</strong> sur LinkedIn",
        "<strong>Déjà dans vos relations</strong>",
        '<a href="/people/?company=Acme">',  # the queue's position stays out of it
        "<strong>Pertinent\u00a0:</strong>",
    ):
        assert sentence in content, sentence


def test_the_rule_s_errors_are_in_french(client_fr):
    response = client_fr.post("/invitations/rule/", {"threshold": 9, "focus_keywords": ""})

    assert response.status_code == 422
    assert "Vous avez 4 critères\u00a0: choisissez-en 4 au plus." in response.content.decode()
