"""The dashboard and the weekly review at maximum size: 30,000 contacts, 100,000 interactions,
5,000 invitations, 150 people in layers. The dashboard must answer in under 150 ms."""

from benchmarks.harness import measure, print_table, seeded_client
from contacts.models import Review


def run():
    client, user = seeded_client()
    Review.objects.filter(owner=user).delete()
    rows = [measure(client, "/", label="GET / (dashboard)")]
    rows.append(measure(client, "/review/", label="GET /review/ (not started)"))
    review = Review.start(user)
    for step in (4, 5, 7, 8):
        review.go_to(step)
        rows.append(measure(client, "/review/", label=f"GET /review/ (step {step})"))
    rows.append(
        measure(
            client,
            "/review/step/",
            method="post",
            data={"step": "8"},
            headers={"HX-Request": "true"},
            label="POST /review/step/ (htmx)",
        )
    )
    review.delete()
    print_table(rows)
