"""A synthetic LinkedIn data export with every quirk of the real ones, deterministic for a seed.

It feeds the tests, the benchmark and the "Try it with sample data" button. Names and companies
come from small built-in lists; nothing is random between two calls with the same arguments.
"""

import base64
import csv
import io
import random
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import quote

from contacts.normalize import fold

ERAS = (2021, 2023, 2026)
EXPORT_DATES = {2021: date(2021, 5, 10), 2023: date(2023, 11, 15), 2026: date(2026, 2, 8)}
NEWER_AFTER_DAYS = 35

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Inès",
    "Jonas",
    "Kavya",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pedro",
    "Quentin",
    "Rosa",
    "Sam",
    "Tariq",
    "Ursula",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Amara",
    "Bruno",
    "Camille",
    "Dmitri",
    "Emma",
    "Finn",
    "Gabriela",
    "Hamza",
    "Ingrid",
    "José",
    "Karim",
    "Lena",
    "Mateo",
    "Nadia",
    "Oscar",
    "Priya",
    "Rafael",
    "Sofia",
    "Thomas",
    "Uma",
    "Valentina",
    "William",
    "Yara",
    "Zane",
    "Aisha",
    "Björn",
    "Carmen",
    "Diego",
    "Eva",
    "Fatima",
    "Giulia",
    "Henrik",
    "Isabel",
    "Jakub",
    "Keiko",
    "Lucas",
    "Marta",
    "Nikolai",
    "Omar",
    "Paula",
    "Rania",
    "Søren",
    "Tomasz",
    "Łukasz",
    "Adaeze",
    "Chen",
    "Daniela",
    "Émile",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
)
LAST_NAMES = (
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "Nowak",
    "Kowalski",
    "Jensen",
    "Silva",
    "Nguyen",
    "Kim",
    "Patel",
    "Okafor",
    "Cohen",
    "Ivanova",
    "Larsen",
    "Moreau",
    "Schmidt",
    "Fernández",
    "Costa",
    "Yamamoto",
    "Chen",
    "Haddad",
    "Andersson",
    "O'Brien",
    "Murphy",
    "Novak",
    "Horvat",
    "Popescu",
    "Papadopoulos",
    "Yilmaz",
    "Wójcik",
    "Lefèvre",
    "Bianchi",
    "Santos",
    "Mendes",
    "Tanaka",
    "Sato",
    "Ali",
    "Hassan",
    "Mensah",
    "Adeyemi",
    "Brown",
    "Taylor",
    "Wilson",
    "Martin",
    "Bernard",
    "Petit",
    "Richard",
    "Durand",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Romano",
    "Ricci",
    "Marino",
    "Greco",
)
CREDENTIALS = ("Ph.D.", "MBA", "CPA", "PMP", "M.D.")
EMOJI = ("🚀", "🌱", "✨", "📈")
COMPANIES = (
    "Acme, Inc.",
    "Globex",
    "Initech",
    "Umbrella Corp",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Smith, Jones & Partners LLP",
    "Müller GmbH",
    "Nordlicht AB",
    "Société Générale de Conseil",
    "Blue Harbor Capital",
    "Tyrell Systems",
    "Cyberdyne",
    "Soylent, Ltd",
    "Pied Piper",
    "Vandelay Industries",
    "Oceanic Airlines",
    "Aperture Science",
    "Black Mesa",
    "Massive Dynamic",
    "Gringotts",
    "Wonka Industries",
    "Dunder Mifflin",
    "Prestige Worldwide",
    "Bluth Company",
    "Monsters, Inc.",
    "Rekall",
    "Zorg Industries",
    "Weyland-Yutani",
    "Sterling Cooper",
    "Los Pollos Hermanos",
    "Kiwi Analytics",
    "Helios Health",
)
POSITIONS = (
    "Software Engineer",
    "Senior Product Manager",
    "Head of Sales, EMEA",
    "Data Scientist",
    "CTO",
    "Founder & CEO",
    "Recruiter",
    "Talent Partner",
    "UX Designer",
    "Marketing Director",
    "Account Executive",
    "Engineering Manager",
    "Consultant",
    "VP, Business Development",
    "Staff Engineer",
    "Researcher",
    "Operations Lead",
    "Customer Success Manager",
    "CFO",
    "Freelance Photographer",
    "Student",
    "Product Designer",
    "DevOps Engineer",
    "Analyst",
)
SENTENCES = (
    "Thanks for connecting!",
    "Great to meet you at the conference last week.",
    "Would you have 20 minutes for a call next Tuesday?",
    "Sure, Tuesday works. 10:00?",
    "Here is the deck I mentioned, let me know what you think.",
    "Congrats on the new role!",
    "Are you going to the meetup on Thursday?",
    'I read your post about "remote teams", very true.',
    "Can you introduce me to someone at Globex?",
    "Happy to help, I'll send an email to both of you.",
    "Long time no see, how are things?",
    "We are hiring: senior engineers, product, sales & more.",
    "Let's grab a coffee when you're in town.",
    "Thanks, that was really helpful.",
)
INVITATION_NOTES = (
    "Hi, we met at the Lisbon meetup: happy to stay in touch.",
    "I enjoyed your talk on data platforms, would love to connect.",
    "Hello! I'm building a network of product people in Berlin.",
    "<script>alert(1)</script>",
    "Let's connect & talk <b>growth</b> — 10x your pipeline!",
    "Hi Alex, we both worked with Priya at Hooli.",
)
GROUP_TITLES = ("Product folks", "Meetup organisers", "Alumni 2015", "Project Phoenix")
SPONSORED_SUBJECTS = ("Sponsored: Grow your career", "InMail: An opportunity for you")
SPONSORED_HTML = (
    '<p>Hi&nbsp;there,</p><p>Discover <a href="https://ads.example.com/?id=1">our new '
    "program</a> &amp; boost your career.</p><br><img src=x onerror=alert(1)>"
)

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\n'
    "\n"
)
PROFILE_HEADERS = {
    2021: (
        "First Name,Last Name,Maiden Name,Created Date,Address,Birth Date,Headline,Summary,"
        "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers"
    ),
    2023: (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
        "Geo Location,Twitter Handles,Websites,Instant Messengers"
    ),
}
PROFILE_HEADERS[2026] = PROFILE_HEADERS[2023]
MESSAGE_HEADERS = {
    2021: (
        "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE",
        "SUBJECT", "CONTENT", "FOLDER",
    ),
    2023: (
        "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
        "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
    ),
    2026: (
        "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
        "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
        "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT",
    ),
}  # fmt: skip
IGNORED_FILES = {
    "Ad_Targeting.csv": "Member Age,Company Names,Degrees\n25 to 34,Acme; Globex,Master",
    "Jobs/Job Applications.csv": "Application Date,Company Name,Job Title\n1/5/23,Hooli,CTO",
    "Rich_Media.csv": "Date/Time,Media Description,Media Link\n",
}


