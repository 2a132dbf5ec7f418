"""The vCard export of everyone at maximum size: 30,000 contacts, one phone number and one
address each."""

import time

from django.db import connection
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
