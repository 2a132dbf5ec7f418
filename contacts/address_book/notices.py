"""What an address book import tells the user, in the reader's language.

The shape of netcoach/linkedin/notices.py (which `contacts` may not import): a message is its
msgid and parameters, and is its English text. Stored in `ImportRun` the same way
(`{"msgid", "params"}` beside the English), so the Import page's history shows both kinds.
"""

from django.utils.translation import gettext


class Notice(str):
    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        self = super().__new__(cls, _filled(msgid, params, translate=False))
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self):
        return (_rebuild, (self.msgid, self.params))

    def translated(self) -> str:
        return _filled(self.msgid, self.params, translate=True)

    def as_dict(self) -> dict:
        return {
            "msgid": self.msgid,
            "params": {
                k: v.as_dict() if isinstance(v, Notice) else v for k, v in self.params.items()
            },
        }


def _rebuild(msgid, params):
    return Notice(msgid, **params)


def _filled(msgid: str, params: dict, *, translate: bool) -> str:
    words = gettext(msgid) if translate else msgid
    if not params:
        return words
    values = {}
    for name, value in params.items():
        if isinstance(value, dict) and "msgid" in value:
            value = Notice(value["msgid"], **(value.get("params") or {}))
        if isinstance(value, Notice):
            value = value.translated() if translate else str(value)
        values[name] = value
    return words % values


def from_dict(stored: dict) -> Notice:
    return Notice(stored["msgid"], **(stored.get("params") or {}))
