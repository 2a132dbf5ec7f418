"""An address book of 5,000 cards imported into the maximum archive (30,000 contacts): a third
of the cards enrich people found by email, the rest are new people. Target: under 5 s, the
reading of the file included."""

import hashlib
import time

from benchmarks.harness import seeded_client
from contacts.address_book.apply import apply_address_book
from contacts.address_book.read import read_address_book
from contacts.models import Contact

CARDS = 5000


def vcf(people: list[tuple[str, str, str]]) -> bytes:
    cards = []
    for i in range(CARDS):
        profile = ""
        if i % 3 == 0 and people:
            first, last, url = people[i // 3 % len(people)]
            email, profile = f"known{i}@example.com", f"X-SOCIALPROFILE;TYPE=linkedin:{url}\r\n"
        else:
            first, last, email = f"Card{i}", f"Person{i}", f"card{i}@example.org"
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"ORG:Company {i % 400}\r\nTITLE:Engineer\r\n"
            f"EMAIL;TYPE=INTERNET,WORK:{email}\r\n"
            f"TEL;TYPE=CELL:+3367{i:07d}\r\n"
            f"BDAY:--{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
            f"{profile}UID:bench-{i}\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode()


def run():
    _, user = seeded_client()
    people = list(
        Contact.objects.filter(owner=user)
        .exclude(profile_url="")
        .values_list("first_name", "last_name", "profile_url")[: CARDS // 3 + 1]
    )
    data = vcf(people)
    before = Contact.objects.filter(owner=user).count()
    start = time.perf_counter()
    book = read_address_book(data, "contacts.vcf")
    read = time.perf_counter() - start
    run = apply_address_book(
        book, user, file_name="contacts.vcf", sha256=hashlib.sha256(data).hexdigest()
    )
    seconds = time.perf_counter() - start
    counts = run.counts
    print(
        f"Address book of {CARDS} cards into {before} contacts: {seconds:.2f} s "
        f"(reading {read:.2f} s; {counts['created']} new, {counts['enriched']} enriched, "
        f"{counts['unchanged']} unchanged; target < 5 s)",
        flush=True,
    )
    start = time.perf_counter()
    again = apply_address_book(
        read_address_book(data, "contacts.vcf"), user, file_name="contacts.vcf", sha256="x"
    )
    print(
        f"The same file again: {time.perf_counter() - start:.2f} s "
        f"({again.counts['created']} new, {again.counts['enriched']} enriched)",
        flush=True,
    )
