from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netcoach import backups


class Command(BaseCommand):
    help = (
        "Replaces the database with a backup, after checking it is a netcoach database of this "
        "version's schema and keeping a pre-restore snapshot of the current one. An account's "
        "snapshot (taken before an import) replaces only that account's data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file to restore")

    def handle(self, *args, path, **options):
        try:
            restored = backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        counts = restored.counts
        holding = (
            f"{counts['contacts']:,} contacts, {counts['interactions']:,} interactions, "
            f"{counts['invitations']:,} invitations"
        )
        if restored.account:
            self.stdout.write(
                f"Restored {restored.account}'s data from {path}: {holding}. "
                "The other accounts are as they were.\n"
                f"{restored.account}'s data as it was before is kept in {restored.pre_restore}."
            )
        else:
            self.stdout.write(
                f"Restored {path}: {counts['users']} user(s), {holding}.\n"
                f"The database as it was before is kept in {restored.pre_restore}."
            )
