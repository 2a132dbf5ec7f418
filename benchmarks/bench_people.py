"""The people pages at maximum size: 30,000 contacts, 100,000 interactions."""

from benchmarks.harness import measure, print_table, seeded_client
from contacts.models import CompanyMark, Contact


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
        ]
    )
    CompanyMark.objects.filter(pk__in=[m.pk for m in targets]).delete()
