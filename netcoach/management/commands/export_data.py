from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from netcoach import portability


class Command(BaseCommand):
    help = "Writes everything a user owns to a ZIP: one CSV per kind and netcoach.json."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the username")
        parser.add_argument("out", type=Path, help="the ZIP to write")

    def handle(self, *args, user, out, **options):
        owner = _user(user)
        if out.exists():
            raise CommandError(f"{out} exists already: choose a new file name.")
        partial = out.with_name(out.name + ".part")
        try:
            with partial.open("wb") as f:
                counts = portability.write_export(owner, f)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        rows = sum(counts.values())
        self.stdout.write(f"Exported {rows:,} rows of {user}'s data to {out}.")


def _user(username):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"There is no user {username!r}.") from None
