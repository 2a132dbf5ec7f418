import pytest

from benchmarks.harness import measure
from benchmarks.seed import seed_network
from contacts.models import Contact, Interaction, JobChange
from invitations.models import Invitation

pytestmark = pytest.mark.django_db


def test_the_seed_builds_the_network_it_says(user):
    counts = seed_network(
        user, contacts=200, interactions=500, invitations=40, layered=30, notes=10, job_changes=20
    )

    assert counts["contacts"] == Contact.objects.filter(owner=user).count() == 200
    assert Interaction.objects.filter(owner=user).count() == 500
    assert Invitation.objects.filter(owner=user).count() == 40
    assert Contact.objects.filter(owner=user).layered().count() == 30
    assert counts["job_changes"] == JobChange.objects.filter(owner=user).count() == 20


def test_measure_counts_the_queries_of_one_request(client_logged_in):
    result = measure(client_logged_in, "/", repeat=3)

    assert result.queries > 0
    assert result.median_ms > 0


def test_the_triage_bench_gives_sent_invitations_a_history_and_times_cpu(user, client_logged_in):
    from benchmarks.bench_triage import give_sent_a_history, measure_cpu

    seed_network(user, contacts=200, interactions=500, invitations=60, layered=30, notes=10)

    sent = give_sent_a_history(user)

    outgoing = Invitation.objects.filter(owner=user, direction="outgoing")
    assert sent == outgoing.count() > 2
    assert outgoing.filter(status="accepted").count() == len(range(0, sent, 3))
    assert outgoing.filter(contact__isnull=False).count() == sent // 2
    result = measure_cpu(client_logged_in, "/invitations/sent/", "cpu", repeat=2)
    assert result.queries == 8
