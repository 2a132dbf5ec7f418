import io
import zipfile

import pytest

from netcoach.linkedin.read import read_export
from netcoach.linkedin.sample import build_sample_export, sample_file_name

SMALL = {"connections": 300, "messages": 600, "invitations": 80}


def test_it_is_deterministic_for_a_seed():
    assert build_sample_export(**SMALL, seed=7) == build_sample_export(**SMALL, seed=7)
    assert build_sample_export(**SMALL, seed=7) != build_sample_export(**SMALL, seed=8)


@pytest.mark.parametrize("era", [2021, 2023, 2026])
def test_every_era_reads_back_with_the_expected_counts(era):
    export = read_export(build_sample_export(**SMALL, era=era), sample_file_name(era))
    assert len(export.connections) + export.hidden_connections == 300
    assert export.hidden_connections > 0
    assert len(export.invitations) == 80
    assert export.message_counts["messages"] == 600
    counted = sum(v for k, v in export.message_counts.items() if k != "messages")
    assert counted == 600
    for kind in ("one_to_one", "group", "spam", "sponsored"):
        assert export.message_counts[kind] > 0
    assert export.message_counts["no_counterpart"] == 0
    assert export.conversation_days
    assert export.owner.name_key == "alex morgan"
    assert export.warnings == []
    assert ("notes" in export.files) == (era == 2026)
    assert bool(export.notes) == (era == 2026)
    assert (export.message_counts["drafts"] > 0) == (era == 2026)


def test_the_2021_era_has_no_profile_urls_and_later_eras_do():
    old = read_export(build_sample_export(**SMALL, era=2021), "old.zip")
    new = read_export(build_sample_export(**SMALL, era=2023), "new.zip")
    assert all(row.profile_key == "" for row in old.connections)
    assert all(row.profile_key for row in new.connections)
    assert any("%" in row.profile_url or not row.profile_key.isascii() for row in new.connections)


def test_it_writes_the_quirks_of_the_real_files():
    archive = zipfile.ZipFile(io.BytesIO(build_sample_export(**SMALL, era=2026)))
    names = set(archive.namelist())
    assert {"Ad_Targeting.csv", "Jobs/Job Applications.csv", "Rich_Media.csv"} <= names
    connections = archive.read("Connections.csv").decode()
    assert connections.startswith("Notes:\n")
    assert not connections.endswith("\n")
    assert '", Ph.D."' in connections or ', Ph.D."' in connections or "Ph.D." in connections
    messages = archive.read("messages.csv").decode()
    assert messages.startswith('"CONVERSATION ID","CONVERSATION TITLE"')
    assert "<p>" in messages
    invitations = archive.read("Invitations.csv").decode()
    assert "<script>alert(1)</script>" in invitations


def test_the_2023_era_has_profile_urls_without_slug_on_some_invitations():
    export = read_export(build_sample_export(**SMALL, era=2023), "x.zip")
    assert any(row.profile_key == "" for row in export.invitations)
    assert any(row.profile_key for row in export.invitations)


def test_some_invitations_are_from_connections_and_most_incoming_are_pending():
    export = read_export(build_sample_export(**SMALL), "x.zip")
    connected = {row.profile_key for row in export.connections}
    accepted = [row for row in export.invitations if row.profile_key in connected]
    incoming = [row for row in export.invitations if row.direction == "incoming"]
    pending_incoming = [row for row in incoming if row.profile_key not in connected]
    assert accepted
    assert len(pending_incoming) > len(incoming) / 2


def test_a_newer_export_has_the_same_people_with_job_changes_and_more_messages():
    before = read_export(build_sample_export(**SMALL), "before.zip")
    after = read_export(build_sample_export(**SMALL, newer=True), "after.zip")
    old = {row.profile_key: row for row in before.connections}
    new = {row.profile_key: row for row in after.connections}
    assert set(old) < set(new)
    changed = [key for key in old if (old[key].company, old[key].position)
               != (new[key].company, new[key].position)]  # fmt: skip
    assert 0.02 * len(old) < len(changed) < 0.10 * len(old)
    assert after.message_counts["messages"] == 600 + 600
    old_days = {day.import_key for day in before.conversation_days}
    assert old_days <= {day.import_key for day in after.conversation_days}
    pending = {row.profile_key for row in before.invitations if row.profile_key not in old}
    assert pending & set(new)
    assert after.connections[0].connected_on > before.connections[0].connected_on


def test_it_rejects_an_unknown_era():
    with pytest.raises(ValueError):
        build_sample_export(era=2019)
