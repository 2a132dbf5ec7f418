"""Set-ups sent at once to a fresh install make one account: eight browsers posting the set-up
form together, against a real server and database, leave one owner."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BROWSERS = 8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port, server, timeout=60):
    """Until the server accepts connections (or has died: then its output is the error)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            threading.Event().wait(0.05)
    raise AssertionError("the server did not start")


def test_eight_set_ups_at_once_make_one_owner(new_data_dir):
    env = {**os.environ, "NETCOACH_DATA_DIR": str(new_data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}", "--threads=8",
         "netcoach.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        wait_until_listening(port, server)
        url = f"http://127.0.0.1:{port}/setup/"
        browsers = []
        for i in range(BROWSERS):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(url).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = {"csrfmiddlewaretoken": token, "username": f"owner{i}"}
            form |= {
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            }
            browsers.append((opener, urllib.parse.urlencode(form).encode()))

        start = threading.Barrier(BROWSERS)
        answers = []

        def post(opener, body):
            start.wait()
            request = urllib.request.Request(url, body, headers={"Referer": url})
            try:
                answers.append(opener.open(request).status)
            except urllib.error.HTTPError as error:
                answers.append(error.code)

        threads = [threading.Thread(target=post, args=browser) for browser in browsers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)

    with sqlite3.connect(new_data_dir / "netcoach.sqlite3") as db:
        owners = db.execute("SELECT username FROM auth_user WHERE is_superuser").fetchall()
    assert len(owners) == 1, (owners, answers)
    assert sorted(answers).count(404) == BROWSERS - 1, answers
