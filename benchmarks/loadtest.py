"""Load test: concurrent users browsing and writing while a maximum-size import runs.

`make loadtest` (`python -m benchmarks.loadtest --seconds 60 --clients 20`). Not part of the test
suite (tests/test_loadtest.py runs it tiny). Loopback only: it starts the real server (waitress,
as `make run`) on a free 127.0.0.1 port with a temporary NETCOACH_DATA_DIR, logs each client in
with its CSRF token, and for --seconds has every client load pages and write notes, meetings and
triage decisions, while `manage.py import_linkedin` imports a maximum-size export (30,000
connections, 100,000 messages, 5,000 invitations) into the same database.

It reports the requests served, the errors (any status other than the expected one, any
"database is locked"), p50 and p95 latency, and checks every acknowledged write is in the
database afterwards. Exit status 1 when there was an error or a write is missing.
"""

import argparse
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from netcoach.linkedin.sample import build_sample_export

ROOT = Path(__file__).resolve().parent.parent
FULL = {"connections": 30_000, "messages": 100_000, "invitations": 5_000}
PASSWORD = "correct horse battery staple"
SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from tests.factories import make_contact, make_invitation, make_user
user = make_user("alice", password={password!r})
people = [make_contact(user, first_name=f"Load{{i}}", last_name="Tester").pk for i in range({n})]
invitations = [
    make_invitation(user, name=f"Inviter {{i}}", sent_at=timezone.now() - timedelta(days=i % 20)).pk
    for i in range({n})
]
print(json.dumps({{"people": people, "invitations": invitations}}))
"""
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One signed-in browser: a keep-alive connection, its cookies and its CSRF token."""

    def __init__(self, port, tally):
        self.port, self.tally = port, tally
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.csrf = ""

    def request(self, method, path, data=None, expect=(200,)):
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["X-CSRFToken"] = self.csrf
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self._record(started, f"{method} {path}: {error!r}")
            return None
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.csrf = self.cookies.get("csrftoken", self.csrf)
        problem = None
        if response.status not in expect:
            problem = f"{method} {path}: HTTP {response.status}"
        elif b"database is locked" in content:
            problem = f"{method} {path}: database is locked"
        self._record(started, problem)
        return None if problem else (response, content)

    def _record(self, started, problem):
        elapsed = (time.perf_counter() - started) * 1000
        with self.tally.lock:
            self.tally.latencies.append(elapsed)
            if problem:
                self.tally.errors.append(problem)

    def log_in(self):
        _response, page = self.request("GET", "/login/")
        token = CSRF_INPUT.search(page).group(1).decode()
        self.csrf = self.cookies["csrftoken"]
        self.request(
            "POST",
            "/login/",
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
            expect=(302,),
        )


def browse_and_write(client, ids, stop_at, number):
    people, invitations = ids["people"], ids["invitations"]
    mine = invitations[number :: max(1, client.tally.clients)]
    step = 0
    while time.monotonic() < stop_at:
        person = people[(number * 7 + step) % len(people)]
        token = uuid.uuid4().hex
        action = step % 6
        if action == 0:
            client.request("GET", "/")
        elif action == 1:
            client.request("GET", f"/people/?q=Load{step % 50}")
        elif action == 2:
            client.request("GET", f"/people/{person}/")
        elif action == 3:
            if client.request(
                "POST", f"/people/{person}/notes/", {"text": f"note {token}"}, expect=(302,)
            ):
                with client.tally.lock:
                    client.tally.notes.append(token)
        elif action == 4:
            data = {
                "contact": person,
                "occurred_at": "2026-11-20T10:00",
                "kind": "met",
                "place": "Load test",
                "notes": f"meeting {token}",
            }
            if client.request("POST", "/meetings/new/", data, expect=(302,)):
                with client.tally.lock:
                    client.tally.meetings.append(token)
        elif mine:
            invitation = mine.pop()
            data = {"decision": "accept", "reason": f"decided {token}"}
            if client.request("POST", f"/invitations/{invitation}/decide/", data, expect=(302,)):
                with client.tally.lock:
                    client.tally.decisions.append((invitation, token))
        else:
            client.request("GET", "/invitations/")
        step += 1


def free_port():
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    ).stdout


