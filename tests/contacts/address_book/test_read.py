"""Reading address books as the phones, Google and Outlook write them: real-shaped files."""

import pytest

from contacts.address_book.read import AddressBookError, parse_birthday, read_address_book
from contacts.models import Birthday
from tests.contacts.address_book.helpers import FILES, book, vcf


def test_an_ios_export_reads_item_groups_labels_a_yearless_birthday_and_the_linkedin_profile():
    ios = book("ios.vcf")
    ada, charles = ios.cards
    assert (ada.first_name, ada.last_name) == ("Ada", "Lovelace")
    assert ada.phones == [("+44 20 7946 0958", "mobile"), ("020 7946 0000", "work")]
    assert ada.emails == [("ada@engines.example", "work"), ("ada.home@example.org", "home")]
    assert ada.profile_url == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.websites == [("https://ada.example.org", "other")]
    assert (ada.company, ada.position, ada.city) == (
        "Analytical Engines Ltd",
        "Chief Mathematician",
        "London",
    )
    assert ada.birthday == Birthday(12, 10)  # 1604 is Apple's "no year"
    assert ada.note == "Met at the Royal Society, 1843.\nAsk about the engine."
    assert ada.tags == ["Friends", "Mathematics"]
    assert ada.uid == "7C3A9D4E-1234-4D2A-9C1B-2F0E5A6B7C8D"
    assert charles.phones == [("07700 900123", "mobile")]  # "iPhone" is a mobile
    assert charles.birthday == Birthday(12, 26, 1791)
    assert "photo" not in ios.read and "address" in ios.ignored
    assert ios.read == [
        "names",
        "emails",
        "phones",
        "company",
        "title",
        "birthday",
        "websites",
        "linkedin",
        "city",
        "note",
        "tags",
        "uid",
    ]


def test_a_google_vcard_leaves_out_googles_own_groups():
    grace, alan = book("google.vcf").cards
    assert grace.profile_url == "https://www.linkedin.com/in/grace-hopper"
    assert grace.tags == ["Computing"]
    assert grace.phones == [("+1 415 555 0100", "mobile"), ("(415) 555-0199", "work")]
    assert alan.tags == []
    assert alan.birthday == Birthday(6, 23)


def test_a_vcard_2_1_with_quoted_printable_is_decoded_soft_line_breaks_included():
    rene, marie = book("android21.vcf").cards
    assert (rene.first_name, rene.last_name) == ("René", "Lévesque")
    assert rene.company == "Société Générale d'Études"
    assert rene.note == (
        "Rencontré à Lyon, café du marché.\n"
        "Deuxième ligne très longue qui continue après un saut de ligne doux."
    )
    assert rene.phones == [("+33612345678", "mobile"), ("01 42 68 53 00", "work")]
    assert rene.birthday == Birthday(3, 15, 1980)
    # The base64 photo and the empty line after it end neither the card nor the file.
    assert marie.phones == [("+33 1 44 27 00 00", "home")]


def test_outlooks_vcard_and_a_vcard_4_are_read():
    (margaret,) = book("outlook.vcf").cards
    assert margaret.phones == [("(617) 555-0142", "work"), ("(617) 555-0143", "mobile")]
    assert margaret.city == "Cambridge"
    (katherine,) = book("v4.vcf").cards
    assert katherine.phones == [("+1-757-555-0101", "mobile")]
    assert katherine.birthday == Birthday(8, 26)
    assert katherine.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"


def test_googles_newer_csv_splits_the_values_of_one_cell_and_names_lines():
    google = book("google_new.csv")
    assert google.kind == "google_csv"
    grace, alan = google.cards
    assert grace.emails == [
        ("grace@navy.example", "work"),
        ("grace.hopper@navy.example", "work"),
        ("amazing.grace@example.com", "home"),
    ]
    assert grace.profile_url == "https://www.linkedin.com/in/grace-hopper"
    assert grace.note == "Found the moth,\nin the relay."
    assert grace.tags == ["Computing"]
    assert grace.city == "Arlington"
    assert (alan.number, alan.birthday) == (5, Birthday(6, 23))  # Grace's row takes 3 lines
    assert {"photo", "middle_name", "nickname"} <= set(google.ignored)


def test_googles_older_csv_is_read_too():
    google = book("google_old.csv")
    assert google.kind == "google_csv_old"
    hedy, claude = google.cards
    assert hedy.emails == [("hedy@mgm.example", "work"), ("hedy@example.org", "work")]
    assert (hedy.company, hedy.position, hedy.tags) == (
        "MGM Studios",
        "Actress and inventor",
        ["Inventors"],
    )
    assert claude.birthday == Birthday(4, 30)


def test_an_outlook_csv_in_windows_1252_is_read():
    outlook = book("outlook.csv")
    assert outlook.kind == "outlook_csv"
    frances, francoise = outlook.cards
    assert frances.birthday == Birthday(8, 4, 1932)  # month first
    assert frances.tags == ["Research", "Compilers"]
    assert frances.phones == [("+1 914 555 0110", "mobile"), ("+1 914 555 0111", "work")]
    assert (francoise.first_name, francoise.last_name) == ("Françoise", "Barré-Sinoussi")
    assert francoise.birthday is None  # Outlook's 0/0/00
    assert francoise.city == "Paris"


