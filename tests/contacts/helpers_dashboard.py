"""`make_*` helpers of the dashboard and review tests: people placed in layers, dates fixed."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tests.factories import make_contact, make_interaction

TODAY = date(2026, 3, 16)


def days_ago(n, today=TODAY):
    """Noon, n days before `today`, in the current time zone."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=n), time(12)))


def make_layered(owner, layer, gap=None, kind="met", today=TODAY, **kwargs):
    """A contact in `layer` whose last real interaction was `gap` days before `today`."""
    kwargs.setdefault("first_name", f"L{layer}")
    contact = make_contact(owner, layer=layer, **kwargs)
    if gap is not None:
        make_interaction(contact, kind=kind, occurred_at=days_ago(gap, today))
    return contact
