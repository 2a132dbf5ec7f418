"""The load test (benchmarks/loadtest.py, `make loadtest`) run tiny, so that it keeps working."""

import pytest

from benchmarks import loadtest


@pytest.mark.slow
def test_the_load_test_runs_tiny_with_no_error_and_no_lost_write(migrated_database):
    figures = loadtest.run(
        seconds=3,
        clients=2,
        size={"connections": 200, "messages": 400, "invitations": 40},
        people=30,
        quiet=True,
        # `make test` collected the static files; collecting them again here would rewrite
        # files that the other test processes are serving.
        collect_static=False,
        migrated=migrated_database,
    )

    # How many requests fit in 3 s depends on the machine's load: each client made some.
    assert figures["requests"] >= 2
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["locked_in_server_log"] == 0
    assert figures["writes_acknowledged"] > 0
    assert figures["writes_missing"] == []
    assert figures["import_exit_code"] == 0, figures["import_output"]
    # The server took the day's snapshot on its first requests, and the import its own.
    assert figures["daily_backups"] == 1
    assert figures["pre_import_backups"] == 1
