"""messages.csv into conversation days: one interaction per one-to-one conversation and day.

Here each message is sorted out (one-to-one, group, sponsored, spam, draft, without counterpart,
undated) and each one-to-one conversation gets its counterpart; days.py groups what is left.

- A conversation is *sponsored* (InMail, ads) when any of its messages comes from
  `LinkedIn Member` without a profile URL, has no folder and no sender URL while not written by the
  owner, or carries "Sponsored" or "InMail" in its subject or title. Its messages are counted and
  make no interaction.
- A conversation is a *group* when it has a title, more than one other sender, or a message to
  several recipients. Groups are counted and make no interaction.

`Messages` is read before the owner is known (`participants` and `owner_url_key` help find them,
owner.py), then gives the days once they are.
"""

import re
from collections import Counter
from datetime import UTC, tzinfo

import numpy as np
import pandas as pd
from django.utils.translation import gettext_noop

from contacts.normalize import fold, profile_key
from netcoach.linkedin.days import group_by_day
from netcoach.linkedin.frames import (
    Frame,
    fold_each,
    parse_dates,
    per_value,
    profile_keys,
    strip_value,
)
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import Export, Owner, RowWarning

# Values lose a " UTC" suffix before these formats are tried.
MESSAGE_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "ISO8601")

LINKEDIN_MEMBER = "LinkedIn Member"
_PROFILE_URL_RE = re.compile(r"(?:https?://)?(?:[\w-]+\.)*linkedin\.com/in/[^\s,;]+")
_SPONSORED_RE = re.compile(r"\b(?:sponsored|inmail)\b", re.IGNORECASE)
_TRUE_VALUES = {"true", "yes", "1"}
# What became of a message, as a number per message while sorting them out.
_KINDS = ("one_to_one", "group", "sponsored", "spam", "no_counterpart", "undated")
_ONE_TO_ONE, _GROUP, _SPONSORED, _SPAM, _NO_COUNTERPART, _UNDATED = range(len(_KINDS))


