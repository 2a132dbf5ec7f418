from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netcoach import backups


class Command(BaseCommand):
    help = (
        "Takes a snapshot of the database with SQLite's online backup: into PATH when given, "
        "else into the data directory's backups/ folder (kept with the manual backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="where to write the snapshot")

    def handle(self, *args, path=None, **options):
        if path is None:
            written = backups.snapshot("manual")
        else:
            if path.exists():
                raise CommandError(f"{path} exists already: choose a new file name.")
            if not path.parent.is_dir():
                raise CommandError(f"{path.parent} is not a folder.")
            written = backups.write_snapshot(path)
        size = written.stat().st_size
        self.stdout.write(f"Backed up the database to {written} ({size:,} bytes).")
