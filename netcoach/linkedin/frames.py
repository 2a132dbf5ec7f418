"""Reading one CSV member into a pandas frame, and the vectorised helpers the readers share.

`Frame.parse` finds the header among the first lines (Connections.csv has a "Notes:" preamble
since 2022), reads the rest with pandas' C parser (the Python one when it fails), keys the
columns by name in any order and case, and knows each row's physical line for the warnings.
The helpers parse dates once per distinct value and fold names and profile URLs once per import
(`clear_caches` between imports).
"""

import io
import re
import warnings

import numpy as np
import pandas as pd
from django.utils.translation import gettext_noop

from contacts.normalize import PROFILE_URL_PREFIX, fold, profile_key
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.files import SPEC_BY_KIND, Spec, column_key, first_rows
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import RowWarning

UNREADABLE_DATE = gettext_noop("unreadable date %(value)s: imported without it")
CUT = gettext_noop(
    "%(length)s characters, more than the %(limit)s kept: cut to the first %(limit)s"
)
# The most characters netcoach keeps of a column, the length of the field it is stored in: a
# longer value is cut, with a warning naming its file, line and column (a 40 MB company name
# would otherwise be stored whole).
COLUMN_LIMITS = {
    "connections": {
        "First Name": 200, "Last Name": 200, "URL": 500, "Email Address": 254, "Company": 300,
        "Position": 500,
    },
    "invitations": {"From": 300, "To": 300, "inviterProfileUrl": 500, "inviteeProfileUrl": 500},
    "notes": {
        "Connection First Name": 200, "Connection Last Name": 200, "Connection Profile URL": 500,
    },
    "messages": {"FROM": 400, "TO": 400, "SENDER PROFILE URL": 500},
    "profile": {"First Name": 200, "Last Name": 200, "Headline": 500},
    "positions": {"Company Name": 250, "Title": 250},
}  # fmt: skip

# French month names, as a French LinkedIn or a spreadsheet might write them ("14 févr. 2020",
# "3 janv. 2021", "1er août 2019", "14 février 2020"), folded (no accent, lower case, no final
# period), and the English abbreviation the formats' %b reads.
FRENCH_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan"), "Jan"),
    **dict.fromkeys(("fevrier", "fevr", "fev"), "Feb"),
    **dict.fromkeys(("mars",), "Mar"),
    **dict.fromkeys(("avril", "avr"), "Apr"),
    **dict.fromkeys(("mai",), "May"),
    **dict.fromkeys(("juin",), "Jun"),
    **dict.fromkeys(("juillet", "juil", "juill"), "Jul"),
    **dict.fromkeys(("aout", "aou"), "Aug"),
    **dict.fromkeys(("septembre", "sept", "sep"), "Sep"),
    **dict.fromkeys(("octobre", "oct"), "Oct"),
    **dict.fromkeys(("novembre", "nov"), "Nov"),
    **dict.fromkeys(("decembre", "dec"), "Dec"),
}
_WORD_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?(?![^\W\d_])")
_FIRST_RE = re.compile(r"\b1er\b", re.IGNORECASE)


def english_months(value: str) -> str:
    """`value` with each French month name as its English abbreviation, and "1er" as 1:
    "14 févr. 2020" is "14 Feb 2020"; any other word is left as it is."""

    def english(match):
        return FRENCH_MONTHS.get(fold(match.group(1)), match.group(0))

    return _WORD_RE.sub(english, _FIRST_RE.sub("1", value))


class MissingColumns(ExportError):
    """A file without a column netcoach needs: the archive is refused, unless the file is one
    of the skippable ones."""

    def __init__(self, member: str, missing: list[str]):
        msgid = (
            gettext_noop(
                "%(file)s is missing the column %(columns)s: is it the file LinkedIn exported?"
            )
            if len(missing) == 1
            else gettext_noop(
                "%(file)s is missing the columns %(columns)s: is it the file LinkedIn exported?"
            )
        )
        super().__init__(msgid, file=member, columns=", ".join(missing))
        self.missing = missing


