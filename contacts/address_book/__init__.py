"""Importing an address book: the phone's, Google Contacts' or Outlook's contacts.

Two layers, as the LinkedIn importer (docs/importing.md, "Address books"): `read` (a file in,
plain `Card`s and card-level warnings out, no ORM) and `apply` (the cards matched against the
owner's people, a `Plan` to preview, then written in one transaction).
"""
