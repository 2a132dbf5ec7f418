"""The phone mode's parts (netcoach/lan.py): its certificate, the host it allows, Secure cookies
over HTTPS, and the Settings page saying how to reach netcoach from the phone."""

import ipaddress
import os
import stat
import subprocess
import sys

import pytest
from cryptography import x509
from django.conf import settings
from django.test import Client

from netcoach import lan
from tests.factories import PASSWORD, make_user


def test_the_certificate_is_made_once_for_the_address_and_kept_private(tmp_path):
    cert, key = lan.certificate(tmp_path, "192.168.1.20")

    made = x509.load_pem_x509_certificate(cert.read_bytes())
    names = made.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("192.168.1.20") in names.get_values_for_type(x509.IPAddress)
    assert (made.not_valid_after_utc - made.not_valid_before_utc).days <= 825
    for path in (cert, key, cert.parent):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    fingerprint = lan.fingerprint(cert)
    assert len(fingerprint.split(":")) == 32

    assert lan.certificate(tmp_path, "192.168.1.20") == (cert, key)
    assert lan.fingerprint(cert) == fingerprint, "kept: the phone trusted it once"
    lan.certificate(tmp_path, "10.0.0.7")
    assert lan.fingerprint(cert) != fingerprint, "a new address needs a new certificate"


def test_the_network_address_is_the_one_given_else_the_systems():
    os.environ["NETCOACH_LAN_ADDRESS"] = "10.1.2.3"
    try:
        assert lan.network_address() == "10.1.2.3"
    finally:
        del os.environ["NETCOACH_LAN_ADDRESS"]
    assert ipaddress.ip_address(lan.network_address())


def allowed_hosts(**env):
    """settings.ALLOWED_HOSTS as a fresh process reads them with `env`."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NETCOACH_LAN")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", "from netcoach import settings; print(settings.ALLOWED_HOSTS)"],
        cwd=settings.BASE_DIR,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_only_local_names_unless_the_phone_mode_allows_exactly_its_address():
    assert allowed_hosts() == "['localhost', '127.0.0.1', '[::1]']"
    assert allowed_hosts(NETCOACH_LAN_ADDRESS="192.168.1.20") == (
        "['localhost', '127.0.0.1', '[::1]']"
    ), "an address alone does not open netcoach"
    assert allowed_hosts(NETCOACH_LAN="1", NETCOACH_LAN_ADDRESS="192.168.1.20") == (
        "['localhost', '127.0.0.1', '[::1]', '192.168.1.20']"
    )


@pytest.mark.django_db
def test_cookies_over_https_are_secure_and_the_session_is_short():
    make_user()
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": PASSWORD}, secure=True)

    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert int(session["max-age"]) <= 24 * 60 * 60
    assert client.session.get_expiry_age() <= 24 * 60 * 60, "in the database too"
    page = client.get("/meetings/new/", secure=True)
    assert page.status_code == 200
    assert all(morsel["secure"] for morsel in page.cookies.values())


@pytest.mark.django_db
def test_cookies_over_plain_http_on_this_computer_stay_as_they_were():
    make_user()
    response = Client().post("/login/", {"username": "alice", "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not session["secure"]
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_the_settings_page_says_how_to_turn_the_phone_mode_on(client_logged_in):
    page = client_logged_in.get("/settings/").content.decode()
    assert "NETCOACH_LAN=1 make run" in page


@pytest.mark.django_db
def test_in_the_phone_mode_the_settings_page_shows_the_address_and_its_qr_code(
    client_logged_in, settings, tmp_path
):
    settings.NETCOACH_LAN_ADDRESS = "192.168.1.20"
    settings.DATA_DIR = tmp_path
    lan.certificate(tmp_path, "192.168.1.20")

    page = client_logged_in.get("/settings/").content.decode()

    assert 'href="https://192.168.1.20:8443/"' in page
    assert "<svg" in page and 'class="fingerprint"' in page
    assert lan.fingerprint(tmp_path / "tls" / "cert.pem") in page