class Frame:
    """One CSV parsed with pandas, columns keyed by name, and each row's physical line."""

    def __init__(self, spec, member, df, first_line, header):
        self.spec, self.member, self.df = spec, member, df
        self.first_line = first_line  # physical line of the first data row
        self.header = header  # column key -> name as written in the file
        self._lines = None
        self._columns: dict[tuple[str, bool], pd.Series] = {}
        self.skipped_lines: list[int] = []
        self.embedded_breaks = True
        self.cut_warnings: list[RowWarning] = []

    @classmethod
    def parse(cls, kind: str, member: str, data: bytes) -> "Frame":
        """`data` is the file in UTF-8, as archive.py's `_utf8` gives it."""
        spec = SPEC_BY_KIND[kind]
        header_index, header = _find_header(data, spec)
        missing = [c for c in spec.required if column_key(c) not in header]
        if missing:
            raise MissingColumns(member, missing)
        offset = 0
        for _ in range(header_index):
            offset = data.index(b"\n", offset) + 1
        df, bad_lines = _read_csv(data[offset:] if offset else data, member)
        df.columns = [column_key(c) for c in df.columns]
        frame = cls(spec, member, df, header_index + 2, header)
        frame.skipped_lines = [header_index + line for line in bad_lines]
        # Without line breaks inside quoted fields, row n sits on line n: no need to count them.
        rows_breaks = len(df) + len(bad_lines) + (1 if data.endswith(b"\n") else 0)
        frame.embedded_breaks = data.count(b"\n", offset) != rows_breaks
        frame.cut_warnings = frame._cut(COLUMN_LIMITS.get(kind, {}))
        return frame

    def _cut(self, limits: dict[str, int]) -> list[RowWarning]:
        """Values longer than their column's limit cut to it, with a warning for each."""
        found = []
        for column, limit in limits.items():
            key = column_key(column)
            if key not in self.df.columns:
                continue
            lengths = self.df[key].str.len()
            long = (lengths > limit).fillna(False).to_numpy(dtype=bool)
            if not long.any():
                continue
            sizes = lengths.to_numpy()
            name = self.column_name(column)
            found += [
                RowWarning(
                    self.member,
                    int(self.lines[i]),
                    name,
                    Notice(CUT, length=int(sizes[i]), limit=limit),
                )
                for i in np.flatnonzero(long)
            ]
            self.df.loc[long, key] = self.df.loc[long, key].str.slice(0, limit)
        return found

    def col(self, name: str, *, strip: bool = True) -> pd.Series:
        """The column's values (stripped unless told not to), "" where absent."""
        key = column_key(name)
        cached = self._columns.get((key, strip))
        if cached is None:
            if key not in self.df.columns:
                cached = pd.Series("", index=self.df.index, dtype=object)
            else:
                values = self.df[key]
                if strip:
                    # One strip per row: most values are distinct, so hashing them to strip
                    # each distinct one once costs more than it saves.
                    cached = pd.Series(_stripped(values.tolist()), index=values.index, dtype=object)
                else:
                    cached = values.fillna("")
            self._columns[(key, strip)] = cached
        return cached

    def has(self, name: str) -> bool:
        return column_key(name) in self.df.columns

    def column_name(self, name: str) -> str:
        return self.header.get(column_key(name), name)

    @property
    def lines(self) -> np.ndarray:
        """Physical line of each row, counting line breaks inside quoted fields."""
        if self._lines is None:
            breaks = np.zeros(len(self.df), dtype=np.int64)
            for column in self.df.columns if self.embedded_breaks else ():
                values = self.df[column]
                if pd.api.types.is_string_dtype(values):
                    breaks += values.fillna("").str.count("\n").to_numpy(dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(breaks + 1)[:-1])) + self.first_line
            for skipped in sorted(self.skipped_lines):
                starts[starts >= skipped] += 1
            self._lines = starts
        return self._lines

    def warnings_for(self, mask, column: str, message) -> list[RowWarning]:
        positions = np.flatnonzero(np.asarray(mask))
        if not len(positions):
            return []
        values = self.col(column).to_numpy()
        name = self.column_name(column)
        return [
            RowWarning(self.member, int(self.lines[i]), name, message(values[i])) for i in positions
        ]


def _find_header(data: bytes, spec: Spec) -> tuple[int, dict[str, str]]:
    """The header row: the line among the first few holding the most of the file's columns.

    Connections.csv has three "Notes:" lines before its header since 2022.
    """
    known = {column_key(c) for c in spec.required + spec.optional}
    best_index, best_score, best_fields = 0, 0, []
    rows = first_rows(data)
    for index, fields in enumerate(rows):
        score = len({column_key(f) for f in fields} & known)
        if score > best_score:
            best_index, best_score, best_fields = index, score, fields
    if best_score == 0:
        best_fields = rows[0] if data else []
    return best_index, {column_key(f): f.strip().lstrip("\ufeff") for f in best_fields}


