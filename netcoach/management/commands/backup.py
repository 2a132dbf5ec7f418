from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netcoach import backups
from netcoach.linkedin import notices


class Command(BaseCommand):
    help = gettext_lazy(
        "Takes a snapshot of the database with SQLite's online backup: into PATH when given, "
        "else into the data directory's backups/ folder (kept with the manual backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, help=gettext_lazy("where to write the snapshot")
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            written = backups.snapshot("manual")
        else:
            if path.exists():
                raise CommandError(
                    _("%(path)s exists already: choose a new file name.") % {"path": path}
                )
            if not path.parent.is_dir():
                raise CommandError(_("%(path)s is not a folder.") % {"path": path.parent})
            written = backups.write_snapshot(path)
        size = written.stat().st_size
        self.stdout.write(
            _("Backed up the database to %(path)s (%(size)s).")
            % {"path": written, "size": notices.size(size)}
        )
