"""Who the owner of the export is: Profile.csv, and the invitations and messages that confirm it.

The messages need the owner to tell who wrote what: `detect_owner` runs between reading
messages.csv (`Messages`) and making its conversation days.
"""

from collections import Counter

from contacts.normalize import fold, name_key
from netcoach.linkedin.frames import Frame
from netcoach.linkedin.messages import LINKEDIN_MEMBER, Messages
from netcoach.linkedin.rows import InvitationRow, Owner, OwnProfileRow


def profile_owner(frame: Frame) -> Owner | None:
    first, last = frame.col("First Name"), frame.col("Last Name")
    for fn, ln in zip(first.tolist(), last.tolist(), strict=True):
        if fn or ln:
            return Owner(fn, ln, name_key(fn, ln), "")
    return None


def own_profile(profile: Frame | None, positions: Frame | None) -> OwnProfileRow | None:
    """The owner's headline, summary and current positions (those with no end date, as
    "Title at Company"), for the profile checklist; None without Profile.csv."""
    if profile is None or not len(profile.df):
        return None
    current = None
    if positions is not None:
        current = [
            " · ".join(part for part in (title, company) if part)
            for title, company, finished in zip(
                positions.col("Title").tolist(),
                positions.col("Company Name").tolist(),
                positions.col("Finished On").tolist(),
                strict=True,
            )
            if (title or company) and not finished
        ]
    return OwnProfileRow(
        headline=profile.col("Headline").iat[0],
        has_summary=bool(profile.col("Summary").iat[0]),
        current_positions=current,
    )


def detect_owner(
    profile: Owner | None, invitations: list[InvitationRow], messages: "Messages | None"
) -> tuple[Owner | None, set[str]]:
    """The owner, from three sources that normally agree, and every folded name they go by.

    Profile.csv gives the name, outgoing invitations the profile URL, and the one participant
    present in nearly every conversation confirms both (or stands in when the others are missing).
    """
    raw_names: dict[str, str] = {}
    invitation_names = Counter()
    invitation_keys = Counter()
    for row in invitations:
        key = fold(row.owner_name)
        if key:
            invitation_names[key] += 1
            raw_names.setdefault(key, row.owner_name)
        if row.owner_profile_key:
            invitation_keys[row.owner_profile_key] += 1
    invitation_name = invitation_names.most_common(1)[0][0] if invitation_names else ""

    message_name = ""
    if messages is not None and not messages.legacy:
        presence, conversations = messages.participants()
        for key, count in presence.most_common(2):
            if key != fold(LINKEDIN_MEMBER) and conversations >= 3 and count >= conversations / 2:
                message_name = key
                break
        if message_name:
            rows = messages.sender[messages.sender_name_key == message_name]
            raw_names.setdefault(message_name, rows.iat[0] if len(rows) else message_name)

    aliases = {profile.name_key if profile else "", invitation_name, message_name} - {""}
    primary = (profile.name_key if profile else "") or invitation_name or message_name
    if not primary:
        return None, set()
    if invitation_keys:
        url_key = invitation_keys.most_common(1)[0][0]
    elif messages is not None:
        url_key = messages.owner_url_key(aliases)
    else:
        url_key = ""
    if profile:
        return Owner(profile.first_name, profile.last_name, primary, url_key), aliases
    first, _, last = raw_names.get(primary, primary).strip().partition(" ")
    return Owner(first, last.strip(), primary, url_key), aliases
