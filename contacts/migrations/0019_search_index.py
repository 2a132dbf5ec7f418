"""The full-text index (contacts/search.py): its FTS5 table, its triggers, its first build."""

from django.db import migrations

from contacts import search


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(search.CREATE_TABLE)
        search.rebuild(cursor)
        search.create_triggers(cursor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        search.drop_triggers(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {search.TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ("contacts", "0018_company_marks"),
        ("invitations", "0004_talk_first_and_ticks"),
    ]

    operations = [migrations.RunPython(create, drop)]
