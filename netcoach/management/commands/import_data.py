from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from netcoach import portability
from netcoach.management.commands.export_data import _user


class Command(BaseCommand):
    help = gettext_lazy(
        "Imports a netcoach export ZIP into a user's empty account, all or nothing "
        "(after a pre-import snapshot of the database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=gettext_lazy("the username"))
        parser.add_argument("path", type=Path, help=gettext_lazy("the export ZIP"))

    def handle(self, *args, user, path, **options):
        owner = _user(user)
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        try:
            with path.open("rb") as f:
                created = portability.import_export(owner, f)
        except portability.DataFileError as error:
            raise CommandError(str(error)) from error
        rows = sum(created.values())
        self.stdout.write(
            ngettext(
                "Imported %(n)s row into %(user)s's account from %(path)s.",
                "Imported %(n)s rows into %(user)s's account from %(path)s.",
                rows,
            )
            % {"n": number_format(rows, force_grouping=True), "user": user, "path": path}
        )
