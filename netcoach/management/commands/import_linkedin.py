import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netcoach.linkedin.apply import STEPS, import_file, summary_lines
from netcoach.linkedin.archive import ExportError

BAR_WIDTH = 30


class Command(BaseCommand):
    help = gettext_lazy("Imports a LinkedIn data export (ZIP or Connections.csv) for a user.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--user", required=True, help=gettext_lazy("the username to import for")
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("read the archive even if already imported"),
        )

    def handle(self, *args, path, user, force, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(_("No user named %(name)s.") % {"name": repr(user)})
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        show_bar = sys.stderr.isatty()
        try:
            with path.open("rb") as source:
                run = import_file(
                    source,
                    path.name,
                    owner,
                    force=force,
                    progress=self._bar if show_bar else None,
                    max_upload_bytes=settings.NETCOACH_MAX_UPLOAD_BYTES,
                )
        except ExportError as err:
            raise CommandError(str(err)) from err
        finally:
            if show_bar:
                sys.stderr.write("\r" + " " * (BAR_WIDTH + 40) + "\r")
        for line in summary_lines(run):
            self.stdout.write(line)

    def _bar(self, step):
        done = STEPS.index(step)
        filled = BAR_WIDTH * done // len(STEPS)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        label = {
            "read": _("reading"),
            "connections": _("connections"),
            "invitations": _("invitations"),
            "messages": _("messages"),
            "notes": _("notes"),
            "endorsements": _("endorsements"),
        }.get(step, step)
        sys.stderr.write(f"\r[{bar}] {done}/{len(STEPS)} {label:<16}")
        sys.stderr.flush()
