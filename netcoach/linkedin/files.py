"""The files of a LinkedIn export that netcoach reads: their names, their columns, their headers.

Each file is a `Spec`: its kind ("connections", "messages"...), its name in the archive, and the
columns it must have and may have. `first_rows` and `column_key` are how a header line is read
and matched, both when a member is found (archive.py) and when it is parsed (frames.py).
`OTHER_FILES` and `OTHER_FOLDERS` are the rest of a real archive: recognised, not used.
"""

import csv
from dataclasses import dataclass

HEADER_SCAN_LINES = 10


@dataclass(frozen=True)
class Spec:
    kind: str
    file_name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # A skippable file (endorsements, recommendations) that cannot be read is left out with a
    # warning instead of refusing the archive; it is read only beside one of the core files.
    skippable: bool = False


# Order matters for a bare CSV upload: the first spec whose required columns are all present wins.
SPECS = (
    Spec(
        "connections",
        "Connections.csv",
        ("First Name", "Last Name", "Connected On"),
        ("URL", "Email Address", "Company", "Position"),
    ),
    Spec(
        "notes",
        "Notes.csv",
        ("Connection First Name", "Connection Last Name", "Note"),
        ("Connection Profile URL", "Created On", "Edited On"),
    ),
    Spec(
        "invitations",
        "Invitations.csv",
        ("From", "To", "Sent At", "Direction"),
        ("Message", "inviterProfileUrl", "inviteeProfileUrl"),
    ),
    Spec(
        "messages",
        "messages.csv",
        ("FROM", "TO", "DATE", "CONTENT"),
        (
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "SENDER PROFILE URL",
            "RECIPIENT PROFILE URLS",
            "SUBJECT",
            "FOLDER",
            "DIRECTION",
            "ATTACHMENTS",
            "IS MESSAGE DRAFT",
            "IS CONVERSATION DRAFT",
        ),
    ),
    Spec(
        "profile",
        "Profile.csv",
        ("First Name", "Last Name"),
        ("Maiden Name", "Headline", "Summary"),
    ),
    # The optional files: Basic archives carry the endorsements, Complete ones the
    # recommendations too (docs/linkedin-export.md).
    Spec(
        "endorsements_received",
        "Endorsement_Received_Info.csv",
        ("Endorsement Date", "Endorser First Name", "Endorser Last Name"),
        ("Skill Name", "Endorser Public Url", "Endorsement Status"),
        skippable=True,
    ),
    Spec(
        "endorsements_given",
        "Endorsement_Given_Info.csv",
        ("Endorsement Date", "Endorsee First Name", "Endorsee Last Name"),
        ("Skill Name", "Endorsee Public Url", "Endorsement Status"),
        skippable=True,
    ),
    Spec(
        "recommendations_received",
        "Recommendations_Received.csv",
        ("First Name", "Last Name", "Text", "Creation Date"),
        ("Company", "Job Title", "Status"),
        skippable=True,
    ),
    # The owner's own positions: the current one (no end date) for the profile checklist.
    Spec(
        "positions",
        "Positions.csv",
        ("Company Name", "Title"),
        ("Description", "Location", "Started On", "Finished On"),
        skippable=True,
    ),
    Spec(
        "recommendations_given",
        "Recommendations_Given.csv",
        ("First Name", "Last Name", "Text", "Creation Date"),
        ("Company", "Job Title", "Status"),
        skippable=True,
    ),
    # The address book the owner once uploaded to LinkedIn: emails and phone numbers for the
    # contacts it matches (address_book.py, details.py).
    Spec(
        "address_book",
        "Contacts.csv",
        ("Emails", "PhoneNumbers"),
        (
            "Source",
            "FirstName",
            "LastName",
            "Companies",
            "Title",
            "CreatedAt",
            "Addresses",
            "Sites",
            "InstantMessageHandles",
            "FullName",
            "Birthday",
            "Location",
            "BookmarkedAt",
            "Profiles",
        ),
        skippable=True,
    ),
)
SPEC_BY_KIND = {spec.kind: spec for spec in SPECS}
CORE_SPECS = tuple(spec for spec in SPECS if not spec.skippable)
KNOWN_FILE_NAMES = ", ".join(spec.file_name for spec in CORE_SPECS)

# The other files of LinkedIn's archives (gathered from public parsers of the export), compared
# like the files read (case, spaces and underscores ignored): the summary lists them as recognised
# but not used, and anything else as unknown. Files inside OTHER_FOLDERS (articles as HTML, job
# applications...) are recognised too. A file LinkedIn adds one year shows as unknown until named.
OTHER_FILES = (
    "Account Status History.csv",
    "Ad_Targeting.csv",
    "Ads Clicked.csv",
    "Causes You Care About.csv",
    "Certifications.csv",
    "Comments.csv",
    "Company Follows.csv",
    "Courses.csv",
    "Education.csv",
    "Email Addresses.csv",
    "Events.csv",
    "Groups.csv",
    "guide_messages.csv",
    "Hashtag_Follows.csv",
    "Honors.csv",
    "Inferences_about_you.csv",
    "Job Applicant Saved Answers.csv",
    "Job Applicant Saved Screening Question Responses.csv",
    "Job Applications.csv",
    "Job Seeker Preferences.csv",
    "LAN Ads Engagement.csv",
    "Languages.csv",
    "Learning.csv",
    "learning_coach_messages.csv",
    "learning_role_play_messages.csv",
    "Logins.csv",
    "Member_Follows.csv",
    "Organizations.csv",
    "Patents.csv",
    "PhoneNumbers.csv",
    "Private_identity_asset.csv",
    "Profile Summary.csv",
    "Projects.csv",
    "Publications.csv",
    "Reactions.csv",
    "Receipts.csv",
    "Receipts_v2.csv",
    "Registration.csv",
    "Rich_Media.csv",
    "Saved Jobs.csv",
    "SavedJobAlerts.csv",
    "Saved_Items.csv",
    "Search Queries.csv",
    "Security Challenges.csv",
    "Shares.csv",
    "Skills.csv",
    "Test Scores.csv",
    "Verifications.csv",
    "Volunteering.csv",
    "Votes.csv",
    "Whatsapp Phone Numbers.csv",
)
OTHER_FOLDERS = ("Articles", "Jobs", "Services Marketplace", "Verifications")


def loose_name(name: str) -> str:
    """A file or folder name compared ignoring case, spaces and underscores: names drift
    between years (`Rich Media.csv` became `Rich_Media.csv`)."""
    return name.lower().replace(" ", "").replace("_", "")


def column_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip('"').strip().lower()


def first_rows(data: bytes) -> list[list[str]]:
    """The fields of the first lines, each line read on its own."""
    end = 0
    for _ in range(HEADER_SCAN_LINES):
        end = data.find(b"\n", end) + 1
        if not end:
            head = data.split(b"\n")
            break
    else:
        head = data[: end - 1].split(b"\n")
    rows = []
    for line in head:
        try:
            rows.append(next(csv.reader([line.decode().rstrip("\r")]), []))
        except csv.Error:
            rows.append([])
    return rows
