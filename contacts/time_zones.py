"""The user's time zone: the names offered, a new user's default (the machine's own zone), and a
name turned into a zone. Times are stored in UTC; days, "today" and months are the user's
(docs/relationship-model.md, "Days").
"""

import contextlib
import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


@functools.cache
def zone_names() -> list[str]:
    """Every IANA zone name this machine knows, sorted: the settings page's choices."""
    return sorted(available_timezones())


def default_zone_name() -> str:
    """A new user's time zone: NETCOACH_TIME_ZONE when set, else the machine's own (TZ as the
    process found it, what /etc/localtime points to, /etc/timezone), else settings.TIME_ZONE.

    `TZ` may be a name (`Europe/Paris`, `:Europe/Paris`), a path into a zoneinfo directory, or a
    POSIX rule (`CET-1CEST`), which names no zone. TZ equal to TIME_ZONE says nothing: Django
    sets TZ to TIME_ZONE once the settings are read, and a process started by a Django process
    (the development server's reloader) inherits it. /etc/localtime is a symbolic link into the
    zoneinfo directory on most Linux systems and on macOS; /etc/timezone is Debian's copy of the
    name, which can lag behind the link.
    """
    tz = settings.NETCOACH_STARTING_TZ.removeprefix(":")
    candidates = [settings.NETCOACH_TIME_ZONE, "" if tz == settings.TIME_ZONE else tz]
    if LOCALTIME.is_symlink():
        candidates.append(str(LOCALTIME.readlink()))
    with contextlib.suppress(OSError):
        candidates.append(TIMEZONE_FILE.read_text().strip())
    known = set(zone_names())
    for candidate in candidates:
        name = candidate.rpartition("zoneinfo/")[2]
        if name in known:
            return name
    return settings.TIME_ZONE


def zone(name: str) -> ZoneInfo:
    """The zone of `name`; settings.TIME_ZONE's for a name this machine does not know (a database
    moved from a machine with another zone list)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


FIRST_YEAR = 1970  # before it, a zone's oldest offset


def offset_changes(tz: tzinfo, until: date) -> tuple[tuple[datetime | None, int], ...]:
    """When the zone's offset from UTC changed between 1970 and `until`, newest first: (the UTC
    moment it changed, the offset in minutes from then on), then (None, the oldest offset).

    Cached per zone and day: a dashboard's days are read with it (`models.local_date`).
    """
    return _offset_changes(tz, until)


@functools.lru_cache(maxsize=64)
def _offset_changes(tz: tzinfo, until: date) -> tuple[tuple[datetime | None, int], ...]:
    def minutes(moment: datetime) -> int:
        return int(moment.astimezone(tz).utcoffset().total_seconds() // 60)

    moment = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime.combine(until, time(), tzinfo=UTC) + timedelta(days=2)
    changes, current = [], minutes(moment)
    oldest = current
    step = timedelta(days=7)  # no zone changes its offset twice in a week
    while moment < end:
        later = moment + step
        if minutes(later) != current:
            low, high = moment, later  # the offset changes in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if minutes(middle) == current:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)  # tzdata changes on whole seconds
            current = minutes(later)
            changes.append((high, minutes(high)))
        moment = later
    return (*reversed(changes), (None, oldest))