def wait_for(port, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def verify(database, tally):
    """The acknowledged writes that are not in the database."""
    missing = []
    with closing(sqlite3.connect(database)) as db:
        notes = {row[0] for row in db.execute("SELECT text FROM contacts_note")}
        summaries = {row[0] for row in db.execute("SELECT summary FROM contacts_interaction")}
        texts = notes | summaries
        missing += [f"note {t}" for t in tally.notes if f"note {t}" not in notes]
        missing += [f"meeting {t}" for t in tally.meetings if f"meeting {t}" not in texts]
        for pk, token in tally.decisions:
            row = db.execute(
                "SELECT decision, reason FROM invitations_invitation WHERE id = ?", (pk,)
            ).fetchone()
            if row != ("accept", f"decided {token}"):
                missing.append(f"decision on invitation {pk}: {row}")
    return missing


def run(
    seconds=60, clients=20, size=None, people=200, quiet=False, collect_static=True, migrated=None
):
    """Runs the load test; returns its figures as a dict. `collect_static=False` leaves the
    checkout's collected files as they are (the suite collects them first, and rewriting them
    while other tests read them fails those tests). `migrated`, a new install's database file,
    is copied instead of running the migrations (the suite has one)."""
    size = size or FULL
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    with tempfile.TemporaryDirectory(prefix="netcoach-load-") as data_dir:
        env = {**os.environ, "NETCOACH_DATA_DIR": data_dir}
        env.pop("NETCOACH_DEBUG", None)
        if migrated:
            with (
                closing(sqlite3.connect(migrated)) as source,
                closing(sqlite3.connect(Path(data_dir) / "netcoach.sqlite3")) as copy,
            ):
                source.backup(copy)
        else:
            manage(env, "migrate", "--noinput", "-v0")
        if collect_static:
            manage(env, "collectstatic", "--noinput", "-v0")
        said = manage(env, "shell", "-c", SETUP.format(password=PASSWORD, n=people))
        ids = json.loads(said.strip().splitlines()[-1])
        archive = Path(data_dir) / "export.zip"
        archive.write_bytes(build_sample_export(**size))
        say(f"Seeded {people} people and invitations; export of {size} written.")

        port = free_port()
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "waitress"),
                *(f"--listen=127.0.0.1:{port}", "--threads=8", "netcoach.wsgi:application"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(port, server)
            tally = Tally()
            tally.clients = clients
            pool = [Client(port, tally) for _ in range(clients)]
            for client in pool:
                client.log_in()
            logins = len(tally.latencies)
            tally.latencies.clear()

            importer_output = {}

            def import_in_background():
                started = time.monotonic()
                done = subprocess.run(
                    [sys.executable, "manage.py", "import_linkedin", archive, "--user", "alice"],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                importer_output.update(
                    code=done.returncode,
                    seconds=time.monotonic() - started,
                    out=done.stdout + done.stderr,
                )

            importer = threading.Thread(target=import_in_background)
            stop_at = time.monotonic() + seconds
            threads = [
                threading.Thread(target=browse_and_write, args=(c, ids, stop_at, i))
                for i, c in enumerate(pool)
            ]
            importer.start()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            importer.join()
        finally:
            server.terminate()
            _out, server_errors = server.communicate(timeout=30)
        database = Path(data_dir) / "netcoach.sqlite3"
        missing = verify(database, tally)
        with closing(sqlite3.connect(database)) as db:
            contacts = db.execute("SELECT count(*) FROM contacts_contact").fetchone()[0]
        daily = sorted(p.name for p in (Path(data_dir) / "backups").glob("netcoach-daily-*"))
        pre_import = sorted(
            p.name for p in (Path(data_dir) / "backups").glob("netcoach-pre-import-*")
        )
        latencies = sorted(tally.latencies)
        figures = {
            "seconds": seconds,
            "clients": clients,
            "logins": logins,
            "requests": len(latencies),
            "errors": len(tally.errors),
            "error_samples": tally.errors[:5],
            "locked_in_server_log": server_errors.count(b"database is locked"),
            "p50_ms": statistics.median(latencies) if latencies else 0,
            "p95_ms": latencies[int(len(latencies) * 0.95) - 1] if latencies else 0,
            "writes_acknowledged": len(tally.notes) + len(tally.meetings) + len(tally.decisions),
            "notes": len(tally.notes),
            "meetings": len(tally.meetings),
            "decisions": len(tally.decisions),
            "writes_missing": missing,
            "import_exit_code": importer_output.get("code"),
            "import_seconds": importer_output.get("seconds"),
            "import_output": importer_output.get("out", "")[-400:],
            "contacts_after": contacts,
            "daily_backups": len(daily),
            "pre_import_backups": len(pre_import),
        }
        say(report(figures))
        return figures


def report(f):
    return "\n".join(
        [
            f"Load test: {f['clients']} clients for {f['seconds']} s, import running alongside",
            f"  requests served      {f['requests']:,} (+ {f['logins']} for logging in)",
            f"  errors               {f['errors']} {f['error_samples'] or ''}",
            f"  'database is locked' in the server's log: {f['locked_in_server_log']}",
            f"  latency              p50 {f['p50_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms",
            f"  writes acknowledged  {f['writes_acknowledged']:,} ({f['notes']} notes, "
            f"{f['meetings']} meetings, {f['decisions']} triage decisions)",
            f"  writes missing       {len(f['writes_missing'])} {f['writes_missing'][:5] or ''}",
            f"  import               exit {f['import_exit_code']} in "
            f"{f['import_seconds'] or 0:.1f} s; {f['contacts_after']:,} contacts after",
            f"  snapshots            {f['daily_backups']} daily, "
            f"{f['pre_import_backups']} pre-import",
        ]
    )


def ok(figures) -> bool:
    return (
        figures["errors"] == 0
        and figures["locked_in_server_log"] == 0
        and not figures["writes_missing"]
        and figures["import_exit_code"] == 0
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--connections", type=int, default=FULL["connections"])
    parser.add_argument("--messages", type=int, default=FULL["messages"])
    parser.add_argument("--invitations", type=int, default=FULL["invitations"])
    args = parser.parse_args(argv)
    size = {k: getattr(args, k) for k in FULL}
    figures = run(seconds=args.seconds, clients=args.clients, size=size)
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
