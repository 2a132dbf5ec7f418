"""contacts:person_layer — POST /people/<id>/layer/ with `layer` 1-4, or empty for the pool."""

import pytest
from django.utils import timezone

from contacts.models import Contact
from contacts.relationships import Layer
from tests.factories import htmx, make_contact

pytestmark = pytest.mark.django_db


def test_it_places_a_person_and_goes_back_to_next(client_logged_in, user):
    ada = make_contact(user)

    response = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "2", "next": "/review/"})

    assert response.status_code == 302
    assert response.url == "/review/"
    assert Contact.objects.get(pk=ada.pk).layer == Layer.CLOSE


def test_an_empty_layer_puts_the_person_back_in_the_pool(client_logged_in, user):
    ada = make_contact(user, layer=Layer.CORE)

    response = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": ""})

    assert response.status_code == 302
    assert response.url == f"/people/{ada.pk}/"
    assert Contact.objects.get(pk=ada.pk).layer is None


def test_it_answers_htmx_with_a_small_confirmation(client_logged_in, user):
    ada = make_contact(user)

    response = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "1"}, headers=htmx())

    assert response.status_code == 200
    assert (
        response.content.decode()
        .strip()
        .endswith('<p class="layer-set small" role="status">Ada Lovelace is now in Core.</p>')
    )


def test_it_rejects_a_layer_that_does_not_exist(client_logged_in, user):
    ada = make_contact(user, layer=Layer.REGULAR)

    swapped = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "9"}, headers=htmx())
    plain = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "core"}, follow=True)

    assert swapped.status_code == 422
    assert b"Choose a layer from 1 (Core) to 4 (Active)" in swapped.content
    assert b"Choose a layer from 1 (Core) to 4 (Active)" in plain.content
    assert Contact.objects.get(pk=ada.pk).layer == Layer.REGULAR


def test_it_ignores_a_next_url_on_another_site(client_logged_in, user):
    ada = make_contact(user)

    response = client_logged_in.post(
        f"/people/{ada.pk}/layer/", {"layer": "3", "next": "https://evil.example/"}
    )

    assert response.url == f"/people/{ada.pk}/"


def test_on_the_person_page_htmx_gets_the_layer_region_and_its_errors(client_logged_in, user):
    ada = make_contact(user)
    swap = htmx("layer")

    placed = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "2"}, headers=swap)
    refused = client_logged_in.post(f"/people/{ada.pk}/layer/", {"layer": "9"}, headers=swap)

    assert placed.status_code == 200
    assert placed.content.decode().lstrip().startswith('<form id="layer"')
    assert refused.status_code == 422
    assert refused.content.decode().lstrip().startswith('<form id="layer"')
    assert b"Choose a layer from 1 (Core) to 4 (Active)" in refused.content
    assert Contact.objects.get(pk=ada.pk).layer == Layer.CLOSE


def test_another_users_person_is_a_404(client_logged_in, other_user):
    eve = make_contact(other_user)

    response = client_logged_in.post(f"/people/{eve.pk}/layer/", {"layer": "1"})

    assert response.status_code == 404
    assert Contact.objects.get(pk=eve.pk).layer is None


def test_it_rejects_get(client_logged_in, user):
    assert client_logged_in.get(f"/people/{make_contact(user).pk}/layer/").status_code == 405


def test_setting_a_layer_records_when_wherever_it_is_set(client_logged_in, user):
    one, two, three = (make_contact(user, first_name=n) for n in ("One", "Two", "Three"))
    before = timezone.now()

    client_logged_in.post(f"/people/{one.pk}/layer/", {"layer": "2"}, headers=htmx("layer"))
    client_logged_in.post(
        "/people/bulk/",
        {"scope": "selected", "contact": [two.pk], "action": "set_layer", "layer": "4"},
    )
    three.merge(make_contact(user, first_name="Three", layer=Layer.CORE, layer_set_at=before))

    one, two, three = (Contact.objects.get(pk=c.pk) for c in (one, two, three))
    assert (one.layer, two.layer, three.layer) == (Layer.CLOSE, Layer.ACTIVE, Layer.CORE)
    assert one.layer_set_at >= before and two.layer_set_at >= before
    assert three.layer_set_at == before
