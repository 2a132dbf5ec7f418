"""netcoach's settings, read top to bottom. Environment variables override the defaults:

- NETCOACH_DATA_DIR: where the database, the secret key and backups live (default: var/).
- NETCOACH_DEBUG=1: Django's debug mode and development server.
- NETCOACH_MAX_UPLOAD_MB: the largest export ZIP the Import page accepts (default: 200).
"""

import os
import secrets
from pathlib import Path

from django.utils.csp import CSP

from netcoach.private_files import keep_private

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = Path(os.environ.get("NETCOACH_DATA_DIR", BASE_DIR / "var")).resolve()
# Owner-only, whatever the user's umask: the data directory holds everything (private_files.py).
keep_private(DATA_DIR)


def _secret_key(path: Path) -> str:
    """Generated on first run and kept in the data directory: never in the repository."""
    if not path.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key(DATA_DIR / "secret_key")
DEBUG = os.environ.get("NETCOACH_DEBUG") == "1"

# netcoach serves one person on their own computer: only local names are accepted. In the phone
# mode (NETCOACH_LAN=1, netcoach/lan.py) exactly the computer's network address is too, served
# over HTTPS only.
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
NETCOACH_LAN = os.environ.get("NETCOACH_LAN") == "1"
NETCOACH_LAN_ADDRESS = os.environ.get("NETCOACH_LAN_ADDRESS", "") if NETCOACH_LAN else ""
NETCOACH_LAN_PORT = int(os.environ.get("NETCOACH_LAN_PORT", "8443"))
if NETCOACH_LAN_ADDRESS:
    ALLOWED_HOSTS.append(
        f"[{NETCOACH_LAN_ADDRESS}]" if ":" in NETCOACH_LAN_ADDRESS else NETCOACH_LAN_ADDRESS
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "contacts",
    "invitations",
    "netcoach",  # the pages and services spanning both apps, its commands and template tags
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: its answer passes here after, to make cookies sent over HTTPS Secure.
    "netcoach.middleware.SecureCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language) for anonymous pages; a signed-in user's own
    # (Preferences.language) replaces it in UserLocaleMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "netcoach.middleware.FirstRunMiddleware",
    "netcoach.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "netcoach.backups.DailyBackupMiddleware",
]

ROOT_URLCONF = "netcoach.urls"
WSGI_APPLICATION = "netcoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite with WAL lets pages read while an import writes; IMMEDIATE transactions plus a busy
# timeout make a second writer wait its turn instead of failing with "database is locked".
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "netcoach.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-64000;"
            ),
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The user comes with their preferences (their time zone, for every page). Sessions signed in
# through Django's own ModelBackend before it was replaced ask to sign in once more.
AUTHENTICATION_BACKENDS = ["netcoach.auth.PreferencesBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

# English and French; a third language is a new catalogue under locale/ and a line here
# (docs/architecture.md, "Languages").
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The app's own date formats per language (netcoach/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["netcoach.formats"]
# The zone of anonymous pages and of commands; each user's pages are in their own
# (Preferences.time_zone), and times are stored in UTC. A new user's zone is NETCOACH_TIME_ZONE
# when set, else the machine's (contacts/time_zones.py), which reads TZ as the process found it:
# Django sets TZ to TIME_ZONE once the settings are read.
NETCOACH_TIME_ZONE = os.environ.get("NETCOACH_TIME_ZONE", "")
NETCOACH_STARTING_TZ = os.environ.get("TZ", "")
TIME_ZONE = NETCOACH_TIME_ZONE or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files belong to the checkout (collected into build/static), not to a data directory:
# any NETCOACH_DATA_DIR serves the same files. Before `collectstatic` has run they are served
# from static/ as they are (netcoach/storage.py).
STATIC_ROOT = BASE_DIR / "build" / "static"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "netcoach.storage.StaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Only the app's own scripts, styles and images; htmx is served from static/ too.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"

# The in-app user guide (/help/) renders the user's pages of docs/ in the checkout
# (netcoach/guide.py).
HELP_DOCS_DIR = BASE_DIR / "docs"

# Uploads: Django spools anything over 2.5 MB to a temporary file under a random name; the
# importer reads the archive's members from it in memory and never extracts them by name.
NETCOACH_MAX_UPLOAD_BYTES = int(os.environ.get("NETCOACH_MAX_UPLOAD_MB", "200")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An address book waiting between its preview and its import, under a random name
# (contacts/address_book/uploads.py).
ADDRESS_BOOK_UPLOAD_DIR = DATA_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
