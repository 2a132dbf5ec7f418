"""The dashboard and the weekly review at maximum size: 30,000 contacts, 100,000 interactions,
5,000 invitations, 150 people in layers. The dashboard must answer in under 150 ms."""

from benchmarks.harness import measure, print_table, seeded_client
from contacts.models import CompanyMark, Contact, Review


def run():
    client, user = seeded_client()
    Review.objects.filter(owner=user).delete()
    rows = [measure(client, "/", label="GET / (dashboard)")]
    rows.append(nobody_placed_yet(client, user))
    rows.append(with_target_companies(client, user))
    rows.append(measure(client, "/review/", label="GET /review/ (not started)"))
    review = Review.start(user)
    for step, what in ((4, ""), (5, ""), (7, ""), (8, ", meet"), (Review.STEPS, ", summary")):
        review.go_to(step)
        rows.append(measure(client, "/review/", label=f"GET /review/ (step {step}{what})"))
    rows.append(
        measure(
            client,
            "/review/step/",
            method="post",
            data={"step": str(Review.STEPS)},
            headers={"HX-Request": "true"},
            label="POST /review/step/ (htmx)",
        )
    )
    review.delete()
    print_table(rows)


def with_target_companies(client, user, count=5):
    """The biggest companies marked as targets: the panel of who moved into one reads the
    recent job changes' spellings and the moves."""
    rows = Contact.objects.filter(owner=user).companies()[:count]
    marks = [CompanyMark.mark(user, row["name"], CompanyMark.Kind.TARGET) for row in rows]
    try:
        return measure(client, "/", label=f"GET / ({count} target companies)")
    finally:
        CompanyMark.objects.filter(pk__in=[m.pk for m in marks]).delete()


def nobody_placed_yet(client, user):
    """Right after a first import: no layer holds anyone, so the move-in suggestions search the
    whole network for people whose history fits, instead of finding the caps full."""
    people = Contact.objects.filter(owner=user)
    placed = list(people.filter(layer__isnull=False).values_list("pk", "layer"))
    people.update(layer=None)
    try:
        return measure(client, "/", label="GET / (nobody placed yet)")
    finally:
        for layer in {layer for _pk, layer in placed}:
            people.filter(pk__in=[pk for pk, at in placed if at == layer]).update(layer=layer)