@dataclass(frozen=True)
class _Person:
    first_name: str
    last_name: str
    slug: str
    company: str
    position: str
    email: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name.strip()} {self.last_name.strip()}"

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


def build_sample_export(
    *,
    connections: int = 500,
    messages: int = 2000,
    invitations: int = 200,
    era: int = 2026,
    seed: int = 0,
    newer: bool = False,
    owner: tuple[str, str] = ("Alex", "Morgan"),
    profile: tuple[str, ...] = ("headline", "summary", "position"),
    talk_first: int = 0,
) -> bytes:
    """A ZIP shaped like `Basic_LinkedInDataExport_MM-DD-YYYY.zip` of the given era.

    `connections` counts the rows of Connections.csv (about 1 % are hidden profiles) and
    `messages` the rows of messages.csv. With `newer=True` it is the next export of the same
    network: 5 % of people changed jobs, about 1,000 more messages, a few new connections and
    some pending invitations accepted. `profile` says what the owner's own profile has among
    a headline, a summary (Profile.csv) and a current position (Positions.csv, written only
    with one). With `talk_first` (and `newer=True`), the next export
    also holds the talk-first exchanges of that many received invitations still pending: the
    owner's question the day after the first export, answered two days later by every other
    one of them (the first, the third…) and left unanswered by the others.
    """
    if era not in ERAS:
        raise ValueError(f"era must be one of {ERAS}")
    world = _World(connections, messages, invitations, era, seed, owner)
    if newer:
        world.make_newer(talk_first=talk_first)
    files = {
        "Connections.csv": world.connections_csv(),
        "Invitations.csv": world.invitations_csv(),
        "messages.csv": world.messages_csv(),
        "Profile.csv": world.profile_csv(profile),
        **IGNORED_FILES,
    }
    if "position" in profile:
        files["Positions.csv"] = world.positions_csv()
    if era == 2021:
        files["Rich Media.csv"] = files.pop("Rich_Media.csv")
    if era == 2026:
        files["Notes.csv"] = world.notes_csv()
        files["Contacts.csv"] = world.address_book_csv()
    stamp = world.export_date
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode())
    return buffer.getvalue()


