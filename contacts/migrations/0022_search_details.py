"""The search index's person documents also hold the person's city, phone numbers, email
addresses and websites: their triggers (a detail added, changed or deleted; a city changed) and
the index built again.

The statements are frozen here as contacts/search.py wrote them when this migration was made
(as 0019 froze its own); going back restores 0019's triggers and documents.
"""

import importlib

from django.db import migrations

FORWARD = [
    'DROP TRIGGER IF EXISTS search_contact_insert',
    'DROP TRIGGER IF EXISTS search_contact_update',
    'DROP TRIGGER IF EXISTS search_contact_delete',
    'DROP TRIGGER IF EXISTS search_note_insert',
    'DROP TRIGGER IF EXISTS search_note_update',
    'DROP TRIGGER IF EXISTS search_note_delete',
    'DROP TRIGGER IF EXISTS search_interaction_insert',
    'DROP TRIGGER IF EXISTS search_interaction_update',
    'DROP TRIGGER IF EXISTS search_interaction_delete',
    'DROP TRIGGER IF EXISTS search_invitation_insert',
    'DROP TRIGGER IF EXISTS search_invitation_update',
    'DROP TRIGGER IF EXISTS search_invitation_delete',
    'DROP TRIGGER IF EXISTS search_tagging_insert',
    'DROP TRIGGER IF EXISTS search_tagging_delete',
    'DROP TRIGGER IF EXISTS search_tag_rename',
    'DROP TRIGGER IF EXISTS search_detail_insert',
    'DROP TRIGGER IF EXISTS search_detail_delete',
    'DROP TRIGGER IF EXISTS search_detail_update',
    "CREATE TRIGGER search_contact_insert AFTER INSERT ON contacts_contact BEGIN INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = NEW.id; END",
    "CREATE TRIGGER search_contact_update AFTER UPDATE OF first_name, last_name, company, position, city, how_we_met, owner_id ON contacts_contact BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((0) << 40) + (OLD.id)); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = NEW.id; END",
    'CREATE TRIGGER search_contact_delete AFTER DELETE ON contacts_contact BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((0) << 40) + (OLD.id)); END',
    "CREATE TRIGGER search_note_insert AFTER INSERT ON contacts_note BEGIN INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((n.owner_id) << 43) + ((1) << 40) + (n.id)), n.contact_id, n.created_at, '', '', '', n.text\nFROM contacts_note n WHERE n.id = NEW.id; END",
    "CREATE TRIGGER search_note_update AFTER UPDATE OF text, contact_id, owner_id, created_at ON contacts_note BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((1) << 40) + (OLD.id)); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((n.owner_id) << 43) + ((1) << 40) + (n.id)), n.contact_id, n.created_at, '', '', '', n.text\nFROM contacts_note n WHERE n.id = NEW.id; END",
    'CREATE TRIGGER search_note_delete AFTER DELETE ON contacts_note BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((1) << 40) + (OLD.id)); END',
    "CREATE TRIGGER search_interaction_insert AFTER INSERT ON contacts_interaction BEGIN INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((i.owner_id) << 43) + (((CASE WHEN i.kind IN ('met', 'video', 'phone') THEN 3 ELSE 2 END)) << 40) + (i.id)),\n       i.contact_id, i.occurred_at, '', i.place, '', i.summary\nFROM contacts_interaction i WHERE (i.summary != '' OR i.place != '') AND i.id = NEW.id; END",
    "CREATE TRIGGER search_interaction_update AFTER UPDATE OF summary, place, kind, contact_id, occurred_at, owner_id ON contacts_interaction BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + (((CASE WHEN OLD.kind IN ('met', 'video', 'phone') THEN 3 ELSE 2 END)) << 40) + (OLD.id)); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((i.owner_id) << 43) + (((CASE WHEN i.kind IN ('met', 'video', 'phone') THEN 3 ELSE 2 END)) << 40) + (i.id)),\n       i.contact_id, i.occurred_at, '', i.place, '', i.summary\nFROM contacts_interaction i WHERE (i.summary != '' OR i.place != '') AND i.id = NEW.id; END",
    "CREATE TRIGGER search_interaction_delete AFTER DELETE ON contacts_interaction BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + (((CASE WHEN OLD.kind IN ('met', 'video', 'phone') THEN 3 ELSE 2 END)) << 40) + (OLD.id)); END",
    "CREATE TRIGGER search_invitation_insert AFTER INSERT ON invitations_invitation BEGIN INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((v.owner_id) << 43) + ((4) << 40) + (v.id)), v.contact_id,\n       coalesce(v.sent_at, v.created_at), v.name, '', v.headline, v.message\nFROM invitations_invitation v WHERE v.id = NEW.id; END",
    "CREATE TRIGGER search_invitation_update AFTER UPDATE OF name, headline, message, contact_id, sent_at, created_at, owner_id ON invitations_invitation BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((4) << 40) + (OLD.id)); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((v.owner_id) << 43) + ((4) << 40) + (v.id)), v.contact_id,\n       coalesce(v.sent_at, v.created_at), v.name, '', v.headline, v.message\nFROM invitations_invitation v WHERE v.id = NEW.id; END",
    'CREATE TRIGGER search_invitation_delete AFTER DELETE ON invitations_invitation BEGIN DELETE FROM search_index WHERE rowid = (((OLD.owner_id) << 43) + ((4) << 40) + (OLD.id)); END',
    "CREATE TRIGGER search_tagging_insert AFTER INSERT ON contacts_contact_tags BEGIN DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = NEW.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = NEW.contact_id; END",
    "CREATE TRIGGER search_detail_insert AFTER INSERT ON contacts_contactdetail BEGIN DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = NEW.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = NEW.contact_id; END",
    "CREATE TRIGGER search_tagging_delete AFTER DELETE ON contacts_contact_tags BEGIN DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = OLD.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = OLD.contact_id; END",
    "CREATE TRIGGER search_detail_delete AFTER DELETE ON contacts_contactdetail BEGIN DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = OLD.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = OLD.contact_id; END",
    "CREATE TRIGGER search_detail_update AFTER UPDATE OF value, contact_id ON contacts_contactdetail BEGIN DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = OLD.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = OLD.contact_id; DELETE FROM search_index WHERE rowid = (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id = NEW.contact_id); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id = NEW.contact_id; END",
    "CREATE TRIGGER search_tag_rename AFTER UPDATE OF name ON contacts_tag BEGIN DELETE FROM search_index WHERE rowid IN (SELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)) FROM contacts_contact c WHERE c.id IN (SELECT contact_id FROM contacts_contact_tags WHERE tag_id = NEW.id)); INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE c.id IN (SELECT contact_id FROM contacts_contact_tags WHERE tag_id = NEW.id); END",
    'DELETE FROM search_index',
    "INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((c.owner_id) << 43) + ((0) << 40) + (c.id)), c.id, NULL,\n       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),\n       trim(c.how_we_met || ' ' || coalesce((\n           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct\n           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||\n           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d\n                     WHERE d.contact_id = c.id), ''))\nFROM contacts_contact c WHERE 1",
    "INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((n.owner_id) << 43) + ((1) << 40) + (n.id)), n.contact_id, n.created_at, '', '', '', n.text\nFROM contacts_note n WHERE 1",
    "INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((i.owner_id) << 43) + (((CASE WHEN i.kind IN ('met', 'video', 'phone') THEN 3 ELSE 2 END)) << 40) + (i.id)),\n       i.contact_id, i.occurred_at, '', i.place, '', i.summary\nFROM contacts_interaction i WHERE (i.summary != '' OR i.place != '') AND 1",
    "INSERT INTO search_index (rowid, contact_id, at, title, org, role, body) \nSELECT (((v.owner_id) << 43) + ((4) << 40) + (v.id)), v.contact_id,\n       coalesce(v.sent_at, v.created_at), v.name, '', v.headline, v.message\nFROM invitations_invitation v WHERE 1",
]

