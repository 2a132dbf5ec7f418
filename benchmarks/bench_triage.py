"""Invitation triage at maximum size: the queue, and the decide-and-next round trip.

The round trip decides a different invitation on every request (as a user clearing the queue
does), over htmx, and the decisions are undone afterwards so the data stays as seeded.
"""

import os
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.harness import Measurement, measure, print_table, seeded_client
from contacts import normalize
from contacts.models import CompanyMark, Contact
from invitations.models import AcceptanceRule, Criterion, Decision, Invitation

PENDING = 5_000
HTMX = {"HX-Request": "true"}


def top_up_queue(user):
    """The shared seed has 4,000 incoming invitations; triage is measured at 5,000 pending."""
    missing = PENDING - Invitation.objects.filter(owner=user).to_triage().count()
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            owner=user,
            direction="incoming",
            name=f"Extra Person{i}",
            name_key=normalize.fold(f"Extra Person{i}"),
            profile_url=f"https://www.linkedin.com/in/extra-{i}",
            profile_key=f"extra-{i}",
            headline="Data engineer at Acme",
            sent_at=now - timedelta(hours=i + 1),
            source="imported",
        )
        for i in range(max(missing, 0))
    )


def give_sent_a_history(user):
    """The seed's sent invitations as an import leaves them: one in two linked to a contact
    (whose interactions decide the restriction risk and the "met" rate), a third of them
    accepted, so that the Sent page's risk and acceptance test read real-shaped data."""
    sent = list(Invitation.objects.filter(owner=user, direction="outgoing").order_by("pk"))
    contacts = list(
        Contact.objects.filter(owner=user).order_by("pk").values_list("pk", flat=True)[: len(sent)]
    )
    for i, invitation in enumerate(sent):
        if i % 2:
            invitation.contact_id = contacts[i]
        if i % 3 == 0:
            invitation.status = Invitation.Status.ACCEPTED
    Invitation.objects.bulk_update(sent, ["contact", "status"], batch_size=2000)
    return len(sent)


def at_a_competitor(client, user):
    """The queue page when the inviter's company is marked: the signal reads the mark."""
    first = Invitation.objects.filter(owner=user).to_triage().first()
    mark = CompanyMark.mark(user, first.company or "Acme", CompanyMark.Kind.COMPETITOR)
    try:
        return measure(client, "/invitations/", label="GET /invitations/ (at a competitor)")
    finally:
        mark.delete()


def measure_decide_and_next(client, user, repeat=40):
    queue = list(Invitation.objects.filter(owner=user).to_triage()[: repeat + 1])
    criteria = list(Criterion.objects.filter(owner=user).values_list("pk", flat=True)[:2])
    decisions = ["accept", "ignore", "talk_first", "later", "suggested"]
    timings, cpu, queries = [], [], 0
    for i, invitation in enumerate(queue):
        data = {"decision": decisions[i % len(decisions)], "criteria": criteria, "pos": 0}
        url = f"/invitations/{invitation.pk}/decide/"
        if i == 0:
            with CaptureQueriesContext(connection) as captured:
                client.post(url, data, headers=HTMX)
            queries = len(captured.captured_queries)
            continue
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data, headers=HTMX)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    for invitation in queue:
        invitation.refresh_from_db()
        invitation.undo_decision()
    return (
        Measurement("POST decide and next (htmx)", *median_p95(timings), queries),
        # CPU time leaves out the waits for a core on a shared machine.
        Measurement("  same, CPU time of the server process", *median_p95(cpu), queries),
    )


def measure_cpu(client, url, label, repeat=20):
    """CPU time of the server process for `url`: what a shared machine's load leaves out."""
    client.get(url)
    cpu = []
    for _ in range(repeat):
        start = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return Measurement(label, *median_p95(cpu), len(captured.captured_queries))


def measure_talk_first(client, user, waiting=50):
    """Talk first with `waiting` invitations in it, half decided three weeks ago (silent past
    the 14 days): whether each was answered is read from the interactions. Undone after."""
    rule = AcceptanceRule.for_user(user)
    queue = list(Invitation.objects.filter(owner=user).to_triage()[:waiting])
    for i, invitation in enumerate(queue):
        invitation.decide(Decision.TALK_FIRST, rule=rule)
        if i % 2:
            invitation.decided_at = timezone.now() - timedelta(days=21)
            invitation.save(update_fields=["decided_at"])
    try:
        return measure(
            client, "/invitations/talk-first/", label=f"GET /invitations/talk-first/ ({waiting})"
        )
    finally:
        for invitation in queue:
            invitation.refresh_from_db()
            invitation.undo_decision()


def median_p95(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[round(0.95 * (len(timings) - 1))]


def run():
    client, user = seeded_client()
    top_up_queue(user)
    AcceptanceRule.for_user(user)
    sent = give_sent_a_history(user)
    at_risk = Invitation.objects.filter(owner=user).at_risk().count()
    print(f"{sent} sent invitations, {at_risk} of them at restriction risk")
    pending = Invitation.objects.filter(owner=user).to_triage().count()
    print(f"{pending} invitations to triage, load average {os.getloadavg()[0]:.1f}")
    middle = pending // 2
    print_table(
        [
            measure(client, "/invitations/", label="GET /invitations/ (queue page)"),
            measure(
                client,
                f"/invitations/?pos={middle}",
                headers=HTMX,
                label="GET queue, middle (htmx j/k)",
            ),
            *measure_decide_and_next(client, user),
            measure(client, "/invitations/bulk/"),
            measure(client, "/invitations/todo/"),
            measure(client, "/invitations/sent/"),
            measure_cpu(client, "/invitations/sent/", "  same, CPU time of the server process"),
            measure(client, "/invitations/sent/?show=all"),
            measure(client, "/invitations/talk-first/"),
            measure_talk_first(client, user),
            measure(client, "/invitations/rule/"),
            at_a_competitor(client, user),
        ]
    )
    assert (
        not Invitation.objects.filter(owner=user)
        .exclude(decision=Decision.UNDECIDED)
        .filter(name__startswith="Extra")
        .exists()
    )
