"""A realistic maximum-size network for one user, bulk-created in seconds, for benchmarks."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts import normalize
from contacts.models import Contact, Interaction, JobChange, Note, Preferences, Tag
from contacts.relationships import Layer
from invitations.models import AcceptanceRule, Invitation

FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Hedy",
    "Guido",
    "Katherine",
    "Donald",
    "Anita",
    "Niklaus",
    "Sophie",
    "Yukihiro",
    "Jean",
    "Claude",
    "Marie",
    "Pierre",
    "Ana",
    "Lucia",
    "Mateo",
    "Sofia",
    "Chen",
    "Wei",
    "Priya",
    "Arjun",
    "Fatima",
    "Omar",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Rossum",
    "Johnson",
    "Knuth",
    "Borg",
    "Wirth",
    "Wilson",
    "Matsumoto",
    "Dupont",
    "Martin",
    "Bernard",
    "Garcia",
    "Rossi",
    "Silva",
    "Müller",
    "Nakamura",
    "Kim",
    "Patel",
    "Haddad",
    "Novak",
]
COMPANIES = [
    f"{a} {b}"
    for a in [
        "Acme",
        "Globex",
        "Initech",
        "Umbrella",
        "Stark",
        "Wayne",
        "Wonka",
        "Tyrell",
        "Cyberdyne",
        "Hooli",
        "Soylent",
        "Aperture",
        "Oscorp",
        "Vandelay",
        "Gringotts",
        "Monarch",
    ]
    for b in ("Inc.", "Labs", "Group", "Consulting", "SA", "GmbH", "Partners", "Systems")
]
POSITIONS = [
    "Software Engineer",
    "Product Manager",
    "CTO",
    "Data Scientist",
    "Head of Sales",
    "Designer",
    "Founder",
    "Recruiter",
    "Marketing Lead",
    "Consultant",
]
KINDS = [
    ("linkedin", 70),
    ("email", 12),
    ("met", 8),
    ("video", 5),
    ("phone", 4),
    ("introduction", 1),
]
LAYERS = [(Layer.CORE, 5), (Layer.CLOSE, 10), (Layer.REGULAR, 35), (Layer.ACTIVE, 100)]


def seed_network(
    owner,
    *,
    contacts=30_000,
    interactions=100_000,
    invitations=5_000,
    layered=150,
    notes=2_000,
    job_changes=3_000,
    seed=0,
):
    """Creates contacts, interactions, invitations, notes and job changes for `owner`; returns
    the counts."""
    rng = random.Random(seed)
    now = timezone.now()
    Preferences.for_user(owner)
    AcceptanceRule.for_user(owner)
    with transaction.atomic():
        tags = Tag.objects.bulk_create(
            Tag(owner=owner, name=name) for name in ("investor", "python", "alumni", "speaker")
        )
        layer_of = [layer for layer, n in LAYERS for _ in range(n)][:layered]
        people = []
        for i in range(contacts):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = rng.choice(COMPANIES) if rng.random() > 0.05 else ""
            url = f"https://www.linkedin.com/in/{first}-{last}-{i}".lower()
            people.append(
                Contact(
                    owner=owner,
                    first_name=first,
                    last_name=last,
                    name_key=normalize.name_key(first, last),
                    profile_url=url,
                    profile_key=normalize.profile_key(url),
                    company=company,
                    company_key=normalize.company_key(company),
                    position=rng.choice(POSITIONS),
                    connected_on=(now - timedelta(days=rng.randint(0, 3650))).date(),
                    is_connection=True,
                    source=Contact.Source.LINKEDIN,
                    layer=layer_of[i] if i < len(layer_of) else None,
                    is_family=i % 97 == 0,
                )
            )
        people = Contact.objects.bulk_create(people, batch_size=2000)
        # Layered people get a real share of the interactions; the rest spread over the pool.
        inner, pool = people[:layered], people[layered:]
        kinds = [k for k, w in KINDS for _ in range(w)]
        rows = []
        for _ in range(interactions):
            contact = rng.choice(inner) if rng.random() < 0.15 else rng.choice(pool)
            kind = rng.choice(kinds)
            rows.append(
                Interaction(
                    owner=owner,
                    contact=contact,
                    kind=kind,
                    direction=rng.choice(["from_me", "to_me", "both", "both"]),
                    occurred_at=now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                    summary="Talked about the next conference and a possible project.",
                    source="imported" if kind == "linkedin" else "entered",
                )
            )
        Interaction.objects.bulk_create(rows, batch_size=5000)
        Contact.objects.filter(owner=owner).refresh_scores(Preferences.half_life_of(owner.pk))
        Note.objects.bulk_create(
            (
                Note(
                    owner=owner,
                    contact=rng.choice(people),
                    text="Wants an intro to someone in fintech; send the report.",
                    follow_up_on=(now + timedelta(days=rng.randint(-30, 30))).date()
                    if rng.random() < 0.2
                    else None,
                )
                for _ in range(notes)
            ),
            batch_size=2000,
        )
        invites = []
        for i in range(invitations):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            url = f"https://www.linkedin.com/in/inv-{first}-{last}-{i}".lower()
            incoming = rng.random() < 0.8
            invites.append(
                Invitation(
                    owner=owner,
                    direction="incoming" if incoming else "outgoing",
                    name=f"{first} {last}",
                    name_key=normalize.name_key(first, last),
                    profile_url=url,
                    profile_key=normalize.profile_key(url),
                    message="Hello, I'd like to join your network." if rng.random() < 0.3 else "",
                    sent_at=now - timedelta(hours=rng.randint(1, 180 * 24)),
                    source="imported",
                    import_key=f"bench-inv-{i}",
                )
            )
        Invitation.objects.bulk_create(invites, batch_size=2000)
        through = Contact.tags.through
        through.objects.bulk_create(
            (through(contact_id=c.pk, tag_id=rng.choice(tags).pk) for c in people[:3000]),
            batch_size=5000,
        )
        # Drawn last, so that everything above stays as it was before job changes were seeded.
        movers = [rng.choice(people) for _ in range(job_changes)]
        JobChange.objects.bulk_create(
            (
                JobChange(
                    owner=owner,
                    contact=person,
                    old_company=rng.choice(COMPANIES),
                    old_position=rng.choice(POSITIONS),
                    new_company=person.company,
                    new_position=person.position,
                    seen_at=now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60)),
                )
                for person in movers
            ),
            batch_size=2000,
        )
    return {
        "contacts": contacts,
        "interactions": interactions,
        "invitations": invitations,
        "layered": min(layered, contacts),
        "notes": notes,
        "job_changes": job_changes,
    }
