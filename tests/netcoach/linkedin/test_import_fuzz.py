"""Upload fuzzing: random and mutated archives fed to the LinkedIn importer (`import_file`).

Whatever the bytes, the import ends with a summary (a succeeded ImportRun) or ExportError, the
importer's clear error; never another exception, and on an error nothing of the user's data has
changed (only the failed run is recorded). `pytest --hypothesis-show-statistics` shows the
number of examples run.
"""

import csv
import io
import zipfile
from functools import cache

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contacts.models import ImportRun
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.sample import build_sample_export
from tests.netcoach.helpers_data import data_of

pytestmark = pytest.mark.django_db
EXAMPLES = settings.default.max_examples  # the profile loaded in tests/conftest.py
LIMITS = {"max_upload_bytes": 4 * 1024 * 1024}


@cache
def base_archive() -> bytes:
    return build_sample_export(connections=20, messages=30, invitations=5, seed=3)


@cache
def base_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(base_archive())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def drop_column(text: bytes, column: int) -> bytes:
    lines = text.decode("utf-8").splitlines(keepends=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(lines):
        writer.writerow(row[:column] + row[column + 1 :] if len(row) > column else row)
    return out.getvalue().encode()


member_names = st.sampled_from(sorted(base_members()))


@st.composite
def mutated_members(draw) -> bytes:
    members = dict(base_members())
    name = draw(member_names)
    text = members[name]
    how = draw(
        st.sampled_from(
            ["garbage", "flip", "truncate", "encoding", "huge", "column", "drop", "splice"]
        )
    )
    if how == "garbage":
        members[name] = draw(st.binary(max_size=2000))
    elif how == "flip":
        data = bytearray(text)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        members[name] = bytes(data)
    elif how == "truncate":
        members[name] = text[: draw(st.integers(0, len(text)))]
    elif how == "encoding":
        encoding = draw(st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-32"]))
        members[name] = text.decode("utf-8").encode(encoding, errors="replace")
    elif how == "huge":
        size = draw(st.sampled_from([70_000, 300_000, 1_500_000]))
        field = draw(st.sampled_from(['"', "x", "é", "\n", ",", "=cmd|' /C calc'!A0"])) * size
        cut = draw(st.integers(0, len(text)))
        members[name] = text[:cut] + field.encode()[:size] + text[cut:]
    elif how == "column":
        members[name] = drop_column(text, draw(st.integers(0, 8)))
    elif how == "drop":
        del members[name]
    else:
        lines = text.split(b"\n")
        extra = draw(st.lists(st.binary(max_size=80) | st.text(max_size=80).map(str.encode)))
        at = draw(st.integers(0, len(lines)))
        members[name] = b"\n".join(lines[:at] + extra + lines[at:])
    return rezip(members)


@st.composite
def mutated_bytes(draw) -> bytes:
    """The archive's own bytes damaged: truncated, bytes flipped, or a slice repeated."""
    data = bytearray(base_archive())
    how = draw(st.sampled_from(["truncate", "flip", "repeat"]))
    if how == "truncate":
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    if how == "flip":
        for _ in range(draw(st.integers(1, 10))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    start = draw(st.integers(0, len(data) - 1))
    return bytes(data[:start] + data[start : start + 500] * 3 + data[start:])


archives = st.one_of(
    mutated_members(),
    mutated_bytes(),
    st.binary(max_size=4000),
    st.builds(rezip, st.dictionaries(st.text(min_size=1, max_size=30), st.binary(max_size=500))),
)
bare_csv = st.tuples(
    st.sampled_from(["Connections.csv", "connections.CSV", "notes.txt", "export.zip"]),
    member_names.map(lambda name: base_members()[name]) | st.binary(max_size=3000),
)


def user_data_without_runs(user):
    data = data_of(user)
    data.pop("contacts.importrun")
    return data


@pytest.fixture
def owner(user):
    """The user, holding a first import already, so a fuzzed one may update rows too."""
    import_file(build_sample_export(connections=15, messages=20, invitations=4), "first.zip", user)
    return user


def check_one_import(owner, data: bytes, file_name: str):
    with transaction.atomic():  # every example starts from the same database
        before = user_data_without_runs(owner)
        runs = ImportRun.objects.filter(owner=owner).count()
        try:
            run = import_file(data, file_name, owner, force=True, **LIMITS)
        except ExportError as error:
            event("ended with ExportError")
            assert str(error)
            assert user_data_without_runs(owner) == before
            failed = ImportRun.objects.filter(owner=owner).order_by("-pk")[:1].get()
            assert failed.status == ImportRun.Status.FAILED
            assert ImportRun.objects.filter(owner=owner).count() == runs + 1
        else:
            event("ended with a summary")
            assert run.status == ImportRun.Status.SUCCEEDED
            assert run.finished_at is not None
            assert isinstance(run.counts, dict)
        transaction.set_rollback(True)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=archives)
def test_any_archive_ends_in_a_summary_or_a_clear_error_and_never_a_partial_write(owner, data):
    check_one_import(owner, data, "Basic_LinkedInDataExport_11-23-2026.zip")


@settings(
    max_examples=EXAMPLES // 4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(upload=bare_csv)
def test_any_single_file_upload_ends_in_a_summary_or_a_clear_error(owner, upload):
    file_name, data = upload
    check_one_import(owner, data, file_name)
