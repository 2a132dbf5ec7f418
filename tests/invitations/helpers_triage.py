"""Test data for the triage pages."""

from datetime import timedelta

from django.utils import timezone

from invitations.models import Criterion
from tests.factories import make_contact, make_interaction, make_invitation


def make_queue(owner, size, *, start_days_ago=60):
    """`size` incoming invitations, oldest first, one day apart."""
    start = timezone.now() - timedelta(days=start_days_ago)
    return [
        make_invitation(
            owner,
            name=f"Person {i:03d}",
            profile_url=f"https://www.linkedin.com/in/person-{i:03d}",
            sent_at=start + timedelta(days=i),
        )
        for i in range(size)
    ]


def make_network(owner, size, company="Acme"):
    """`size` contacts at a company, each with a meeting and a LinkedIn message."""
    contacts = []
    for i in range(size):
        contact = make_contact(
            owner,
            first_name=f"Colleague{i}",
            last_name="Smith",
            company=company,
            profile_url=f"https://www.linkedin.com/in/colleague-{i}",
        )
        make_interaction(contact, kind="met")
        make_interaction(contact, kind="linkedin", direction="to_me")
        contacts.append(contact)
    return contacts


def criteria_ids(owner, *names):
    return [
        str(pk)
        for pk in Criterion.objects.filter(owner=owner, name__in=names).values_list("pk", flat=True)
    ]
