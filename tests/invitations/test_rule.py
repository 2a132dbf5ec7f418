import pytest

from invitations.models import AcceptanceRule, Criterion, ReplyTemplate

pytestmark = pytest.mark.django_db


def names(user):
    return list(Criterion.objects.filter(owner=user).values_list("name", flat=True))


def test_it_shows_the_rule_with_pipu_by_default(client_logged_in, user):
    response = client_logged_in.get("/invitations/rule/")

    assert response.status_code == 200
    assert b"Accept when 2 of 4 hold" in response.content
    assert b"Open networker" in response.content
    assert [c.name for c in response.context["criteria"]] == [
        "Pertinence",
        "Interaction",
        "Prescription",
        "Utility",
    ]


def test_the_settings_hub_links_to_the_rule(client_logged_in):
    assert b'href="/invitations/rule/"' in client_logged_in.get("/settings/").content


def test_it_saves_threshold_keywords_and_talk_first(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/rule/",
        {"threshold": 3, "focus_keywords": "python, data", "talk_first_without_note": "on"},
    )

    assert response.status_code == 302
    rule = AcceptanceRule.objects.get(owner=user)
    assert (rule.threshold, rule.keywords(), rule.talk_first_without_note) == (
        3,
        ["python", "data"],
        True,
    )


def test_it_refuses_a_threshold_above_the_number_of_criteria(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/rule/", {"threshold": 5, "focus_keywords": "kept text"}
    )

    assert response.status_code == 422
    assert b"You have 4 criteria: choose at most 4." in response.content
    assert b"kept text" in response.content
    assert AcceptanceRule.objects.get(owner=user).threshold == 2


def test_a_preset_replaces_the_criteria(client_logged_in, user):
    response = client_logged_in.post("/invitations/rule/preset/", {"preset": "open"})

    assert response.status_code == 302
    assert names(user) == ["Not spam"]
    assert AcceptanceRule.objects.get(owner=user).threshold == 1


def test_an_unknown_preset_is_not_found(client_logged_in, user):
    assert client_logged_in.post("/invitations/rule/preset/", {"preset": "x"}).status_code == 404
    assert len(names(user)) == 4


def test_it_adds_a_criterion_with_its_question(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/rule/criteria/", {"new-name": "Local", "new-question": "Near me?"}
    )

    assert response.status_code == 302
    assert names(user)[-1] == "Local"


def test_it_refuses_a_criterion_without_a_name(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/rule/criteria/", {"new-name": "", "new-question": "kept question"}
    )

    assert response.status_code == 422
    assert b"This field is required." in response.content
    assert b"kept question" in response.content


def test_it_renames_a_criterion(client_logged_in, user):
    criterion = Criterion.objects.get(owner=user, name="Utility")

    client_logged_in.post(
        f"/invitations/rule/criteria/{criterion.pk}/",
        {f"c{criterion.pk}-name": "Useful", f"c{criterion.pk}-question": "Useful to me?"},
    )

    criterion.refresh_from_db()
    assert (criterion.name, criterion.question) == ("Useful", "Useful to me?")


def test_a_rename_with_errors_keeps_the_text(client_logged_in, user):
    criterion = Criterion.objects.get(owner=user, name="Utility")

    response = client_logged_in.post(
        f"/invitations/rule/criteria/{criterion.pk}/",
        {f"c{criterion.pk}-name": "", f"c{criterion.pk}-question": "typed"},
    )

    assert response.status_code == 422
    assert b'value="typed"' in response.content


def test_it_moves_a_criterion_up(client_logged_in, user):
    criterion = Criterion.objects.get(owner=user, name="Utility")

    client_logged_in.post(f"/invitations/rule/criteria/{criterion.pk}/move/", {"offset": "-1"})

    assert names(user) == ["Pertinence", "Interaction", "Utility", "Prescription"]


def test_it_removes_a_criterion(client_logged_in, user):
    criterion = Criterion.objects.get(owner=user, name="Utility")

    client_logged_in.post(f"/invitations/rule/criteria/{criterion.pk}/delete/")

    assert names(user) == ["Pertinence", "Interaction", "Prescription"]


def test_another_users_criteria_are_not_found(client_logged_in, other_user):
    criterion = Criterion.objects.filter(owner=other_user).first()

    for suffix in ("", "move/", "delete/"):
        url = f"/invitations/rule/criteria/{criterion.pk}/{suffix}"
        assert client_logged_in.post(url, {"offset": "1"}).status_code == 404
    assert len(names(other_user)) == 4


def test_reply_templates_are_added_edited_and_deleted(client_logged_in, user):
    client_logged_in.get("/invitations/rule/")
    default = ReplyTemplate.objects.get(owner=user)

    client_logged_in.post(
        "/invitations/rule/templates/", {"newt-name": "Short", "newt-text": "Hi {first_name}!"}
    )
    client_logged_in.post(
        f"/invitations/rule/templates/{default.pk}/",
        {f"t{default.pk}-name": "Ask", f"t{default.pk}-text": "Why, {first_name}?"},
    )
    default.refresh_from_db()
    assert default.text == "Why, {first_name}?"
    client_logged_in.post(f"/invitations/rule/templates/{default.pk}/delete/")

    assert list(ReplyTemplate.objects.filter(owner=user).values_list("name", flat=True)) == [
        "Short"
    ]


def test_a_template_without_text_is_refused(client_logged_in, user):
    response = client_logged_in.post(
        "/invitations/rule/templates/", {"newt-name": "Empty", "newt-text": ""}
    )

    assert response.status_code == 422
    assert b"This field is required." in response.content


def test_another_users_templates_are_not_found(client_logged_in, other_user):
    (template,) = ReplyTemplate.for_user(other_user)

    assert (
        client_logged_in.post(f"/invitations/rule/templates/{template.pk}/delete/").status_code
        == 404
    )


def test_the_rule_page_needs_a_post_to_change(client_logged_in):
    assert client_logged_in.get("/invitations/rule/preset/").status_code == 405
