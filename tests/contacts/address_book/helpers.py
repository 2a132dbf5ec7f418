"""The fixture files of the address book tests, and a short way to import one."""

import hashlib
from pathlib import Path

from contacts.address_book.apply import apply_address_book, plan
from contacts.address_book.read import read_address_book

FILES = Path(__file__).parent / "files"


def book(name: str):
    return read_address_book((FILES / name).read_bytes(), name)


def vcf(text: str, name="contacts.vcf"):
    return read_address_book(text.replace("\n", "\r\n").encode(), name)


def import_book(owner, address_book, decisions=None, name="contacts.vcf"):
    return apply_address_book(
        address_book,
        owner,
        file_name=name,
        sha256=hashlib.sha256(b"x").hexdigest(),
        decisions=decisions,
    )


__all__ = ["FILES", "book", "import_book", "plan", "vcf"]
