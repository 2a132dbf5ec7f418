"""The search index without its prefix index on two letters: the table made again and its
documents built again (the triggers name the table, so they stay as 0022 made them).

A two-letter prefix query costs the same without it (0.3 ms against 0.35 ms for the type-ahead's
people, measured at the maximum archive), and the first import builds its index a third faster
(docs/architecture.md, "Search"). The statements are frozen here, as 0019 and 0022 froze theirs.
"""

import importlib

from django.db import migrations

CREATE = (
    "\nCREATE VIRTUAL TABLE search_index USING fts5(\n    contact_id UNINDEXED, at UNINDEXED, "
    "title, org, role, body,\n    tokenize = 'unicode61 remove_diacritics 2'\n)"
)
DETAILS = importlib.import_module("contacts.migrations.0022_search_details")
SEARCH_INDEX = importlib.import_module("contacts.migrations.0019_search_index")
# 0022's build of every document: its statements after its DELETE.
BUILD = DETAILS.CREATED[DETAILS.CREATED.index("DELETE FROM search_index") + 1 :]
run = SEARCH_INDEX.run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0022_search_details")]

    operations = [
        migrations.RunPython(
            run(["DROP TABLE search_index", CREATE, *BUILD]),
            run(["DROP TABLE search_index", SEARCH_INDEX.CREATE[0], *BUILD]),
        )
    ]