DROPPED = [
    'DROP TRIGGER IF EXISTS search_contact_insert',
    'DROP TRIGGER IF EXISTS search_contact_update',
    'DROP TRIGGER IF EXISTS search_contact_delete',
    'DROP TRIGGER IF EXISTS search_note_insert',
    'DROP TRIGGER IF EXISTS search_note_update',
    'DROP TRIGGER IF EXISTS search_note_delete',
    'DROP TRIGGER IF EXISTS search_interaction_insert',
    'DROP TRIGGER IF EXISTS search_interaction_update',
    'DROP TRIGGER IF EXISTS search_interaction_delete',
    'DROP TRIGGER IF EXISTS search_invitation_insert',
    'DROP TRIGGER IF EXISTS search_invitation_update',
    'DROP TRIGGER IF EXISTS search_invitation_delete',
    'DROP TRIGGER IF EXISTS search_tagging_insert',
    'DROP TRIGGER IF EXISTS search_tagging_delete',
    'DROP TRIGGER IF EXISTS search_tag_rename',
    'DROP TRIGGER IF EXISTS search_detail_insert',
    'DROP TRIGGER IF EXISTS search_detail_delete',
    'DROP TRIGGER IF EXISTS search_detail_update',
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements() if callable(statements) else statements:
                cursor.execute(statement)

    return apply


def backward():
    # 0019's own statements, but its CREATE VIRTUAL TABLE: the table stays.
    created = importlib.import_module("contacts.migrations.0019_search_index").CREATE
    return [*DROPPED, *created[1:]]


class Migration(migrations.Migration):
    dependencies = [("contacts", "0021_calendar")]

    operations = [migrations.RunPython(run(FORWARD), run(backward))]
