from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from netcoach import portability


class Command(BaseCommand):
    help = gettext_lazy(
        "Writes everything a user owns to a ZIP: one CSV per kind and netcoach.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=gettext_lazy("the username"))
        parser.add_argument("out", type=Path, help=gettext_lazy("the ZIP to write"))

    def handle(self, *args, user, out, **options):
        owner = _user(user)
        if out.exists():
            raise CommandError(
                _("%(path)s exists already: choose a new file name.") % {"path": out}
            )
        partial = out.with_name(out.name + ".part")
        try:
            with partial.open("wb") as f:
                counts = portability.write_export(owner, f)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        rows = sum(counts.values())
        self.stdout.write(
            ngettext(
                "Exported %(n)s row of %(user)s's data to %(path)s.",
                "Exported %(n)s rows of %(user)s's data to %(path)s.",
                rows,
            )
            % {"n": number_format(rows, force_grouping=True), "user": user, "path": out}
        )


def _user(username):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("There is no user %(name)s.") % {"name": repr(username)}) from None
