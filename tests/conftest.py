"""The suite's fixtures and settings; the factories they use are in tests/factories.py."""

import fcntl
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests.factories import make_user, new_install

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hypothesis: a few examples on a developer's machine, the full number in CI (`.ci/run` sets
# HYPOTHESIS_PROFILE=ci).
hypothesis_settings.register_profile("dev", max_examples=25)
hypothesis_settings.register_profile("ci", max_examples=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """For speed: the production hasher (PBKDF2, 1.5 M iterations) would take most of the suite's
    time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def new_users_in_utc(settings):
    """A new user's time zone is the machine's (contacts/time_zones.py): the suite's dates are
    written for UTC, whatever the zone of the machine running it."""
    settings.NETCOACH_TIME_ZONE = "UTC"


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A page served in French leaves French active in the thread (Django's LocaleMiddleware
    activates each request's language and never deactivates it): the next test, which may call
    the code with no request at all, starts from the default language again."""
    yield
    translation.deactivate()


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def other_user(db):
    return make_user(username="mallory")


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def owner(db):
    """The account made at set-up: the install's owner."""
    return make_user("olive", is_superuser=True, is_staff=True)


@pytest.fixture
def owner_client(owner):
    """The owner's browser (another than `client`'s)."""
    from django.test import Client

    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the sign-in waits live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A new install's database, made by `manage.py migrate` once for the whole run: the test
    processes share it (the first to need it makes it, under a lock), and the tests that run
    netcoach in processes of their own start from a copy of it (`new_data_dir`)."""
    # This run's directory: under xdist the workers' parent, else the process's own.
    run = tmp_path_factory.getbasetemp()
    shared = run.parent if os.environ.get("PYTEST_XDIST_TESTRUNUID") else run
    path = shared / "migrated" / "netcoach.sqlite3"
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            # Made aside, then moved into place: a failed migrate leaves no half-made database.
            making = shared / "migrating"
            env = {**os.environ, "NETCOACH_DATA_DIR": str(making)}
            env.pop("DJANGO_SETTINGS_MODULE", None)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=django_settings.BASE_DIR, env=env, check=True, capture_output=True,
            )  # fmt: skip
            os.replace(making, path.parent)
    return path


@pytest.fixture
def new_data_dir(tmp_path, migrated_database):
    """The data directory of a new install, its database migrated."""
    return new_install(tmp_path / "data", migrated_database)
