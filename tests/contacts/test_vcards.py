import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import vcards
from contacts.models import Contact, ContactDetail
from tests.factories import make_contact


def add(contact, kind, value, label="other"):
    ContactDetail.objects.create(
        owner=contact.owner, contact=contact, kind=kind, label=label, value=value, key=value
    )


def read_all(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(vobject.readComponents(body.decode()))


def make_ada(user, n=""):
    ada = make_contact(
        user,
        profile_url=f"https://www.linkedin.com/in/ada{n}",
        company="Analytical Engines",
        position="Engineer",
        email="ada@example.com",
        how_we_met="Babbage's salon",
        city="London",
        birthday_day=10,
        birthday_month=12,
        birthday_year=1815,
    )
    add(ada, "phone", "+447700900123", "mobile")
    add(ada, "phone", "+442079460958", "work")
    add(ada, "email", "ada@work.example", "work")
    add(ada, "website", "ada.example.org")
    ada.add_tag("mathematics")
    ada.add_tag("pioneers")
    return ada


def test_a_persons_vcard_reads_back_with_every_field(client_logged_in, user):
    ada = make_ada(user)

    response = client_logged_in.get(f"/people/{ada.pk}/vcard/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Ada-Lovelace.vcf"'
    [card] = read_all(response)
    assert card.version.value == "3.0"
    assert (card.n.value.family, card.n.value.given) == ("Lovelace", "Ada")
    assert card.fn.value == "Ada Lovelace"
    assert card.org.value == ["Analytical Engines"]
    assert card.title.value == "Engineer"
    assert [(e.value, e.type_paramlist) for e in card.email_list] == [
        ("ada@example.com", ["INTERNET"]),
        ("ada@work.example", ["INTERNET", "WORK"]),
    ]
    assert [(t.value, t.type_param) for t in card.tel_list] == [
        ("+447700900123", "CELL"),
        ("+442079460958", "WORK"),
    ]
    assert card.bday.value == "1815-12-10"
    assert [u.value for u in card.url_list] == [
        "https://www.linkedin.com/in/ada",
        "https://ada.example.org",
    ]
    assert card.adr.value.city == "London"
    assert card.note.value == "Babbage's salon"
    assert card.categories.value == ["mathematics", "pioneers"]
    ada.refresh_from_db()
    assert card.uid.value == ada.uid
    assert ada.uid.startswith("urn:uuid:")
    assert card.rev.value.endswith("Z")


def test_a_birthday_without_its_year_is_written_as_android_and_google_read_it(
    client_logged_in, user
):
    grace = make_contact(user, "Grace", "Hopper", birthday_day=29, birthday_month=2)

    [card] = read_all(client_logged_in.get(f"/people/{grace.pk}/vcard/"))

    assert card.bday.value == "--02-29"


def test_hostile_text_stays_data(client_logged_in, user):
    evil = make_contact(
        user,
        "<script>alert(1)</script>",
        "Semi;colon, comma\nNEWLINE",
        company="END:VCARD\r\nBEGIN:VCARD",
        how_we_met="line one\nline two; three, four \\ five\x00",
    )
    evil.add_tag("a,b;c")

    response = client_logged_in.get(f"/people/{evil.pk}/vcard/")

    [card] = read_all(response)
    assert card.n.value.given == "<script>alert(1)</script>"
    assert card.n.value.family == "Semi;colon, comma\nNEWLINE"
    assert card.org.value == ["END:VCARD\nBEGIN:VCARD"]
    assert card.note.value == "line one\nline two; three, four \\ five"
    assert card.categories.value == ["a,b;c"]
    assert response["Content-Disposition"] == (
        'attachment; filename="script-alert-1-script-Semi-colon-comma-NEWLINE.vcf"; '
        "filename*=UTF-8''%3Cscript%3Ealert%281%29%3C-script%3E-Semi%3Bcolon%2C-comma-NEWLINE.vcf"
    )


def test_an_accented_name_gets_an_ascii_file_name_and_its_own(client_logged_in, user):
    zoe = make_contact(user, "Zoé", "Dürand")

    response = client_logged_in.get(f"/people/{zoe.pk}/vcard/")

    assert response["Content-Disposition"] == (
        "attachment; filename=\"Zoe-Durand.vcf\"; filename*=UTF-8''Zo%C3%A9-D%C3%BCrand.vcf"
    )


def test_long_lines_are_folded_without_cutting_a_character(user):
    ada = make_contact(user, how_we_met="é" * 100)

    text = vcards.card(ada)

    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert vobject.readOne(text).note.value == "é" * 100


def test_the_uid_is_the_same_in_a_second_export(client_logged_in, user):
    ada = make_ada(user)
    first = read_all(client_logged_in.get("/people/export.vcf"))
    second = read_all(client_logged_in.get(f"/people/{ada.pk}/vcard/"))
    third = read_all(client_logged_in.get("/people/export.vcf"))

    assert first[0].uid.value == second[0].uid.value == third[0].uid.value


def test_uids_are_given_in_one_update_each_different(user):
    for n in range(20):
        make_contact(user, f"P{n}")
    Contact.objects.filter(first_name="P3").update(uid="urn:uuid:kept")

    with CaptureQueriesContext(connection) as queries:
        given = vcards.give_uids(Contact.objects.owned_by(user))

    assert given == 19
    assert len(queries) == 1
    uids = list(Contact.objects.owned_by(user).values_list("uid", flat=True))
    assert len(set(uids)) == 20
    assert "urn:uuid:kept" in uids
    assert all(len(uid) == len("urn:uuid:") + 36 for uid in uids if uid != "urn:uuid:kept")


def queries_of_export(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/export.vcf", params)
        cards = read_all(response)
    return len(queries), cards


def test_the_list_export_takes_the_same_number_of_queries_for_3_or_30_people(
    client_logged_in, user
):
    for n in range(3):
        make_ada(user, n)
    few, cards = queries_of_export(client_logged_in)
    assert len(cards) == 3
    for n in range(3, 30):
        make_ada(user, n)

    many, cards = queries_of_export(client_logged_in)

    assert len(cards) == 30
    assert many == few


def test_the_list_export_follows_the_people_filters(client_logged_in, user, other_user):
    make_ada(user)
    make_contact(user, "Grace", "Hopper", company="Navy")
    make_contact(other_user, "Mallory", "Evil", company="Navy")

    response = client_logged_in.get("/people/export.vcf", {"company": "Navy"})

    assert [card.fn.value for card in read_all(response)] == ["Grace Hopper"]
    assert response["Content-Disposition"] == 'attachment; filename="people.vcf"'
    tagged = read_all(client_logged_in.get("/people/export.vcf", {"tag": "pioneers"}))
    assert [card.fn.value for card in tagged] == ["Ada Lovelace"]
    assert len(read_all(client_logged_in.get("/people/export.vcf"))) == 2


def test_the_selected_people_export_as_vcards(client_logged_in, user):
    ada, grace = make_ada(user), make_contact(user, "Grace", "Hopper")
    make_contact(user, "Alan", "Turing")

    response = client_logged_in.post(
        "/people/bulk/",
        {"action": "export_vcard", "scope": "selected", "contact": [ada.pk, grace.pk]},
    )

    assert sorted(card.fn.value for card in read_all(response)) == ["Ada Lovelace", "Grace Hopper"]


def test_the_people_page_and_the_data_page_link_to_the_vcard_export(client_logged_in, user):
    make_ada(user)

    people = client_logged_in.get("/people/", {"company": "Analytical"}).content.decode()
    data = client_logged_in.get("/settings/data/").content.decode()

    assert 'href="/people/export.vcf?company=Analytical"' in people
    assert 'href="/people/export.vcf"' in data


def test_the_person_page_shows_the_qr_code_and_the_vcard_link(client_logged_in, user):
    ada = make_ada(user)

    page = client_logged_in.get(ada.get_absolute_url()).content.decode()

    assert f'src="/people/{ada.pk}/qr.svg"' in page
    assert "QR code of Ada Lovelace's contact card" in page
    assert f'href="/people/{ada.pk}/vcard/"' in page


def test_the_qr_code_is_an_svg_of_the_small_card(client_logged_in, user):
    ada = make_ada(user)

    response = client_logged_in.get(f"/people/{ada.pk}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") and b'fill="#fff' in response.content
    small = vobject.readOne(vcards.card(ada, small=True))
    assert small.fn.value == "Ada Lovelace"
    assert [t.value for t in small.tel_list] == ["+447700900123", "+442079460958"]
    assert [u.value for u in small.url_list] == ["https://www.linkedin.com/in/ada"]
    for left_out in ("note", "categories", "adr", "rev"):
        assert left_out not in small.contents
    assert len(vcards.card(ada, small=True).encode()) < 600


def test_another_users_person_is_a_404(client_logged_in, other_user):
    mallory = make_contact(other_user, "Mallory", "Evil")

    assert client_logged_in.get(f"/people/{mallory.pk}/vcard/").status_code == 404
    assert client_logged_in.get(f"/people/{mallory.pk}/qr.svg").status_code == 404


def test_the_exports_need_a_sign_in(client, user):
    ada = make_contact(user)

    for url in ("/people/export.vcf", f"/people/{ada.pk}/vcard/", f"/people/{ada.pk}/qr.svg"):
        assert client.get(url).status_code == 302
