"""Measuring pages the way a user meets them: server time per request and SQL queries."""

import statistics
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.seed import seed_network


@dataclass(frozen=True)
class Measurement:
    label: str
    median_ms: float
    p95_ms: float
    queries: int

    def row(self) -> str:
        return f"{self.label:<44} {self.median_ms:>9.1f} {self.p95_ms:>9.1f} {self.queries:>8}"


HEADER = f"{'request':<44} {'median ms':>9} {'p95 ms':>9} {'queries':>8}"


def measure(client, url, *, method="get", data=None, headers=None, repeat=20, label=None):
    """Times `repeat` requests after one warm-up that also counts the SQL queries."""
    send = getattr(client, method)
    kwargs = {"headers": headers or {}}
    if data is not None:
        kwargs["data"] = data(0) if callable(data) else data
    with CaptureQueriesContext(connection) as queries:
        response = send(url, **kwargs)
    # Read now: the log is reset when the next request starts.
    query_count = len(queries.captured_queries)
    if response.status_code >= 400:
        raise RuntimeError(f"{method.upper()} {url} answered {response.status_code}")
    timings = []
    for i in range(repeat):
        if data is not None:
            kwargs["data"] = data(i + 1) if callable(data) else data
        start = time.perf_counter()
        send(url, **kwargs)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Measurement(
        label or f"{method.upper()} {url}", statistics.median(timings), p95, query_count
    )


def print_table(measurements):
    print(HEADER)
    for m in measurements:
        print(m.row())


@cache
def seeded_client(contacts=30_000, interactions=100_000, invitations=5_000):
    """A client signed in as a user owning a maximum-size network, seeded once per process."""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    User = get_user_model()
    user = User.objects.filter(username="bench").first()
    if user is None:
        user = User.objects.create_user("bench", password="bench-password-123")
        start = time.perf_counter()
        counts = seed_network(
            user, contacts=contacts, interactions=interactions, invitations=invitations
        )
        print(f"Seeded {counts} in {time.perf_counter() - start:.1f} s", flush=True)
    client = Client()
    client.force_login(user)
    return client, user
