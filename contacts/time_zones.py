"""The user's time zone: the names offered, the machine's own zone (a new user's default), and a
name turned into a zone. Times are stored in UTC; days, "today" and months are the user's
(docs/relationship-model.md, "Days").
"""

import contextlib
import functools
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


@functools.cache
def zone_names() -> list[str]:
    """Every IANA zone name this machine knows, sorted: the settings page's choices."""
    return sorted(available_timezones())


def machine_zone_name() -> str:
    """The machine's own time zone: `TZ`, else what /etc/localtime points to, else
    /etc/timezone; settings.TIME_ZONE when none of them names a known zone.

    `TZ` may be a name (`Europe/Paris`, `:Europe/Paris`), a path into a zoneinfo directory, or a
    POSIX rule (`CET-1CEST`), which names no zone. /etc/localtime is a symbolic link into the
    zoneinfo directory on most Linux systems and on macOS; /etc/timezone is Debian's copy of the
    name, which can lag behind the link.
    """
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
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
