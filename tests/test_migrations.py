"""The models and their migrations agree: a change of a field, a choice or a verbose name comes
with its migration (`manage.py makemigrations`)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
