"""Static files are a build output of the checkout: pages work before and after collectstatic,
whatever the data directory."""

import re

import pytest
from django.core.management import call_command

REAL_STORAGE = {"BACKEND": "netcoach.storage.StaticFilesStorage"}


@pytest.fixture
def real_static_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static-root"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": REAL_STORAGE}
    return settings.STATIC_ROOT


def test_pages_and_their_files_are_served_before_collectstatic_ever_ran(
    client_logged_in, real_static_storage
):
    page = client_logged_in.get("/")
    assert page.status_code == 200
    assert 'href="/static/css/app.css"' in page.text
    stylesheet = client_logged_in.get("/static/css/app.css")
    assert stylesheet.status_code == 200


def test_after_collectstatic_pages_link_fingerprinted_files(client_logged_in, real_static_storage):
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (real_static_storage / "staticfiles.json").exists()
    page = client_logged_in.get("/")
    assert page.status_code == 200
    assert re.search(r'href="/static/css/app\.[0-9a-f]{12}\.css"', page.text)


def test_static_files_are_not_in_the_data_directory(settings):
    assert not settings.STATIC_ROOT.is_relative_to(settings.DATA_DIR)
