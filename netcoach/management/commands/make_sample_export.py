from pathlib import Path

from django.core.management.base import BaseCommand

from netcoach.linkedin.sample import ERAS, build_sample_export


class Command(BaseCommand):
    help = "Writes a synthetic LinkedIn data export with every quirk of the real ones."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="where to write the ZIP")
        parser.add_argument("--connections", type=int, default=500)
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--invitations", type=int, default=200)
        parser.add_argument("--era", type=int, choices=ERAS, default=2026)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--newer", action="store_true", help="the next export of the same network"
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
        kind = "newer " if newer else ""
        self.stdout.write(
            f"Wrote {out}: a {kind}{era} export with {connections:,} connections, "
            f"{messages:,} messages and {invitations:,} invitations ({len(data) / 1e6:.1f} MB)."
        )
