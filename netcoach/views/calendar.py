"""The calendar: its settings page, its download, and the subscription feed at a secret address.

The feed (`calendar_feed`) is the one page open without a sign-in (`login_not_required`): the
token in its address is the credential, looked up by its SHA-256 (`CalendarFeed.owner_of`).
It reads no session and sets no cookie; a wrong or revoked token is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.calendar_feed import calendar_for
from contacts.models import CalendarFeed, Preferences
from netcoach import lan
from netcoach.forms import CalendarForm
from netcoach.http import status_of

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _context(request, form, token=""):
    context = {
        "form": form,
        "feed": CalendarFeed.objects.filter(owner=request.user).first(),
        "phone_mode": bool(settings.NETCOACH_LAN_ADDRESS),
    }
    if token:
        path = reverse("calendar_feed", args=[token])
        context["feed_url"] = request.build_absolute_uri(path)
        if settings.NETCOACH_LAN_ADDRESS:
            base = lan.address_url(settings.NETCOACH_LAN_ADDRESS, settings.NETCOACH_LAN_PORT)
            context["phone_feed_url"] = base.rstrip("/") + path
            # Made from the phone: the address it was asked on is the phone's one already.
            context["on_the_phone"] = context["phone_feed_url"] == context["feed_url"]
            # segno's SVG holds only the code's paths; the address is ours.
            context["phone_feed_qr"] = mark_safe(lan.qr_svg(context["phone_feed_url"]))
    return context


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """The calendar's settings, its download, and the feed to subscribe to."""
    prefs = Preferences.for_user(request.user)
    form = CalendarForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Calendar settings saved."))
        return redirect("calendar_settings")
    context = _context(request, form)
    return render(request, "netcoach/calendar_settings.html", context, status=status_of(form))


@require_GET
def calendar_download(request):
    response = HttpResponse(calendar_for(request.user, _base_url(request)), CALENDAR_TYPE)
    response["Content-Disposition"] = 'attachment; filename="netcoach.ics"'
    return response


@require_POST
def calendar_feed_new(request):
    """A new secret address, shown this once; the previous one stops answering."""
    token = CalendarFeed.renew(request.user)
    form = CalendarForm(instance=Preferences.for_user(request.user))
    return render(request, "netcoach/calendar_settings.html", _context(request, form, token))


@require_POST
def calendar_feed_off(request):
    CalendarFeed.objects.filter(owner=request.user).delete()
    messages.success(
        request, _("The calendar address is off: calendars subscribed to it get nothing new.")
    )
    return redirect("calendar_settings")


@login_not_required
@require_GET
def calendar_feed(request, token):
    owner = CalendarFeed.owner_of(token)
    if owner is None:
        raise Http404
    response = HttpResponse(calendar_for(owner, _base_url(request)), CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="netcoach.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
