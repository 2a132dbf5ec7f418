"""The one-to-one messages of each conversation grouped into days: one `ConversationDay` each.

A day is the owner's: a date in their time zone (`Preferences.time_zone`), from midnight to
midnight there. Its direction looks beyond the day (docs/relationship-model.md, "Two-way
exchanges"): a message is part of a two-way exchange when the other side wrote within the reply
window of it, before or after (it was answered, or it answers), and a day holding such a message
is `both`. Otherwise the day is `from_me` or `to_me`, after the one side that wrote.

The summary of a day is its messages' plain text ("Me: " or "Them: " before each), cut to
SUMMARY_LENGTH; the HTML of the messages is never kept (`plain_text`).
"""

import html
import re
from datetime import UTC, datetime, tzinfo

import numpy as np
import pandas as pd

from contacts.normalize import PROFILE_URL_PREFIX
from contacts.relationships import REPLY_WINDOW_DAYS
from netcoach.linkedin.rows import ConversationDay

SUMMARY_LENGTH = 500
DAY_NS = 86400 * 10**9
REPLY_WINDOW_NS = REPLY_WINDOW_DAYS * DAY_NS
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>|<[^>]*$")


def group_by_day(
    one: pd.DataFrame, at: pd.Series, counterpart: pd.DataFrame, time_zone: tzinfo = UTC
) -> list[ConversationDay]:
    """Group the messages by conversation and day of `time_zone` with numpy: pandas' groupby is
    too slow on text columns."""
    if not len(one):
        return []
    codes, conversations = pd.factorize(one["conv"])
    at_ns = _nanoseconds(at)
    local_ns = at_ns if time_zone is UTC else _nanoseconds(at.dt.tz_convert(time_zone))
    day_ns = local_ns - local_ns % DAY_NS
    order = np.lexsort((at_ns, day_ns, codes))
    codes, at_ns, day_ns = codes[order], at_ns[order], day_ns[order]
    from_me = one["from_me"].to_numpy(dtype=bool)[order]
    text = plain_text(one["content"]).to_numpy(dtype=object)[order]
    lines = [
        ("Me: " if mine else "Them: ") + line
        for mine, line in zip(from_me.tolist(), text.tolist(), strict=True)
    ]
    starts = np.flatnonzero(
        np.concatenate(([True], (codes[1:] != codes[:-1]) | (day_ns[1:] != day_ns[:-1])))
    )
    ends = np.append(starts[1:], len(codes))
    mine = np.add.reduceat(from_me.astype(np.int64), starts)
    count = ends - starts
    two_way = np.logical_or.reduceat(_in_exchange(codes, at_ns, from_me), starts)
    direction = np.where(two_way, "both", np.where(mine == count, "from_me", "to_me")).tolist()

    # Most days hold one message: its line is the summary. The others join theirs.
    summaries = np.array(lines, dtype=object)[starts]
    for i in np.flatnonzero(count > 1).tolist():
        start = starts[i]
        summaries[i] = "\n".join(lines[start : min(ends[i], start + SUMMARY_LENGTH // 4)])
    summaries = summaries.tolist()
    for i, summary in enumerate(summaries):
        if len(summary) > SUMMARY_LENGTH:
            summaries[i] = summary[: SUMMARY_LENGTH - 1] + "…"

    group_convs = conversations[codes[starts]].tolist()
    people = counterpart.reindex(group_convs)
    keys = people["key"].tolist()
    urls = [PROFILE_URL_PREFIX + key if key else "" for key in keys]
    # A few thousand distinct days: each becomes a date and its ISO text once.
    distinct_days, day_index = np.unique(day_ns[starts], return_inverse=True)
    distinct_dates = pd.to_datetime(distinct_days).date.tolist()
    distinct_iso = [day.isoformat() for day in distinct_dates]
    day_index = day_index.tolist()
    dates = [distinct_dates[i] for i in day_index]
    import_keys = [
        f"msg:{conv}:{distinct_iso[i]}" for conv, i in zip(group_convs, day_index, strict=True)
    ]
    last_at = _utc_datetimes(at_ns[ends - 1])
    # A day of one message starts when it ends: the same (immutable) datetime serves twice.
    first_at = last_at.copy()
    several = np.flatnonzero(count > 1)
    for i, moment in zip(several.tolist(), _utc_datetimes(at_ns[starts[several]]), strict=True):
        first_at[i] = moment
    return list(
        map(
            ConversationDay,
            group_convs,
            dates,
            people["name"].tolist(),
            urls,
            keys,
            people["name_key"].tolist(),
            direction,
            first_at,
            last_at,
            count.tolist(),
            summaries,
            import_keys,
            mine.tolist(),
        )
    )


def _nanoseconds(at: pd.Series) -> np.ndarray:
    """Nanoseconds since 1970 of the wall-clock times of `at` (aware): UTC's, or a zone's."""
    return at.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").astype(np.int64)


def _in_exchange(codes: np.ndarray, at_ns: np.ndarray, from_me: np.ndarray) -> np.ndarray:
    """Per message (sorted by conversation, then time): whether the other side of its
    conversation wrote within the reply window of it, before or after.

    For each side, the nearest message of that side before and after every position comes from
    a running maximum and minimum of positions; a message of the other side is in an exchange
    when either is in its conversation and close enough in time.
    """
    n = len(codes)
    positions = np.arange(n)
    near = np.zeros(n, dtype=bool)
    for side in (from_me, ~from_me):
        before = np.maximum.accumulate(np.where(side, positions, -1))
        after = np.minimum.accumulate(np.where(side, positions, n)[::-1])[::-1]
        has_before, has_after = before >= 0, after < n
        before, after = np.where(has_before, before, 0), np.where(has_after, after, 0)
        answers = has_before & (codes[before] == codes) & (at_ns - at_ns[before] <= REPLY_WINDOW_NS)
        answered = has_after & (codes[after] == codes) & (at_ns[after] - at_ns <= REPLY_WINDOW_NS)
        near |= ~side & (answers | answered)
    return near


def _utc_datetimes(ns: np.ndarray) -> list[datetime]:
    """Aware datetimes (UTC) of nanosecond timestamps; from whole seconds when they all are,
    as messages.csv gives them, which is twice as fast as pandas' conversion."""
    if (ns % 10**9).any():
        return pd.to_datetime(ns, utc=True).to_pydatetime().tolist()
    return [datetime.fromtimestamp(seconds, UTC) for seconds in (ns // 10**9).tolist()]


def plain_text(values: pd.Series, limit: int = 4 * SUMMARY_LENGTH) -> pd.Series:
    """Hostile HTML to plain text: scripts dropped, tags removed, entities decoded."""
    out = []
    for value in values.tolist():
        value = value[:limit] if isinstance(value, str) else ""
        if "<" in value:
            value = _TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", value))
        if "&" in value:
            # Markup written as entities (&lt;b&gt;) becomes markup once decoded: strip it too.
            value = _TAG_RE.sub(" ", html.unescape(value))
        out.append(" ".join(value.split()))
    return pd.Series(out, index=values.index, dtype=object)