class Messages:
    """messages.csv, vectorised: participants for owner detection, then one row per day."""

    def __init__(self, frame: Frame, export: Export):
        self.frame, self.export = frame, export
        self.sender = frame.col("FROM")
        self.to = frame.col("TO")
        self.legacy = not frame.has("CONVERSATION ID")
        if self.legacy:
            # Before 2020 there was no conversation id: the counterpart's name stands for it.
            outgoing = per_value(frame.col("DIRECTION"), str.upper).isin(["OUTGOING", "SENT"])
            self.legacy_outgoing = outgoing
            counterpart = self.to.where(outgoing, self.sender)
            self.conversation = pd.Series(
                ["legacy:" + key for key in fold_each(counterpart.tolist())],
                index=frame.df.index,
            )
        else:
            self.conversation = frame.col("CONVERSATION ID")
        self.sender_key = pd.Series(
            profile_keys(frame.col("SENDER PROFILE URL")), index=frame.df.index
        )
        self.sender_name_key = pd.Series(fold_each(self.sender.tolist()), index=frame.df.index)
        blank = ((self.sender == "") & (self.to == "") & (frame.col("DATE") == "")).to_numpy(
            copy=True
        )
        # Only the text of the few rows blank so far is stripped, not the whole column.
        content = frame.col("CONTENT", strip=False).to_numpy()
        for i in np.flatnonzero(blank):
            blank[i] = not strip_value(content[i])
        self.blank = pd.Series(blank, index=frame.df.index)

    def participants(self) -> tuple[Counter, int]:
        """How many conversations each folded name takes part in, and how many there are."""
        live = ~self.blank.to_numpy()
        if not live.any():
            return Counter(), 0
        conv, conversations = pd.factorize(self.conversation.to_numpy()[live])
        names = self.sender_name_key.to_numpy()[live].tolist()
        names += fold_each(self.to.to_numpy()[live].tolist())
        name_codes, distinct = pd.factorize(np.array(names, dtype=object))
        # Each (conversation, name) pair once, in the order first met: senders, then recipients.
        pairs = pd.unique(
            np.concatenate([conv, conv]).astype(np.int64) * len(distinct) + name_codes
        )
        present = distinct[pairs % len(distinct)]
        present = pd.Series(present[present != ""], dtype=object)
        return Counter(present.value_counts().to_dict()), len(conversations)

    def owner_url_key(self, names: set[str]) -> str:
        mine = self.sender_key[self.sender_name_key.isin(names) & (self.sender_key != "")]
        return mine.value_counts().index[0] if len(mine) else ""

    def conversation_days(self, owner: Owner | None, aliases: set[str], time_zone: tzinfo = UTC):
        """The interactions (one per one-to-one conversation and day of `time_zone`) and the
        message counts."""
        frame, export = self.frame, self.export
        live = ~self.blank.to_numpy()
        counts = dict.fromkeys(
            ("one_to_one", "group", "spam", "sponsored", "drafts", "no_counterpart", "undated"), 0
        )
        counts = {"messages": int(live.sum()), **counts}
        drafts = per_value(frame.col("IS MESSAGE DRAFT"), str.lower).isin(_TRUE_VALUES).to_numpy()
        counts["drafts"] = int((drafts & live).sum())
        # The messages that count, by position; each conversation as a number (`conv`) so that
        # the sets of conversations below are boolean arrays, not sets of ids.
        rows = np.flatnonzero(live & ~drafts)
        codes, conversations = pd.factorize(self.conversation.to_numpy()[rows])
        n = len(conversations)

        def column(values) -> np.ndarray:
            return values.to_numpy(dtype=object)[rows]

        sender, sender_key, sender_nk = (
            column(self.sender),
            column(self.sender_key),
            column(self.sender_name_key),
        )
        folder = column(per_value(frame.col("FOLDER"), str.upper))
        title, to = column(frame.col("CONVERSATION TITLE")), column(self.to)
        to_urls = column(frame.col("RECIPIENT PROFILE URLS"))

        def of_conversations(mask) -> np.ndarray:
            """Per conversation: whether any of its messages is in `mask`."""
            flags = np.zeros(n, dtype=bool)
            flags[codes[mask]] = True
            return flags

        owner_names = ({owner.name_key} | aliases) - {""} if owner else set()
        owner_keys = {owner.profile_key} - {""} if owner else set()
        if self.legacy:
            from_me = self.legacy_outgoing.to_numpy(dtype=bool)[rows]
        elif owner:
            by_url = sender_key != ""
            from_me = (by_url & _isin(sender_key, owner_keys)) | (
                ~(by_url & bool(owner_keys)) & _isin(sender_nk, owner_names)
            )
        else:
            from_me = np.zeros(len(rows), dtype=bool)

        spam = of_conversations(folder == "SPAM")
        member = (sender == LINKEDIN_MEMBER) & (sender_key == "")
        if frame.has("SENDER PROFILE URL") and frame.has("FOLDER"):
            member |= (folder == "") & (sender_key == "") & ~from_me
        for name in ("SUBJECT", "CONVERSATION TITLE"):
            member |= column(per_value(frame.col(name), _is_sponsored)).astype(bool)
        sponsored = of_conversations(member) & ~spam

        # A group: a title, several other senders, or a message to several recipients.
        others = ~from_me
        other_ids = np.where(sender_key[others] != "", sender_key[others], sender_nk[others])
        id_codes, ids = pd.factorize(other_ids)
        pairs = pd.unique(codes[others].astype(np.int64) * max(len(ids), 1) + id_codes)
        several_senders = np.bincount(pairs // max(len(ids), 1), minlength=n) > 1
        recipients = column(per_value(frame.col("RECIPIENT PROFILE URLS"), _count_urls))
        recipients = recipients.astype(np.int64)
        several_recipients = recipients > 1
        unknown = np.flatnonzero(recipients == 0)
        # Names are counted only where no URL says how many recipients there are.
        several_recipients[unknown] = [_count_names(value) > 1 for value in to[unknown].tolist()]
        group = (
            (of_conversations(title != "") | several_senders | of_conversations(several_recipients))
            & ~spam
            & ~sponsored
        )

        kind = np.full(len(rows), _ONE_TO_ONE, dtype=np.int8)
        kind[group[codes]] = _GROUP
        kind[sponsored[codes]] = _SPONSORED
        kind[spam[codes]] = _SPAM
        if owner is None and not self.legacy:
            kind[kind == _ONE_TO_ONE] = _NO_COUNTERPART
            if (kind == _NO_COUNTERPART).any():
                export.warnings.append(
                    RowWarning(
                        frame.member,
                        frame.first_line - 1,
                        frame.column_name("FROM"),
                        Notice(
                            gettext_noop(
                                "cannot tell which participant is you: messages made no "
                                "interactions"
                            )
                        ),
                    )
                )

        ones = np.flatnonzero(kind == _ONE_TO_ONE)
        one = pd.DataFrame(
            {
                "conv": conversations[codes[ones]],
                "sender": sender[ones],
                "sender_key": sender_key[ones],
                "to": to[ones],
                "to_urls": to_urls[ones],
                "content": column(frame.col("CONTENT", strip=False))[ones],
                "from_me": from_me[ones],
            },
            index=rows[ones],
        )
        counterpart = _counterparts(one, owner_keys)
        no_counterpart = ~one["conv"].isin(counterpart.index).to_numpy()
        kind[ones[no_counterpart]] = _NO_COUNTERPART
        one, ones = one[~no_counterpart], ones[~no_counterpart]

        parsed = parse_dates(frame, "DATE", MESSAGE_DATE_FORMATS, utc=True, warnings_out=[])
        at = parsed[one.index]
        undated = at.isna().to_numpy()
        if undated.any():
            export.warnings += frame.warnings_for(
                frame.df.index.isin(one.index[undated]),
                "DATE",
                lambda value: Notice(
                    gettext_noop("unreadable date %(value)s: message skipped"), value=repr(value)
                ),
            )
            kind[ones[undated]] = _UNDATED
            one, at = one[~undated], at[~undated]

        tally = np.bincount(kind, minlength=len(_KINDS))
        for code, name in enumerate(_KINDS):
            counts[name] = int(tally[code])
        return group_by_day(one, at, counterpart, time_zone), counts


def _isin(values: np.ndarray, wanted: set) -> np.ndarray:
    return pd.Series(values, dtype=object).isin(wanted).to_numpy()


def _is_sponsored(text: str) -> bool:
    return bool(text) and _SPONSORED_RE.search(text) is not None


def _count_urls(text: str) -> int:
    return len(_PROFILE_URL_RE.findall(text)) if text else 0


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "mba", "md", "cpa", "pmp", "esq"}


