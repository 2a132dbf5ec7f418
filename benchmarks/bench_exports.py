"""The exports of everyone at maximum size: the vCards of 30,000 contacts (one phone number and
one address each), then the calendar (.ics) with a birthday for every one of them on top of the
seeded follow-ups and layered people: its largest file."""

import time

from django.db import connection
from django.db.models import F
from django.db.models.functions import Mod
from django.test.utils import CaptureQueriesContext

from benchmarks.harness import seeded_client
from contacts.models import Contact, ContactDetail


def timed_download(client, url) -> tuple[float, int, int]:
    """Seconds, queries and bytes of one whole download, its streamed content read."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return seconds, len(queries), len(body)


def run():
    client, user = seeded_client()
    people = Contact.objects.owned_by(user)
    if not ContactDetail.objects.filter(owner=user).exists():
        ContactDetail.objects.bulk_create(
            detail
            for pk in people.values_list("pk", flat=True)
            for detail in (
                ContactDetail(owner=user, contact_id=pk, kind="phone", label="mobile",
                              value=f"+3361{pk:07d}", key=f"+3361{pk:07d}"),
                ContactDetail(owner=user, contact_id=pk, kind="email", label="work",
                              value=f"p{pk}@example.com", key=f"p{pk}@example.com"),
            )
        )  # fmt: skip
    people.update(uid="")
    count = people.count()
    for label in ("first (gives the UIDs)", "second"):
        seconds, queries, size = timed_download(client, "/people/export.vcf")
        print(
            f"vCard export of {count} people, {label}: {seconds:.2f} s, {queries} queries, "
            f"{size / 1e6:.1f} MB",
            flush=True,
        )
    people.update(birthday_month=None, birthday_day=None)
    calendar_download(client, "the seeded follow-ups and layers, no birthday")
    people.update(birthday_month=Mod(F("pk"), 12) + 1, birthday_day=Mod(F("pk"), 28) + 1)
    calendar_download(client, f"and a birthday for each of the {count} people")


def calendar_download(client, label):
    seconds, queries, size = timed_download(client, "/settings/calendar/netcoach.ics")
    print(
        f"Calendar (.ics), {label}: {seconds:.2f} s, {queries} queries, {size / 1e6:.2f} MB",
        flush=True,
    )