def sample_file_name(era: int = 2026, *, newer: bool = False) -> str:
    day = EXPORT_DATES[era] + timedelta(days=NEWER_AFTER_DAYS if newer else 0)
    return f"Basic_LinkedInDataExport_{day:%m-%d-%Y}.zip"


class _World:
    """The network behind one export; `make_newer` moves it on to the next export."""

    def __init__(self, connections, messages, invitations, era, seed, owner):
        self.era, self.seed = era, seed
        self.export_date = EXPORT_DATES[era]
        rng = self._rng("owner")
        first, last = owner
        slug = _ascii(f"{fold(first)}-{fold(last)}".replace(" ", "-"))
        slug = f"{slug}-{rng.getrandbits(24):06x}"
        self.owner = _Person(first, last, slug, "Kiwi Analytics", "Head of Product", "")
        self.name_space = len(FIRST_NAMES) * _last_name_count()
        if connections + invitations + connections // 10 + 100 > self.name_space:
            raise ValueError("too many people for the built-in name lists")
        self.next_person = 0
        self.name_offset = rng.randrange(self.name_space)
        self.connections = self._make_connections(connections)
        self.invitations = self._make_invitations(invitations)
        # The address book the owner uploaded once: every later export holds the same file.
        self.address_book: str | None = None
        self.conversations: dict[str, list[list[str]]] = {}
        self.counterparts: dict[str, _Person] = {}  # one-to-one conversation -> the other person
        self._make_messages(messages)

    # -- people ---------------------------------------------------------------------------

    def _rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.era}:{part}")

    def _new_person(self, rng: random.Random) -> _Person:
        # A stride coprime with the name space walks every (first, last) pair once: unique names.
        index = (self.next_person * 7919 + self.name_offset) % self.name_space
        self.next_person += 1
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = _last_name(index // len(FIRST_NAMES))
        ascii_slug = f"{fold(first)}-{fold(last)}".replace(" ", "-")
        if ascii_slug.isascii() or rng.random() < 0.5:
            slug = f"{_ascii(ascii_slug)}-{rng.getrandbits(32):08x}"
        else:
            slug = f"{quote(ascii_slug)}-{rng.getrandbits(32):08x}"
        roll = rng.random()
        if roll < 0.02:
            last = f"{last}, {rng.choice(CREDENTIALS)}"
        elif roll < 0.04:
            first, last = f" {first}", f"{last} "
        elif roll < 0.05:
            first = f"{first} {rng.choice(EMOJI)}"
        company = "" if rng.random() < 0.05 else rng.choice(COMPANIES)
        position = "" if not company and rng.random() < 0.5 else rng.choice(POSITIONS)
        email = (
            f"{_ascii(fold(first))}.{rng.getrandbits(16):x}@example.com"
            if rng.random() < 0.03
            else ""
        )
        return _Person(first, last, slug, company, position, email)

    def _make_connections(self, count: int) -> list[tuple[_Person | None, date]]:
        """Rows newest first; None stands for a hidden profile (only the date is exported)."""
        rng = self._rng("connections")
        days_ago = sorted(rng.randrange(1, 3650) for _ in range(count))
        rows = []
        for ago in days_ago:
            person = None if rng.random() < 0.01 else self._new_person(rng)
            rows.append((person, self.export_date - timedelta(days=ago)))
        return rows

    def _make_invitations(self, count: int) -> list[dict]:
        rng = self._rng("invitations")
        people = [p for p, _ in self.connections[: max(1, count)] if p]
        rows = []
        for _ in range(count):
            incoming = rng.random() < 0.6
            # A third were accepted (the person is a connection); most of the rest are pending.
            accepted = people and rng.random() < 0.3
            person = rng.choice(people) if accepted else self._new_person(rng)
            sent = datetime.combine(self.export_date, datetime.min.time()) - timedelta(
                minutes=rng.randrange(60, 180 * 24 * 60)
            )
            note = rng.choice(INVITATION_NOTES) if rng.random() < 0.25 else ""
            rows.append({"incoming": incoming, "person": person, "sent": sent, "note": note})
        return rows

    # -- messages -------------------------------------------------------------------------

    def _make_messages(self, budget: int, *, start: date | None = None, tag: str = "messages"):
        rng = self._rng(tag)
        people = [p for p, _ in self.connections if p]
        if not people or budget <= 0:
            return
        end = datetime.combine(self.export_date, datetime.min.time())
        first_day = (
            datetime.combine(start, datetime.min.time()) if start else end - timedelta(days=1460)
        )
        span = int((end - first_day).total_seconds()) - 86400 * 3
        written = 0
        existing = list(self.counterparts)
        while written < budget:
            kind = rng.random()
            when = first_day + timedelta(seconds=rng.randrange(max(span, 3600)))
            length = min(budget - written, rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 8, 12)))
            conversation = _conversation_id(rng)
            if kind < 0.03:
                rows = self._spam(rng, when, length)
            elif kind < 0.06:
                rows = self._sponsored(rng, when, length)
            elif kind < 0.14:
                rows = self._group(rng, people, when, length)
            else:
                if start and existing and rng.random() < 0.3:
                    # The next export continues some of the conversations already known.
                    conversation = rng.choice(existing)
                    person = self.counterparts[conversation]
                else:
                    # A few people get most of the messages, as in real networks.
                    person = people[min(int(rng.paretovariate(1.2)) - 1, len(people) - 1)]
                    if rng.random() < 0.5:
                        person = rng.choice(people)
                self.counterparts[conversation] = person
                rows = self._one_to_one(rng, person, when, length)
            for row in rows:
                row[0] = conversation
            self.conversations.setdefault(conversation, []).extend(rows)
            written += len(rows)

    def _message(self, rng, sender, recipients, when, content, **extra) -> list[str]:
        return [
            "",
            extra.get("title", ""),
            sender.full_name if sender else extra["sender_name"],
            sender.url if sender else "",
            ", ".join(p.full_name for p in recipients),
            extra.get("separator", ",").join(p.url for p in recipients),
            f"{when:%Y-%m-%d %H:%M:%S} UTC",
            extra.get("subject", ""),
            content,
            extra.get("folder", rng.choice(("INBOX", "INBOX", "INBOX", "ARCHIVE"))),
            "",
            "true" if extra.get("draft") else "false",
            "false",
        ]

    def _content(self, rng) -> str:
        text = rng.choice(SENTENCES)
        if self.era == 2026 and rng.random() < 0.2:
            text = f"Hi!\n{text}\nBest,\n"
        return text

    def _one_to_one(self, rng, person, when, length) -> list[list[str]]:
        rows = []
        for _ in range(length):
            mine = rng.random() < 0.55
            sender, recipient = (self.owner, person) if mine else (person, self.owner)
            draft = mine and self.era == 2026 and rng.random() < 0.01
            rows.append(
                self._message(rng, sender, [recipient], when, self._content(rng), draft=draft)
            )
            when += timedelta(minutes=rng.randrange(1, 60 * 72))
        return rows

    def _group(self, rng, people, when, length) -> list[list[str]]:
        members = [self.owner, *rng.sample(people, min(len(people), rng.randrange(2, 5)))]
        title = rng.choice(GROUP_TITLES)
        separator = rng.choice((",", ";"))
        rows = []
        for _ in range(length):
            sender = rng.choice(members)
            others = [m for m in members if m is not sender]
            rows.append(
                self._message(
                    rng, sender, others, when, self._content(rng), title=title, separator=separator
                )
            )
            when += timedelta(minutes=rng.randrange(1, 600))
        return rows

    def _spam(self, rng, when, length) -> list[list[str]]:
        stranger = self._new_person(rng)
        return [
            self._message(
                rng,
                stranger,
                [self.owner],
                when + timedelta(minutes=i),
                "Make $$$ fast, click here",
                folder="SPAM",
            )
            for i in range(length)
        ]

    def _sponsored(self, rng, when, length) -> list[list[str]]:
        subject = rng.choice(SPONSORED_SUBJECTS)
        return [
            self._message(
                rng,
                None,
                [self.owner],
                when + timedelta(minutes=i),
                SPONSORED_HTML,
                sender_name="LinkedIn Member",
                subject=subject,
                folder="",
            )
            for i in range(length)
        ]

    # -- the next export ------------------------------------------------------------------

    def make_newer(self, talk_first: int = 0) -> None:
        """Move on to the next export: job changes, new connections and new messages."""
        rng = self._rng("newer")
        self.address_book = self.address_book_csv()
        previous = self.export_date
        self.export_date = previous + timedelta(days=NEWER_AFTER_DAYS)
        changed = []
        for person, connected in self.connections:
            if person and rng.random() < 0.05:
                company = rng.choice([c for c in COMPANIES if c != person.company])
                person = replace(person, company=company, position=rng.choice(POSITIONS))
            changed.append((person, connected))
        connected_slugs = {p.slug for p, _ in changed if p}
        fresh = []
        for invitation in self.invitations:
            person = invitation["person"]
            accept = 0.1 if invitation["incoming"] else 0.35
            if person.slug not in connected_slugs and rng.random() < accept:
                connected_slugs.add(person.slug)
                fresh.append(person)
        fresh += [self._new_person(rng) for _ in range(max(3, len(self.connections) // 100))]
        days = sorted(rng.randrange(1, NEWER_AFTER_DAYS) for _ in fresh)
        new_rows = [
            (p, self.export_date - timedelta(days=d)) for p, d in zip(fresh, days, strict=True)
        ]
        self.connections = new_rows + changed
        total = sum(len(rows) for rows in self.conversations.values())
        self._make_messages(min(1000, max(10, total)), start=previous, tag="newer-messages")
        pending = [
            i for i in self.invitations if i["incoming"] and i["person"].slug not in connected_slugs
        ]
        self._talk_first(pending[:talk_first], previous)

    def _talk_first(self, invitations: list[dict], previous: date) -> None:
        """The owner asks each of these people why they invited them; every other one answers."""
        rng = self._rng("talk-first")
        asked = datetime.combine(previous, datetime.min.time()) + timedelta(days=1, hours=9)
        for i, invitation in enumerate(invitations):
            person = invitation["person"]
            conversation = _conversation_id(rng)
            rows = [
                self._message(
                    rng,
                    self.owner,
                    [person],
                    asked,
                    "Thank you for your invitation. What made you want to connect?",
                )
            ]
            if i % 2 == 0:
                answer = "We met at the data meetup; I'd like to talk about your product work."
                rows.append(
                    self._message(rng, person, [self.owner], asked + timedelta(days=2), answer)
                )
            for row in rows:
                row[0] = conversation
            self.counterparts[conversation] = person
            self.conversations[conversation] = rows

    # -- the files ------------------------------------------------------------------------

    def connections_csv(self) -> str:
        out = io.StringIO()
        if self.era >= 2023:
            out.write(PREAMBLE)
            header = [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        else:
            header = [
                "First Name",
                "Last Name",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for person, connected in self.connections:
            on = f"{connected:%d %b %Y}"
            if person is None:
                writer.writerow([""] * (len(header) - 1) + [on])
                continue
            row = [person.first_name, person.last_name]
            if self.era >= 2023:
                row.append(person.url)
            writer.writerow([*row, person.email, person.company, person.position, on])
        return out.getvalue().rstrip("\n")

    def invitations_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = ["From", "To", "Sent At", "Message", "Direction"]
        if self.era >= 2023:
            header += ["inviterProfileUrl", "inviteeProfileUrl"]
        writer.writerow(header)
        for i, row in enumerate(sorted(self.invitations, key=lambda r: r["sent"], reverse=True)):
            person, incoming = row["person"], row["incoming"]
            inviter, invitee = (person, self.owner) if incoming else (self.owner, person)
            sent = row["sent"]
            hour = sent.hour % 12 or 12
            values = [
                inviter.full_name,
                invitee.full_name,
                f"{sent.month}/{sent.day}/{sent:%y}, {hour}:{sent:%M} {sent:%p}",
                row["note"],
                "INCOMING" if incoming else "OUTGOING",
            ]
            if self.era == 2023 and i % 10 == 9:
                values += ["https://www.linkedin.com/in", "https://www.linkedin.com/in"]
            elif self.era >= 2023:
                values += [inviter.url, invitee.url]
            writer.writerow(values)
        return out.getvalue().rstrip("\n")

    def messages_csv(self) -> str:
        header = MESSAGE_HEADERS[self.era]
        out = io.StringIO()
        quoting = csv.QUOTE_ALL if self.era == 2026 else csv.QUOTE_MINIMAL
        writer = csv.writer(out, lineterminator="\n", quoting=quoting)
        writer.writerow(header)
        keep = [i for i, name in enumerate(MESSAGE_HEADERS[2026]) if name in header]
        for rows in self.conversations.values():
            for row in sorted(rows, key=lambda r: r[6], reverse=True):
                writer.writerow([row[i] for i in keep])
        return out.getvalue().rstrip("\n")

    def profile_csv(self, parts=("headline", "summary")) -> str:
        header = PROFILE_HEADERS[self.era].split(",")
        values = dict.fromkeys(header, "")
        values.update({
            "First Name": self.owner.first_name,
            "Last Name": self.owner.last_name,
            "Industry": "Software Development",
            "Geo Location": "Lisbon, Portugal",
        })  # fmt: skip
        if "headline" in parts:
            values["Headline"] = "Head of Product at Kiwi Analytics, building calm software"
        if "summary" in parts:
            values["Summary"] = (
                "I lead product at Kiwi Analytics.\nBefore that, ten years of data engineering, "
                "from start-ups to a bank: ask me about calm roadmaps."
            )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerow(values.values())
        return out.getvalue().rstrip("\n")

    def positions_csv(self) -> str:
        """Positions.csv: the owner's current job (no end date) and a past one."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"]
        )
        writer.writerow([self.owner.company, self.owner.position, "Product, data, people.",
                         "Lisbon, Portugal", "Mar 2022", ""])  # fmt: skip
        writer.writerow(["Globex Bank", "Data Engineer", "", "Paris, France", "Sep 2015",
                         "Feb 2022"])  # fmt: skip
        return out.getvalue().rstrip("\n")

    def notes_csv(self) -> str:
        rng = self._rng("notes")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "Connection First Name",
                "Connection Last Name",
                "Connection Profile URL",
                "Note",
                "Created On",
                "Edited On",
            ]
        )
        people = [p for p, _ in self.connections if p]
        for person in people[:: max(1, len(people) // max(1, len(people) // 50))]:
            created = datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(0, 300 * 24 * 60))
            note = rng.choice(
                (
                    "Met at Web Summit, interested in data tooling.",
                    "Ask about the Berlin office.",
                    "Intro'd by Priya; follow up in Q3.",
                )
            )
            writer.writerow(
                [
                    person.first_name.strip(),
                    person.last_name.strip(),
                    person.url,
                    note,
                    f"{created:%Y-%m-%d %H:%M:%S} UTC",
                    f"{created:%Y-%m-%d %H:%M:%S} UTC",
                ]
            )
        return out.getvalue().rstrip("\n")

    def address_book_csv(self) -> str:
        """Contacts.csv, the address book the owner uploaded: about one entry per ten
        connections, a third with their profile URL, a third with the address LinkedIn gives
        (else one nobody has), and a third of strangers; each with two addresses and a
        number. The same file in a newer export (`make_newer`)."""
        if self.address_book is not None:
            return self.address_book
        rng = self._rng("address_book")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["Source", "FirstName", "LastName", "Companies", "Title", "Emails", "PhoneNumbers",
             "CreatedAt", "Addresses", "Sites", "InstantMessageHandles", "FullName", "Birthday",
             "Location", "BookmarkedAt", "Profiles"]
        )  # fmt: skip
        people = [p for p, _ in self.connections if p]
        for i, person in enumerate(people[::10]):
            first, last = person.first_name.strip(), person.last_name.strip()
            mail = _ascii(fold(first))
            home = f"{mail}.{rng.getrandbits(24):x}@home.example"
            work = f"{mail}.{rng.getrandbits(24):x}@work.example"
            profile, email = "", home
            if i % 3 == 0:
                profile = person.url
            elif i % 3 == 1 and person.email:
                email = person.email
            elif i % 3 == 2:
                first, last = rng.choice(FIRST_NAMES), _last_name(rng.randrange(100))
            phone = f"+33 6 {rng.randrange(10**8):08d}"
            writer.writerow(
                ["GOOGLE_CONTACTS", first, last, person.company, person.position,
                 f"{email},{work}", phone, "2/1/26, 9:56 AM", "", "", "",
                 f"{first} {last}", "", "", "", profile]
            )  # fmt: skip
        return out.getvalue().rstrip("\n")


def _last_name_count() -> int:
    return len(LAST_NAMES) + len(LAST_NAMES) * (len(LAST_NAMES) - 1)


def _last_name(index: int) -> str:
    """A single last name, or a double-barrelled one once the single ones run out."""
    if index < len(LAST_NAMES):
        return LAST_NAMES[index]
    index -= len(LAST_NAMES)
    first, second = divmod(index, len(LAST_NAMES) - 1)
    second += second >= first
    return f"{LAST_NAMES[first]}-{LAST_NAMES[second]}"


def _ascii(text: str) -> str:
    return text.encode("ascii", "ignore").decode() or "member"


def _conversation_id(rng: random.Random) -> str:
    return "2-" + base64.b64encode(rng.randbytes(30)).decode()
