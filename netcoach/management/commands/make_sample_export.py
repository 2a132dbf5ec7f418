from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netcoach.linkedin.sample import ERAS, build_sample_export


class Command(BaseCommand):
    help = gettext_lazy(
        "Writes a synthetic LinkedIn data export with every quirk of the real ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help=gettext_lazy("where to write the ZIP"))
        parser.add_argument("--connections", type=int, default=500)
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--invitations", type=int, default=200)
        parser.add_argument("--era", type=int, choices=ERAS, default=2026)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--newer",
            action="store_true",
            help=gettext_lazy("the next export of the same network"),
        )

    def handle(self, *args, out, connections, messages, invitations, era, seed, newer, **options):
        data = build_sample_export(
            connections=connections,
            messages=messages,
            invitations=invitations,
            era=era,
            seed=seed,
            newer=newer,
        )
        out.write_bytes(data)
        if newer:
            line = _(
                "Wrote %(path)s: a newer %(era)s export with %(connections)s connections, "
                "%(messages)s messages and %(invitations)s invitations (%(size)s MB)."
            )
        else:
            line = _(
                "Wrote %(path)s: a %(era)s export with %(connections)s connections, "
                "%(messages)s messages and %(invitations)s invitations (%(size)s MB)."
            )
        self.stdout.write(
            line
            % {
                "path": out,
                "era": era,
                "connections": number_format(connections, force_grouping=True),
                "messages": number_format(messages, force_grouping=True),
                "invitations": number_format(invitations, force_grouping=True),
                "size": number_format(len(data) / 1e6, 1),
            }
        )
