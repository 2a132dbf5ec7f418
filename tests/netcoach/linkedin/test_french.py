"""French in the importer: dates whose month is named in French are read, and what the import
reports (errors, warnings, notes on files) is shown in the reader's language."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contacts.models import ImportRun, Preferences
from netcoach.linkedin import notices
from netcoach.linkedin.apply import import_file, summary_lines
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.frames import english_months
from netcoach.linkedin.notices import Notice
from tests.netcoach.linkedin.zips import CONNECTIONS_2023, PREAMBLE, csv_text, make_zip, read

# Each month as French writes it: abbreviated with its period (Django's "N", as netcoach's
# French dates show it), the same without accent or period, and in full.
FRENCH = {
    1: ("janv.", "janv", "janvier", "Janvier"),
    2: ("févr.", "fevr", "février", "FÉVRIER", "fév."),
    3: ("mars",),
    4: ("avr.", "avril"),
    5: ("mai",),
    6: ("juin",),
    7: ("juil.", "juillet", "juill."),
    8: ("août", "aout", "Août"),
    9: ("sept.", "septembre", "sep."),
    10: ("oct.", "octobre"),
    11: ("nov.", "novembre"),
    12: ("déc.", "décembre", "dec."),
}


def connections(*dates):
    rows = [f"P{i},Q{i},https://www.linkedin.com/in/p-{i},,,,{d}" for i, d in enumerate(dates)]
    return {"Connections.csv": csv_text(CONNECTIONS_2023, *rows, preamble=PREAMBLE)}


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("14 févr. 2020", date(2020, 2, 14)),
        ("3 janv. 2021", date(2021, 1, 3)),
        ("1 août 2019", date(2019, 8, 1)),
        ("1er août 2019", date(2019, 8, 1)),
        ("14 février 2020", date(2020, 2, 14)),
        ("28 nov. 2026", date(2026, 11, 28)),
        ("5 mai 2022", date(2022, 5, 5)),
        ("09-déc.-23", date(2023, 12, 9)),
        ("08 Feb 2021", date(2021, 2, 8)),  # LinkedIn's own English, unchanged
    ],
)
def test_a_date_with_a_french_month_is_read_without_a_warning(written, day):
    export = read(connections(written))

    assert [row.connected_on for row in export.connections] == [day]
    assert export.warnings == []


@given(
    st.dates(min_value=date(2003, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=4),
)
def test_every_day_written_in_french_reads_as_itself(day, form):
    forms = FRENCH[day.month]
    written = f"{day.day} {forms[form % len(forms)]} {day.year}"

    assert english_months(written) == day.strftime("%-d %b %Y")


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2003, 1, 1), max_value=date(2030, 12, 31)),
            st.integers(min_value=0, max_value=4),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_an_export_whose_dates_mix_french_and_english_months_reads_every_one(days):
    def written(day, form, french):
        if not french:
            return day.strftime("%d %b %Y")
        forms = FRENCH[day.month]
        return f"{day.day} {forms[form % len(forms)]} {day.year}"

    export = read(connections(*(written(*each) for each in days)))

    assert [row.connected_on for row in export.connections] == [day for day, _, _ in days]
    assert export.warnings == []


def test_french_dates_are_read_among_english_ones_and_a_wrong_one_still_warns():
    first = date(2020, 1, 1)
    written = [f"{(first + timedelta(days=i)).day} févr. 2020" for i in range(3)]
    export = read(connections("08 Feb 2021", *written, "14 brumaire 2020", "14 Mai 2020"))

    assert [row.connected_on for row in export.connections] == [
        date(2021, 2, 8),
        date(2020, 2, 1),
        date(2020, 2, 2),
        date(2020, 2, 3),
        None,
        date(2020, 5, 14),
    ]
    assert [w.message for w in export.warnings] == [
        "unreadable date '14 brumaire 2020': imported without it"
    ]


def test_words_that_are_no_french_month_are_left_alone():
    assert english_months("yesterday") == "yesterday"
    assert english_months("Marseille 2020") == "Marseille 2020"
    assert english_months("14 Mar 2020") == "14 Mar 2020"


# -- What the import reports, in the reader's language ------------------------------------


def test_a_notice_is_its_english_text_and_renders_in_the_active_language():
    notice = Notice("%(file)s is over the %(limit_bytes)s upload limit.", file="a.zip",
                    limit_bytes=200 * 1024 * 1024)  # fmt: skip

    assert notice == "a.zip is over the 200 MB upload limit."
    with translation.override("fr"):
        assert notice.translated() == "a.zip dépasse la limite d’envoi de 200 Mo."
        assert notices.text(notice.as_dict()) == notice.translated()
    assert notices.text(None, "kept as stored") == "kept as stored"


@pytest.mark.django_db
def test_an_export_error_speaks_the_active_language_and_keeps_its_notice():
    with translation.override("fr"):
        with pytest.raises(ExportError) as caught:
            import_file(b"not a zip", "notes.txt", _user("fr"))
        assert str(caught.value).startswith("notes.txt n’est ni une archive ZIP")
    with translation.override("en"):
        assert str(caught.value) == "notes.txt is not a ZIP archive or a LinkedIn CSV file."
    run = ImportRun.objects.get()
    assert run.error == "notes.txt is not a ZIP archive or a LinkedIn CSV file."
    assert run.counts["error"]["params"] == {"file": "notes.txt"}


def _user(language):
    from tests.factories import make_user

    user = make_user(username=f"u-{language}")
    Preferences.objects.filter(owner=user).update(language=language)
    return user


@pytest.mark.django_db
def test_a_refused_import_is_shown_in_french_to_a_french_user(client):
    user = _user("en")
    with pytest.raises(ExportError):
        import_file(b"not a zip", "notes.txt", user)  # in English, as by the command
    Preferences.objects.filter(owner=user).update(language="fr")
    client.force_login(user)

    html = unescape(client.get(f"/import/{ImportRun.objects.get().pk}/").content.decode())

    assert "notes.txt n’est ni une archive ZIP ni un fichier CSV de LinkedIn." in html
    assert "is not a ZIP archive" not in html


@pytest.mark.django_db
def test_an_upload_refused_on_the_page_says_why_in_french(client):
    user = _user("fr")
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/import/", {"archive": SimpleUploadedFile("notes.zip", b"PK\x03\x04 broken")}
    )

    html = unescape(response.content.decode())
    assert "notes.zip est une archive ZIP endommagée" in html or "notes.zip n’est ni" in html
    assert "is a damaged ZIP archive" not in html and "is not a ZIP archive" not in html


@pytest.mark.django_db
def test_the_warnings_of_an_import_are_shown_in_french_with_file_line_and_column(client):
    user = _user("en")
    files = connections("08 Feb 2021", "yesterday")
    files["Endorsement_Received_Info.csv"] = "Skill Name,First\nSQL,Ana\n"
    run = import_file(make_zip(files), "x.zip", user)
    assert "unreadable date 'yesterday': imported without it" in [
        w["message"] for w in run.warnings
    ]
    Preferences.objects.filter(owner=user).update(language="fr")
    client.force_login(user)

    html = unescape(client.get(f"/import/{run.pk}/").content.decode())

    assert "Connections.csv" in html and "Connected On" in html and "6" in html
    assert "date illisible 'yesterday' : ligne importée sans cette date" in html
    assert "imported without it" not in html
    assert "non lu : il manque Endorsement Date" in html  # the note on the file
    assert "Le fichier n’a pas été lu." in html


@pytest.mark.django_db
def test_the_command_s_summary_follows_the_active_language():
    user = _user("fr")
    run = import_file(make_zip(connections("08 Feb 2021", "yesterday")), "x.zip", user)

    with translation.override("en"):
        assert "Warnings: 1" in summary_lines(run)
    with translation.override("fr"):
        lines = summary_lines(run)
    assert "Avertissements : 1" in lines
    assert "Relations : 2 ajouts, 0 mises à jour, 0 sans changement" in lines


@pytest.mark.django_db
def test_the_importer_fragment_says_why_an_upload_is_refused_in_french(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import htmx

    client.force_login(_user("fr"))

    response = client.post(
        "/import/",
        {"archive": SimpleUploadedFile("notes.csv", b"nothing,LinkedIn,wrote\n1,2,3\n")},
        headers=htmx("importer"),
    )

    html = unescape(response.content.decode())
    assert "<html" not in html  # the fragment, not the page
    assert "notes.csv n’est ni une archive ZIP ni un fichier CSV de LinkedIn." in html
    assert "is not a ZIP archive" not in html
