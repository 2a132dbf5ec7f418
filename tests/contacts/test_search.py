"""The full-text index (contacts/search.py) and the search page: exact after every write path,
never across owners, safe with any text typed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import search as full_text
from contacts.models import Contact, Interaction, Note, Tag
from netcoach import backups
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from netcoach.portability import delete_all_data, import_export, write_export
from tests.factories import (
    htmx,
    make_contact,
    make_interaction,
    make_invitation,
    make_note,
    make_user,
)

pytestmark = pytest.mark.django_db
SMALL = {"connections": 200, "messages": 400, "invitations": 60}
# The crawl test's kind of text: markup a page must show, never run.
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_index_exact():
    """The index holds exactly the documents the tables give, no more, no less."""
    assert full_text.documents() == full_text.expected_documents()


def search_page(client, q, **params):
    return client.get("/search/", {"q": q, **params})


# ---- Exact after every write path -------------------------------------------------------------


def test_the_index_follows_the_forms(client_logged_in, user):
    ada = make_contact(user)
    client_logged_in.post(
        f"/people/{ada.pk}/edit/",
        {"first_name": "Ada", "last_name": "Byron", "company": "Analytical", "how_we_met": "Bath"},
    )
    client_logged_in.post(f"/people/{ada.pk}/notes/", {"text": "Wants the Q3 report"})
    client_logged_in.post(
        f"/people/{ada.pk}/interactions/", {"kind": "met", "summary": "Lyon data meetup"}
    )
    client_logged_in.post(f"/people/{ada.pk}/tags/", {"name": "speaker"})
    assert_index_exact()
    assert Contact.objects.get(pk=ada.pk).last_name == "Byron"
    assert "Byron" in search_page(client_logged_in, "byron").content.decode()
    assert "speaker" in search_page(client_logged_in, "speaker").content.decode()

    note = Note.objects.get(contact=ada)
    client_logged_in.post(f"/notes/{note.pk}/delete/")
    tag = Tag.objects.get(name="speaker")
    client_logged_in.post(f"/people/{ada.pk}/tags/{tag.pk}/remove/")
    assert_index_exact()


def test_the_index_follows_a_tag_renamed_and_a_merge_and_a_delete(user):
    ada = make_contact(user)
    twin = make_contact(user, first_name="Ada", last_name="King", company="Babbage")
    make_note(twin, text="Met at the école polytechnique")
    make_interaction(twin, kind="linkedin", direction="both", summary="About the Q3 report")
    tag = ada.add_tag("investor")
    tag.name = "angel"
    tag.save()
    assert_index_exact()

    ada.merge(twin)
    assert_index_exact()
    assert full_text.hits("ecole", user.pk, "note", limit=5)[0].contact_id == ada.pk

    Contact.objects.get(pk=ada.pk).delete()
    assert_index_exact()
    assert full_text.documents(user.pk) == set()


def test_a_person_is_found_by_their_city_email_address_phone_number_and_website(user):
    ada = make_contact(user, city="Lyon")
    twin = make_contact(user, first_name="Ada", last_name="King")
    ada.add_detail("email", "countess@engines.example", label="work")
    ada.add_detail("website", "https://analytical.example.org")
    ada.add_detail("phone", "+33 6 12 34 56 78", label="mobile")
    assert_index_exact()

    def found(text):
        return [h.contact_id for h in full_text.hits(text, user.pk, "person", limit=5)]

    assert found("lyon") == [ada.pk]
    assert found("countess") == [ada.pk]
    assert found("analytical") == [ada.pk]
    assert found("33612345678") == [ada.pk]

    detail = ada.details.get(kind="email")
    detail.value = "ada@elsewhere.example"
    detail.save()
    assert found("elsewhere") == [ada.pk] and found("countess") == []
    ada.city = "Paris"
    ada.save()
    assert found("lyon") == [] and found("paris") == [ada.pk]
    twin.merge(ada)  # the details move to the twin
    assert_index_exact()
    assert found("elsewhere") == [twin.pk]
    twin.details.all().delete()
    assert found("elsewhere") == []
    assert_index_exact()


def test_the_index_follows_a_first_import_and_a_newer_one(user):
    make_contact(user, first_name="Before", last_name="Import")

    import_file(build_sample_export(**SMALL), "first.zip", user)
    assert_index_exact()
    assert Interaction.objects.filter(owner=user, kind="linkedin").exists()

    import_file(build_sample_export(**SMALL, newer=True), "newer.zip", user)
    assert_index_exact()


def test_the_index_follows_an_address_book_first_and_then_completing_people(user, monkeypatch):
    from tests.contacts.address_book.helpers import import_book, vcf

    many = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nN:Zorro{i};Card;;;\nFN:Card Zorro{i}\nORG:Quokka {i}\n"
        f"EMAIL:card{i}@example.org\nEND:VCARD\n"
        for i in range(40)
    )
    monkeypatch.setattr(full_text, "BULK_FROM", 20)
    import_book(user, vcf(many))  # a first import: the index is built in bulk
    assert_index_exact()
    assert full_text.hits("quokka", user.pk, "person", limit=5)

    again = "BEGIN:VCARD\nVERSION:3.0\nN:Zorro1;Card;;;\nEMAIL:card1@example.org\nTITLE:Wombat keeper\nEND:VCARD\n"
    import_book(user, vcf(again))  # completing someone, the triggers on
    assert_index_exact()
    assert full_text.hits("wombat", user.pk, "person", limit=5)


def test_a_first_import_puts_the_triggers_back(user):
    import_file(build_sample_export(**SMALL), "first.zip", user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert cursor.fetchone()[0] >= len(full_text.TRIGGERS)
    make_note(Contact.objects.filter(owner=user).first(), text="zanzibar")
    assert full_text.hits("zanzibar", user.pk, "note", limit=5)


def test_the_index_follows_delete_all_and_a_restore(user, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ada = make_contact(user, company="Initech")
    make_note(ada, text="Lefèvre knows her")
    make_interaction(ada, summary="Coffee at the École")
    make_invitation(user, message="Let us connect", headline="CTO at Initech")
    buffer = io.BytesIO()
    write_export(user, buffer)
    fresh = make_user("fresh")

    import_export(fresh, io.BytesIO(buffer.getvalue()))
    assert_index_exact()
    assert full_text.hits("lefevre", fresh.pk, "note", limit=5)

    delete_all_data(user)
    assert_index_exact()
    assert full_text.documents(user.pk) == set()
    assert full_text.documents(fresh.pk)


def test_delete_all_of_the_only_account_empties_the_index_and_keeps_it_working(user):
    make_note(make_contact(user), text="zanzibar")

    delete_all_data(user)

    assert full_text.documents() == set()
    make_note(make_contact(user), text="zanzibar again")
    assert_index_exact()
    assert len(full_text.hits("zanzibar", user.pk, "note", limit=5)) == 1


# ---- What it finds ----------------------------------------------------------------------------


def test_accents_and_case_never_matter_and_words_are_prefixes(user):
    ada = make_contact(user, first_name="Hélène", last_name="Lefèvre")
    make_note(ada, text="Studied at the École normale")

    assert [h.contact_id for h in full_text.hits("LEFEVRE", user.pk, "person", limit=5)] == [ada.pk]
    assert full_text.hits("ecole", user.pk, "note", limit=5)
    assert list(Contact.objects.owned_by(user).type_ahead("hele lef")) == [ada]


def test_it_never_finds_another_owners_rows(user, other_user):
    mine = make_contact(user, first_name="Zoe")
    theirs = make_contact(other_user, first_name="Zoe")
    make_note(theirs, text="secret zanzibar")

    assert [h.contact_id for h in full_text.hits("zoe", user.pk, "person", limit=5)] == [mine.pk]
    assert full_text.hits("zanzibar", user.pk, "note", limit=5) == []
    assert list(Contact.objects.owned_by(user).type_ahead("zo", owner_id=user.pk)) == [mine]


def test_the_type_ahead_ids_come_in_the_querysets_order_layered_people_first(user, other_user):
    layered = [
        make_contact(user, first_name="Ada", last_name=last, layer=layer)
        for last, layer in (("Zeta", 1), ("Beta", 3), ("Alpha", 3))
    ]
    pool = [
        make_contact(user, first_name=first, last_name=last, company="Adatech")
        for first, last in (("Bob", "Young"), ("Ada", "Young"), ("Cy", "Abel"))
    ]
    make_contact(other_user, first_name="Ada", last_name="Aaron", layer=1)
    people = Contact.objects.owned_by(user)

    for limit in (2, 3, 4, 8):
        expected = list(people.type_ahead("ada", limit=limit).values_list("pk", flat=True))
        assert full_text.type_ahead_ids("ada", user.pk, limit=limit) == expected
    assert full_text.type_ahead_ids("ada", user.pk) == [
        layered[0].pk, layered[2].pk, layered[1].pk, pool[2].pk, pool[1].pk, pool[0].pk
    ]  # fmt: skip
    assert full_text.type_ahead_ids("cy ab", user.pk) == [pool[2].pk]
    assert full_text.type_ahead_ids("a", user.pk) == []
    assert full_text.type_ahead_ids('"', user.pk) == []


@pytest.mark.parametrize(
    "q",
    ['"', "*", "-", "NEAR(", "(((", "a AND", "OR", ")", '""*', "^x", "NOT", "col:umn", "{title}"],
)
def test_any_text_typed_is_safe(client_logged_in, user, q):
    make_contact(user, first_name="Near", last_name="Orwell")

    assert search_page(client_logged_in, q).status_code == 200
    assert client_logged_in.get("/people/", {"q": q}).status_code == 200
    assert client_logged_in.get("/people/search/", {"q": q}).status_code == 200


def test_quoted_operators_are_words(user):
    near = make_contact(user, first_name="Near", last_name="Orwell")

    assert [h.contact_id for h in full_text.hits("NEAR", user.pk, "person", limit=5)] == [near.pk]
    assert full_text.hits("OR", user.pk, "person", limit=5)


# ---- The search page --------------------------------------------------------------------------


def test_the_page_groups_what_it_finds_and_links_to_the_timeline(client_logged_in, user):
    sam = make_contact(user, first_name="Sam", last_name="Porter", company="Lyon Data")
    note = make_note(sam, text="Runs the Lyon data meetup")
    talk = make_interaction(sam, kind="linkedin", direction="both", summary="See you in Lyon!")
    met = make_interaction(sam, kind="met", place="Lyon", summary="Coffee")

    html = search_page(client_logged_in, "lyon").content.decode()

    for heading in ("People", "Companies", "Notes", "Conversations", "Meetings and calls"):
        assert f">{heading}<" in html
    assert f"/people/{sam.pk}/#note-{note.pk}" in html
    assert f"/people/{sam.pk}/#interaction-{talk.pk}" in html
    assert f"/people/{sam.pk}/#interaction-{met.pk}" in html
    assert "<mark>Lyon</mark>" in html
    person = client_logged_in.get(sam.get_absolute_url()).content.decode()
    assert f'id="note-{note.pk}"' in person
    assert f'id="interaction-{talk.pk}"' in person


def test_snippets_are_escaped(client_logged_in, user):
    ada = make_contact(user, first_name="Ada", position=HOSTILE)
    make_note(ada, text=f"zanzibar {HOSTILE}")

    html = search_page(client_logged_in, "zanzibar alert").content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>zanzibar</mark>" in html


def test_a_group_alone_is_paged(client_logged_in, user):
    ada = make_contact(user)
    for i in range(25):
        make_note(ada, text=f"zanzibar visit {i}")

    overview = search_page(client_logged_in, "zanzibar").content.decode()
    first = search_page(client_logged_in, "zanzibar", kind="note").content.decode()
    second = search_page(client_logged_in, "zanzibar", kind="note", page=2).content.decode()

    assert overview.count('class="hit"') == 5
    assert "kind=note" in overview
    assert first.count('class="hit"') == 20
    assert second.count('class="hit"') == 5
    assert "25 results" in first


def test_an_empty_search_says_what_to_do(client_logged_in):
    assert "Type a name" in search_page(client_logged_in, "").content.decode()
    assert "Nothing you know matches" in search_page(client_logged_in, "qwxz").content.decode()


def test_the_htmx_request_gets_the_groups_only(client_logged_in, user):
    make_contact(user)

    response = client_logged_in.get("/search/", {"q": "ada"}, headers=htmx())

    assert response.content.decode().lstrip().startswith('<div id="search-groups"')


def test_filters_still_combine_with_a_search(client_logged_in, user):
    close = make_contact(user, first_name="Ann", position="Engineer", layer=2)
    make_contact(user, first_name="Bob", position="Engineer")

    html = client_logged_in.get("/people/", {"q": "engineer", "layer": "2"}).content.decode()

    assert f"/people/{close.pk}/" in html
    assert "Bob" not in html


def seed(user, n):
    for i in range(n):
        person = make_contact(user, first_name=f"Lyon{i}", last_name="Data", company="Lyon Co")
        make_note(person, text="Lyon meetup")
        make_interaction(person, kind="linkedin", direction="both", summary="Lyon again")
        make_interaction(person, kind="met", place="Lyon")
        make_invitation(user, name=f"Lyon Person {i}", message="Lyon")


def test_the_number_of_queries_does_not_grow_with_the_data(client_logged_in, user):
    counts = []
    for n in (2, 12):
        seed(user, n if not counts else n - 2)
        with CaptureQueriesContext(connection) as queries:
            assert search_page(client_logged_in, "lyon").status_code == 200
        counts.append(len(queries.captured_queries))
        with CaptureQueriesContext(connection) as queries:
            client_logged_in.get("/people/search/", {"q": "lyon da"}, headers=htmx())
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_the_search_page_reads_the_hits_only_of_the_kinds_that_match(client_logged_in, user):
    ada = make_contact(user, first_name="Quillon", company="Quillon Labs")
    make_note(ada, text="met at the harbour")

    def statements(q):
        with CaptureQueriesContext(connection) as queries:
            assert search_page(client_logged_in, q).status_code == 200
        found = [query["sql"] for query in queries.captured_queries]
        return (
            sum("highlight(" in sql for sql in found),
            sum("company_key" in sql and full_text.TABLE in sql for sql in found),
        )

    assert statements("zzzz") == (0, 0)
    assert statements("harbour") == (1, 0)
    assert statements("quillon") == (1, 1)


def test_the_sample_archives_hostile_text_stays_escaped(client_logged_in, user):
    import_file(build_sample_export(**SMALL), "sample.zip", user)

    script = search_page(client_logged_in, "script alert", kind="invitation").content.decode()
    bold = search_page(client_logged_in, "growth pipeline", kind="invitation").content.decode()

    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)" in script
    assert "<script>alert" not in script
    assert "&lt;b&gt;<mark>growth</mark>&lt;/b&gt;" in bold
    assert "<b>growth" not in bold


def test_the_index_follows_an_accounts_backup_restored(user, other_user, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ada = make_contact(user)
    make_note(ada, text="before the snapshot")
    make_note(make_contact(other_user), text="theirs")
    path = backups.snapshot("pre-import", user)
    make_note(ada, text="zanzibar after")
    make_contact(user, first_name="Added", last_name="Later")

    backups.restore(path)

    assert_index_exact()
    assert full_text.hits("zanzibar", user.pk, "note", limit=5) == []
    assert full_text.hits("before", user.pk, "note", limit=5)
    assert full_text.hits("theirs", other_user.pk, "note", limit=5)


def test_a_phone_number_typed_the_users_way_finds_its_person(client_logged_in, user):
    """Numbers are stored in E.164 (+33612345678): typed nationally ("06 12 34 56 78"), with
    spaces or only their first digits, they still find the person, on the search page and the
    people list (the type-ahead looks for names, companies and positions only)."""
    ada = make_contact(user, first_name="Ada", last_name="Lovelace")
    ada.add_detail("phone", "+33 6 12 34 56 78", label="mobile")
    make_note(make_contact(user, first_name="Grace"), text="Order 123456 shipped")

    def search(q):
        return search_page(client_logged_in, q).content.decode()

    for typed in ("06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06 12 34", "06.12.34.56"):
        assert f"/people/{ada.pk}/" in search(typed), typed
    assert "Lovelace" in client_logged_in.get("/people/", {"q": "06 12 34 56 78"}).content.decode()
    # Digits that are no number stay words: the note is found, nobody's number is asked for.
    assert "Order" in search("123456") and f"/people/{ada.pk}/" not in search("123456")
    assert "Lovelace" not in search("07 98 76 54 32")
    # A number or a date written in a note is found as it was written, too.
    make_note(
        make_contact(user, first_name="Alan"), text="Call me on 07 98 76 54 32 from 01.02.2024"
    )
    assert "Call me" in search("07 98 76 54 32") and "Call me" in search("01.02.2024")
    assert "Alan" in client_logged_in.get("/people/", {"q": "07 98 76 54 32"}).content.decode()


def test_a_number_is_read_in_the_users_phone_region(client_logged_in, user):
    london = make_contact(user, first_name="Alan", last_name="Turing")
    london.add_detail("phone", "+44 20 7946 0958")
    assert "Turing" not in search_page(client_logged_in, "020 7946 0958").content.decode()

    user.preferences.phone_region = "GB"
    user.preferences.save()

    assert "Turing" in search_page(client_logged_in, "020 7946 0958").content.decode()