def _read_csv(data: bytes, member: str) -> tuple[pd.DataFrame, list[int]]:
    options = {"dtype": str, "keep_default_na": False, "skip_blank_lines": False}
    options["encoding"] = "utf-8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            df = pd.read_csv(io.BytesIO(data), engine="c", on_bad_lines="warn", **options)
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), []
        except pd.errors.ParserError:
            try:
                df = pd.read_csv(io.BytesIO(data), engine="python", on_bad_lines="warn", **options)
            except pd.errors.EmptyDataError:  # found by tests/netcoach/linkedin/test_import_fuzz.py
                return pd.DataFrame(), []
            except pd.errors.ParserError as err:
                raise ExportError(
                    gettext_noop("%(file)s is not a readable CSV file (%(error)s)."),
                    file=member,
                    error=str(err),
                ) from err
    bad_lines = []
    for warning in caught:
        bad_lines += [int(n) for n in re.findall(r"Skipping line (\d+)", str(warning.message))]
    # A blank line reads as a row of empty strings; it still counts for line numbers.
    return df, bad_lines


def parse_dates(
    frame: Frame,
    column: str,
    formats,
    *,
    utc: bool,
    warnings_out: list,
    then: str = UNREADABLE_DATE,
):
    """Parse each distinct value with the first format that fits; a warning per leftover,
    saying what became of its row (`then`, a msgid with a `%(value)s`). A value in French
    ("14 févr. 2020", LinkedIn writes English) is read with its month's English name."""
    values = frame.col(column)
    codes, uniques = pd.factorize(values)
    # " UTC" is cut off first: pandas parses the bare ISO form many times faster.
    texts = pd.Series(
        [v.replace("\u202f", " ").removesuffix(" UTC") for v in uniques.tolist()], dtype=object
    )
    parsed = pd.to_datetime(texts, format=formats[0], errors="coerce", utc=utc)
    for fmt in formats[1:]:
        failed = parsed.isna() & (texts != "")
        if not failed.any():
            break
        parsed[failed] = pd.to_datetime(texts[failed], format=fmt, errors="coerce", utc=utc)
    failed = parsed.isna() & (texts != "")
    if failed.any():
        # The values left may name their month in French: read again with the English name.
        english = texts[failed].map(english_months)
        changed = english != texts[failed]
        for fmt in formats if changed.any() else ():
            again = changed & parsed[failed].isna()
            if not again.any():
                break
            index = again[again].index
            parsed[index] = pd.to_datetime(english[index], format=fmt, errors="coerce", utc=utc)
    bad = (parsed.isna() & (texts != "")).to_numpy()
    if bad.any():
        warnings_out += frame.warnings_for(
            bad[codes], column, lambda value: Notice(then, value=repr(value))
        )
    return pd.Series(parsed.array.take(codes), index=values.index)


def python_datetimes(parsed: pd.Series) -> list:
    values = parsed.dt.to_pydatetime().tolist()
    return [
        None if missing else value for value, missing in zip(values, parsed.isna(), strict=True)
    ]


def python_dates(parsed: pd.Series) -> list:
    values = parsed.dt.date.tolist()
    return [
        None if missing else value for value, missing in zip(values, parsed.isna(), strict=True)
    ]


# The same names and URLs recur in every file: each is folded once per import.
_fold_cache: dict[str, str] = {}
_key_cache: dict[str, str] = {}


def clear_caches():
    """Forget the names and URLs folded so far (read_export does, before and after an import)."""
    _fold_cache.clear()
    _key_cache.clear()


def profile_keys_and_urls(urls: pd.Series) -> tuple[list[str], list[str]]:
    """Profile keys and canonical URLs, computed once per distinct URL."""
    keys = profile_keys(urls)
    return keys, [PROFILE_URL_PREFIX + key if key else "" for key in keys]


def profile_keys(urls: pd.Series) -> list[str]:
    return _once_each(urls.tolist(), _key_cache, profile_key)


def full_name_keys(first: pd.Series, last: pd.Series) -> list[str]:
    return fold_each((first + " " + last).tolist())


def fold_each(values: list) -> list[str]:
    return _once_each(values, _fold_cache, fold)


def _once_each(values: list, cache: dict, function) -> list:
    """`function` of each value, computed once per distinct value and kept in `cache`."""
    out = list(map(cache.get, values))
    for i in [i for i, result in enumerate(out) if result is None]:
        value = values[i]
        result = cache.get(value)
        if result is None:
            result = cache[value] = function(value)
        out[i] = result
    return out


def per_value(values: pd.Series, function) -> pd.Series:
    """`function` applied once per distinct value: export columns repeat a lot."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.array([function(value) for value in uniques.tolist()], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=object)


def _stripped(values: list) -> list[str]:
    try:
        return list(map(str.strip, values))
    except TypeError:  # a field missing from a short row reads as NaN
        return [strip_value(value) for value in values]


def strip_value(value) -> str:
    return value.strip() if isinstance(value, str) else ""
