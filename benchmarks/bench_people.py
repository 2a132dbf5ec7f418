"""The people pages at maximum size: 30,000 contacts, 100,000 interactions."""

from benchmarks.harness import measure, print_table, seeded_client
from contacts.models import Contact


def run():
    client, user = seeded_client()
    people = Contact.objects.owned_by(user)
    person = people.layered().first() or people.first()
    company_key = people.exclude(company_key="").values_list("company_key", flat=True).first()
    htmx = {"HX-Request": "true"}
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
            measure(client, "/meetings/new/", label="/meetings/new/"),
        ]
    )
