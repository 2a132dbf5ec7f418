import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.address_book.apply import NEW, SKIP, apply_address_book, plan
from contacts.address_book.read import AddressBookError, read_address_book


class Command(BaseCommand):
    help = gettext_lazy(
        "Imports an address book (a .vcf, or a Google Contacts or Outlook CSV) for a user."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--user", required=True, help=gettext_lazy("the username to import for")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("say what the import would do, and write nothing"),
        )
        parser.add_argument(
            "--ambiguous",
            choices=[SKIP, NEW],
            default=SKIP,
            help=gettext_lazy(
                "what to do with a card that matches two people, or only a name: skip it "
                "(the default) or add it as a new person"
            ),
        )

    def handle(self, *args, path, user, dry_run, ambiguous, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(_("No user named %(name)s.") % {"name": repr(user)})
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        data = path.read_bytes()
        try:
            book = read_address_book(data, path.name)
        except AddressBookError as err:
            raise CommandError(str(err)) from err
        for warning in book.warnings:
            self.stderr.write(str(warning))
        questions = plan(book, owner).questions
        decisions = {entry.card.number: ambiguous for entry in questions}
        if dry_run:
            counts = plan(book, owner, decisions).counts()
        else:
            run = apply_address_book(
                book,
                owner,
                file_name=path.name,
                sha256=hashlib.sha256(data).hexdigest(),
                decisions=decisions,
            )
            counts = run.counts
        self.stdout.write(self._summary(counts, len(questions), dry_run))

    def _summary(self, counts, questions, dry_run) -> str:
        words = [
            ngettext("%(n)s card read", "%(n)s cards read", counts["cards"]),
            ngettext("%(n)s new person", "%(n)s new people", counts["created"]),
            ngettext("%(n)s person enriched", "%(n)s people enriched", counts["enriched"]),
            ngettext("%(n)s unchanged", "%(n)s unchanged", counts["unchanged"]),
            ngettext("%(n)s skipped", "%(n)s skipped", counts["skipped"]),
        ]
        numbers = ["cards", "created", "enriched", "unchanged", "skipped"]
        line = ", ".join(w % {"n": counts[k]} for w, k in zip(words, numbers, strict=True))
        if questions:
            line += ". " + ngettext(
                "%(n)s card matched two people or only a name (--ambiguous decides).",
                "%(n)s cards matched two people or only a name (--ambiguous decides).",
                questions,
            ) % {"n": questions}
        if dry_run:
            line += " " + _("Dry run: nothing was written.")
        return line
