"""`manage.py import_contacts`: the same reader and writer as the page, from a terminal."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact
from tests.contacts.address_book.helpers import FILES
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_contacts", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_an_ios_export_and_a_second_time_changes_nothing(user):
    out, _ = run(FILES / "ios.vcf", "--user", user.username)
    assert "2 new people" in out
    names = set(Contact.objects.filter(owner=user).values_list("last_name", flat=True))
    assert "Lovelace" in names

    out, _ = run(FILES / "ios.vcf", "--user", user.username)
    assert "0 new people" in out and "0 people enriched" in out
    assert Contact.objects.filter(owner=user).count() == 2


def test_a_dry_run_writes_nothing(user):
    out, _ = run(FILES / "ios.vcf", "--user", user.username, "--dry-run")
    assert "2 new people" in out and "Dry run: nothing was written." in out
    assert not Contact.objects.filter(owner=user).exists()


def test_a_card_sharing_only_a_name_is_skipped_unless_asked(user):
    make_contact(user, first_name="Ada", last_name="Lovelace")
    out, _ = run(FILES / "ios.vcf", "--user", user.username)
    assert "matched two people or only a name" in out
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 1

    run(FILES / "ios.vcf", "--user", user.username, "--ambiguous", "new")
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 2


def test_a_broken_file_is_a_clear_error_and_writes_nothing(user):
    with pytest.raises(CommandError, match=r"broken_middle\.vcf: card 2"):
        run(FILES / "broken_middle.vcf", "--user", user.username)
    assert not Contact.objects.filter(owner=user).exists()


def test_an_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user named"):
        run(FILES / "ios.vcf", "--user", "nobody")
