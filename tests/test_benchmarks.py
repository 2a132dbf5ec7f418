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
