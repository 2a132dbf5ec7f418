"""The people pages at maximum size: 30,000 contacts, 100,000 interactions."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.harness import Measurement, measure, print_table, seeded_client
from contacts.models import CompanyMark, Contact, Preferences


def run():
    client, user = seeded_client()
    people = Contact.objects.owned_by(user)
    person = people.layered().first() or people.first()
    company_key = people.exclude(company_key="").values_list("company_key", flat=True).first()
    htmx = {"HX-Request": "true"}
    biggest = people.companies()[:25]
    targets = [CompanyMark.mark(user, row["name"], CompanyMark.Kind.TARGET) for row in biggest]
    print_table(
        [
            measure(client, "/people/", label="/people/"),
            measure(client, "/people/?q=lovelace", label="/people/?q=lovelace"),
            measure(client, "/people/?q=zzzz", label="/people/?q=zzzz (no match)"),
            measure(client, "/people/?status=due", label="/people/?status=due"),
            measure(client, "/people/?sort=-last", label="/people/?sort=-last"),
            measure(client, "/people/?sort=-last&page=300", label="/people/?sort=-last&page=300"),
            measure(
                client,
                "/people/?met=yes&warm=1&followup=open&sort=-connected",
                label="/people/ met+warm+followup",
            ),
            measure(client, "/people/?q=engineer", label="/people/?q=engineer"),
            measure(client, "/people/?q=engineer&layer=4", label="/people/?q=engineer&layer=4"),
            measure(client, "/search/?q=engineer", label="/search/?q=engineer"),
            measure(client, "/search/?q=software engin", label="/search/?q=software engin"),
            measure(client, "/search/?q=fintech report", label="/search/?q=fintech report"),
            measure(client, "/search/?q=zzzz", label="/search/?q=zzzz (no match)"),
            measure(
                client,
                "/search/?q=conference",
                label="/search/?q=conference (every message)",
            ),
            measure(
                client, "/search/?q=engineer&kind=person&page=3", label="/search/ a group, page 3"
            ),
            measure(client, "/people/search/?q=eng", headers=htmx, label="type-ahead q=eng"),
            measure(client, "/people/search/?q=gr", headers=htmx, label="type-ahead q=gr"),
            measure(
                client, "/people/search/?q=grace hop", headers=htmx, label="type-ahead q=grace hop"
            ),
            measure(client, person.get_absolute_url(), label="person page"),
            measure(client, "/companies/", label="/companies/"),
            measure(client, f"/companies/{company_key}/", label="company page"),
            measure(client, "/companies/?mark=target", label="/companies/?mark=target (25)"),
            measure(client, f"/companies/{targets[0].company_key}/", label="target company page"),
            measure(client, "/people/?mark=target", label="/people/?mark=target"),
            measure(client, "/meetings/new/", label="/meetings/new/"),
            *write_and_meet(client, user),
        ]
    )
    CompanyMark.objects.filter(pk__in=[m.pk for m in targets]).delete()


def write_and_meet(client, user):
    """ "Write to these" for 5 and 50 people (and a tag of hundreds, refused), then "Talk online,
    never met" and its "We met"."""
    people = Contact.objects.owned_by(user)
    ids = list(people.exclude(profile_url="").order_by("pk").values_list("pk", flat=True)[:50])
    batch = "&".join(f"contact={pk}" for pk in ids)
    few = "&".join(f"contact={pk}" for pk in ids[:5])
    message = "Hello {first_name}, how is {company}? I am giving a talk on {position}s."
    preview = {"message": message, "contact": ids, "wrote": ids, "wrote_shown": "1"}
    htmx = {"HX-Request": "true"}
    to_meet = people.talking_never_met(Preferences.for_user(user))
    met = iter(to_meet.values_list("pk", flat=True)[:25])
    return [
        measure(client, f"/people/write/?{few}", label="/people/write/ 5 people"),
        measure(client, f"/people/write/?{batch}", label="/people/write/ 50 people"),
        measure(client, "/people/write/?tag=python", label="/people/write/?tag= (refused)"),
        measure(
            client,
            "/people/write/",
            method="post",
            data=preview,
            headers=htmx,
            label="POST preview 50 people (htmx)",
        ),
        measure(
            client,
            "/people/write/",
            method="post",
            data={**preview, "action": "wrote"},
            repeat=5,
            label="POST I wrote to them, 50 people",
        ),
        measure(client, "/people/meet/", label="/people/meet/"),
        measure(client, "/people/meet/?page=3", label="/people/meet/?page=3"),
        measure_we_met(client, met),
    ]


def measure_we_met(client, people):
    """ "We met" on the list's people, one each time (each leaves the list): 21 requests, the
    queries counted on the first."""
    timings, queries = [], 0
    for i, pk in enumerate(people):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"/people/meet/{pk}/met/", headers={"HX-Request": "true"})
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"We met answered {response.status_code}")
        queries = queries or len(captured.captured_queries)
        if i == 20:
            break
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Measurement("POST We met (htmx)", statistics.median(timings), p95, queries)
