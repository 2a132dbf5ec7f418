"""A LinkedIn import that stops inside its transaction until it is killed.

`python -m tests.netcoach.linkedin.paused_import ARCHIVE USERNAME` runs the importer's entry
point (the one the page and `import_linkedin` call) with a progress callback that, at the
messages step (the connections and invitations are written, the transaction is open), prints
"paused" and waits on standard input. The fault test kills it there: no sleep decides when.
"""

import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from netcoach.linkedin.apply import import_file  # noqa: E402

PAUSE_AT = "messages"


def pause_inside_the_transaction(step):
    if step == PAUSE_AT:
        print("paused", flush=True)
        sys.stdin.read()  # returns only if the test closes stdin instead of killing


def main(archive: str, username: str):
    owner = get_user_model().objects.get(username=username)
    path = Path(archive)
    with path.open("rb") as source:
        import_file(source, path.name, owner, progress=pause_inside_the_transaction)


if __name__ == "__main__":
    main(*sys.argv[1:])
