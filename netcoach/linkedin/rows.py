"""The plain rows that reading an export gives: dataclasses, no pandas, no Django.

`read_export` (read.py) fills an `Export` with one list of them per file; `apply_export`
(apply.py) stores them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class RowWarning:
    file: str
    line: int  # 1-based physical line in the CSV, header line included
    column: str
    message: str


# The rows of the files are not frozen: a frozen dataclass's __init__ costs 8 times as
# much, 0.4 s over the 110,000 rows of a maximum-size export. Nothing changes them.
@dataclass(slots=True)
class ConnectionRow:
    line: int
    first_name: str
    last_name: str
    profile_url: str
    profile_key: str
    name_key: str
    email: str
    company: str
    position: str
    connected_on: date | None


@dataclass(slots=True)
class InvitationRow:
    line: int
    direction: str  # "incoming" or "outgoing"
    name: str  # the counterpart: From on incoming rows, To on outgoing ones
    profile_url: str
    profile_key: str
    name_key: str
    message: str  # written by a stranger: kept verbatim, always shown escaped
    sent_at: datetime | None  # aware, UTC: the export gives no zone
    owner_name: str
    owner_profile_key: str


@dataclass(slots=True)
class ConversationDay:
    """The messages of one one-to-one conversation on one day of the owner's: one interaction."""

    conversation_id: str
    day: date  # in the owner's time zone
    counterpart_name: str
    counterpart_profile_url: str
    counterpart_profile_key: str
    counterpart_name_key: str
    direction: str  # "both" when in a two-way exchange (days.py), else "from_me" or "to_me"
    first_at: datetime  # aware, UTC
    last_at: datetime
    message_count: int
    summary: str  # plain text, never markup
    import_key: str
    from_me_count: int = 0  # how many of the day's messages the owner wrote


@dataclass(slots=True)
class NoteRow:
    line: int
    first_name: str
    last_name: str
    profile_url: str
    profile_key: str
    name_key: str
    text: str
    created_at: datetime | None
    import_key: str


@dataclass(slots=True)
class EndorsementDay:
    """The endorsements one person gave the owner (or the owner gave them) on one UTC day:
    one interaction, whatever the number of skills."""

    line: int  # of the day's first row, for a warning
    direction: str  # "received" or "given"
    first_name: str
    last_name: str
    profile_url: str
    profile_key: str
    name_key: str
    skills: list[str]
    endorsed_at: datetime  # the day's last endorsement, aware, UTC
    import_key: str


@dataclass(slots=True)
class RecommendationRow:
    line: int
    direction: str  # "received" or "given"
    first_name: str
    last_name: str
    name_key: str  # no profile URL in these files: people are found by name
    text: str  # written by a person: kept verbatim, always shown escaped
    created_at: datetime  # aware, UTC: the export gives no zone
    import_key: str


@dataclass(slots=True)
class AddressBookRow:
    """An entry of Contacts.csv, the owner's uploaded address book: what finds its contact (a
    profile key, else an address, else a number; never the name) and what it may add."""

    line: int
    name: str  # for the warnings only
    profile_keys: list[str]
    emails: list[str]
    phones: list[str]  # as written: read in the owner's region when applied


@dataclass(slots=True)
class FileSeen:
    """One file of the archive, and what the import did with it."""

    name: str
    status: str  # "read", "known" (recognised, not used) or "unknown"
    note: str = ""


@dataclass(frozen=True)
class Owner:
    first_name: str
    last_name: str
    name_key: str
    profile_key: str


@dataclass(frozen=True)
class OwnProfileRow:
    """What the export says of the owner's own profile: Profile.csv's headline and whether it
    has a summary, and the current positions of Positions.csv (None without that file)."""

    headline: str
    has_summary: bool
    current_positions: list[str] | None


@dataclass
class Export:
    files: dict[str, str] = field(default_factory=dict)
    owner: Owner | None = None
    own_profile: OwnProfileRow | None = None
    connections: list[ConnectionRow] = field(default_factory=list)
    hidden_connections: int = 0
    invitations: list[InvitationRow] = field(default_factory=list)
    conversation_days: list[ConversationDay] = field(default_factory=list)
    message_counts: dict[str, int] = field(default_factory=dict)
    notes: list[NoteRow] = field(default_factory=list)
    endorsements: list[EndorsementDay] = field(default_factory=list)
    endorsement_counts: dict[str, int] = field(default_factory=dict)
    recommendations: list[RecommendationRow] = field(default_factory=list)
    recommendation_counts: dict[str, int] = field(default_factory=dict)
    address_book: list[AddressBookRow] = field(default_factory=list)
    address_book_rows: int = 0
    files_seen: list[FileSeen] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
