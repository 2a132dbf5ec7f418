from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netcoach import portability
from netcoach.management.commands.export_data import _user


class Command(BaseCommand):
    help = (
        "Imports a netcoach export ZIP into a user's empty account, all or nothing "
        "(after a pre-import snapshot of the database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the username")
        parser.add_argument("path", type=Path, help="the export ZIP")

    def handle(self, *args, user, path, **options):
        owner = _user(user)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as f:
                created = portability.import_export(owner, f)
        except portability.DataFileError as error:
            raise CommandError(str(error)) from error
        rows = sum(created.values())
        self.stdout.write(f"Imported {rows:,} rows into {user}'s account from {path}.")
