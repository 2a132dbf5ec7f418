"""The Undo button of a message saying what a quick action did (netcoach/undo.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcoach.http import done, local_url
from netcoach.undo import revert


@require_POST
def undo(request):
    """Puts back what the action did. htmx gets the message out of band and an `undone` event,
    on which the page's regions showing that data reload themselves; a plain form goes back to
    the page it came from."""
    url = local_url(request, request.POST.get("next", ""), "/")
    undone = revert(request, request.POST.get("token", ""))
    if undone is None:
        messages.info(request, _("Nothing to undo: it was undone already, or it changed since."))

    def undone_event():
        response = HttpResponse()
        response["HX-Trigger"] = "undone"
        return response

    return done(request, url, message=undone or "", htmx=undone_event)