def test_a_utf8_bom_and_utf16_are_read():
    text = (FILES / "google_new.csv").read_text(encoding="utf-8-sig")
    utf16 = read_address_book(text.encode("utf-16"), "contacts.csv")
    assert [c.name for c in utf16.cards] == ["Grace Hopper", "Alan Turing"]


def test_hostile_text_is_kept_as_text_cleaned_of_direction_overrides_and_cut():
    hostile = book("hostile.vcf")
    (card,) = hostile.cards
    assert card.first_name == "<script>alert(1)</script>"
    assert card.company == "=cmd|' /C calc'!A0"
    assert card.position == "Adecalevol"  # the right-to-left override is gone
    assert card.emails == [("evil@example.org", "work")]
    assert card.websites == [("http://example.org/<script>alert(1)</script>", "other")]
    assert card.uid == ""
    assert card.birthday is None
    warnings = [str(w) for w in hostile.warnings]
    where = 'card 1 (<script>alert(1)</script> "><img src=x onerror=alert(1)>)'
    assert f"{where}: URL “javascript:alert(1)” is not a web address: left out." in warnings
    assert f"{where}: URL “javascript://%0aalert(1)” is not a web address: left out." in warnings
    assert f"{where}: UID is longer than 200 characters: left out." in warnings
    assert (
        f"{where}: BDAY “<script>alert(1)</script>” is not a date: the birthday was left out."
        in warnings
    )


def test_a_long_value_is_cut_with_a_warning():
    address_book = vcf(f"BEGIN:VCARD\nVERSION:3.0\nN:Lovelace;Ada\nORG:{'x' * 400}\nEND:VCARD\n")
    assert len(address_book.cards[0].company) == 300
    assert [str(w) for w in address_book.warnings] == [
        "card 1 (Ada Lovelace): ORG is longer than 300 characters: cut."
    ]


def test_an_unreadable_birthday_is_a_warning_naming_the_card_and_the_card_is_kept():
    address_book = vcf("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nBDAY:1980-13-45\nEND:VCARD\n")
    assert address_book.cards[0].name == "Ada Lovelace"
    assert [str(w) for w in address_book.warnings] == [
        "card 1 (Ada Lovelace): BDAY “1980-13-45” is not a date: the birthday was left out."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("--0315", Birthday(3, 15)),
        ("--03-15", Birthday(3, 15)),
        ("19800315", Birthday(3, 15, 1980)),
        ("1980-03-15", Birthday(3, 15, 1980)),
        ("1980-03-15T00:00:00Z", Birthday(3, 15, 1980)),
        ("--02-29", Birthday(2, 29)),
        ("0/0/00", None),
        ("1980-02-30", False),
        ("soon", False),
    ],
)
def test_birthdays_in_every_form_the_address_books_write(text, expected):
    assert parse_birthday(text) == expected


def test_a_broken_card_in_the_middle_is_named_and_nothing_is_read():
    with pytest.raises(AddressBookError) as refused:
        book("broken_middle.vcf")
    assert str(refused.value) == (
        "broken_middle.vcf: card 2 (Ada Lovelace), starting line 7: it has no END:VCARD."
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"hello",
            "contacts.vcf",
            "contacts.vcf is not a vCard file: it does not start with BEGIN:VCARD.",
        ),
        (
            b"\x89PNG\r\n",
            "photo.png",
            "photo.png is neither a vCard file (.vcf) nor a contacts CSV (.csv): nothing was imported.",
        ),
        (
            b"a,b,c\n1,2,3\n",
            "contacts.csv",
            "contacts.csv is not a contacts CSV netcoach knows (Google Contacts or Outlook): its first line is “a,b,c”.",
        ),
        (
            b"BEGIN:VCARD\nFN:A\n\xff\xfe\nEND:VCARD\n",
            "x.vcf",
            "x.vcf is not UTF-8 text (line 3): export it again as UTF-8, or as vCard.",
        ),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nthis is no line\nEND:VCARD\n",
            "x.vcf",
            "card 1 (Ada), line 4: “this is no line” is not a vCard line (NAME:value).",
        ),
        (
            b"BEGIN:VCARD\nEND:VCARD\nFN:Ada\n",
            "x.vcf",
            "x.vcf, line 3: text outside any card (a card starts with BEGIN:VCARD).",
        ),
        (
            b'First Name,Last Name,E-mail 1 - Value\n"Ada,Lovelace\n',
            "g.csv",
            "g.csv, line 2: the CSV is broken (unexpected end of data).",
        ),
    ],
)
def test_what_is_no_address_book_is_refused_with_where(data, name, message):
    with pytest.raises(AddressBookError) as refused:
        read_address_book(data, name)
    assert str(refused.value) == message


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(AddressBookError, match="larger than 1 MB"):
        read_address_book(b"BEGIN:VCARD\n" + b"x" * (1024 * 1024), "big.vcf", max_bytes=1024 * 1024)
