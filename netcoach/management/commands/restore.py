from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netcoach import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Replaces the database with a backup, after checking it is a netcoach database of this "
        "version's schema and keeping a pre-restore snapshot of the current one. An account's "
        "snapshot (taken before an import) replaces only that account's data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=gettext_lazy("the backup file to restore"))

    def handle(self, *args, path, **options):
        try:
            restored = backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        counts = restored.counts
        words = {
            name: number_format(counts[name], force_grouping=True)
            for name in ("users", "contacts", "interactions", "invitations")
        }
        words.update(account=restored.account, path=path, kept=restored.pre_restore)
        if restored.account:
            self.stdout.write(
                _(
                    "Restored %(account)s's data from %(path)s: %(contacts)s contacts, "
                    "%(interactions)s interactions, %(invitations)s invitations. The other "
                    "accounts are as they were.\n%(account)s's data as it was before is kept "
                    "in %(kept)s."
                )
                % words
            )
        else:
            self.stdout.write(
                _(
                    "Restored %(path)s: %(users)s user(s), %(contacts)s contacts, "
                    "%(interactions)s interactions, %(invitations)s invitations.\nThe database "
                    "as it was before is kept in %(kept)s."
                )
                % words
            )