def _count_names(value: str) -> int:
    """How many people a TO field names: ", " joins them, but "Doe, Ph.D." is one person."""
    if not value:
        return 0
    return (
        sum(
            1
            for piece in value.split(", ")
            if " " in piece.strip()
            or not (
                "." in piece or piece.isupper() or fold(piece).replace(" ", "") in _NAME_SUFFIXES
            )
        )
        or 1
    )


def _first_other_key(urls: str, owner_keys: set[str]) -> str:
    for url in _PROFILE_URL_RE.findall(urls):
        key = profile_key(url)
        if key and key not in owner_keys:
            return key
    return ""


def _counterparts(one: pd.DataFrame, owner_keys: set[str]) -> pd.DataFrame:
    """Per one-to-one conversation: the other person's name and profile key.

    Taken from their own messages when they wrote; otherwise from the recipient of the owner's.
    """
    theirs = one[~one["from_me"]]
    found = theirs.drop_duplicates("conv", keep="last").set_index("conv")[["sender"]]
    found.columns = ["name"]
    with_url = theirs[theirs["sender_key"] != ""].drop_duplicates("conv", keep="last")
    found["key"] = with_url.set_index("conv")["sender_key"].reindex(found.index).fillna("")
    mine = one[one["from_me"] & ~one["conv"].isin(found.index)]
    if len(mine):
        recipients = mine.drop_duplicates("conv").set_index("conv")[["to", "to_urls"]]
        recipients["key"] = [_first_other_key(u, owner_keys) for u in recipients["to_urls"]]
        found = pd.concat([found, recipients.rename(columns={"to": "name"})[["name", "key"]]])
    names = ["" if n == LINKEDIN_MEMBER else n for n in found["name"].tolist()]
    found["name"] = names
    found["name_key"] = fold_each(names)
    return found[(found["name_key"] != "") | (found["key"] != "")]
