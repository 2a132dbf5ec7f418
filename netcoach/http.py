"""How every view answers, in one place.

A page is rendered whole, or only the region htmx swaps (an inline partial of its template). A
form that does not validate answers 422 Unprocessable Content, with htmx or without; base.html's
`htmx-config` tells htmx to swap 422 answers like 200 ones, so the errors appear in place. A POST
that worked answers htmx with the region to swap and a plain form with a redirect, and says
what it did in a flash message: on the next page, or carried out of band into the page's live
region (`#flash` in base.html, outside every swapped region, so that it is announced). A message
can offer to undo what was done (netcoach/undo.py). Every page works without JavaScript.
"""

from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

INVALID = 422


def local_url(request, url: str, default: str) -> str:
    """`url` when it is a path of this site (a form's "next" or "back"), else `default`: never a
    URL name, another site or another scheme."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, request.is_secure()
    ):
        return url
    return default


def status_of(form) -> int:
    """The status of a page showing `form`: 422 once it was sent back with errors, else 200."""
    return INVALID if form.is_bound and form.errors else 200


def render_page(request, template, context, *, partial=None, status=200):
    """`template` whole, or only its `partial` for an htmx request."""
    if request.htmx and partial:
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


def render_invalid(request, template, context, *, partial=None):
    """A form with errors, whole page or region, with the one status for it."""
    return render_page(request, template, context, partial=partial, status=INVALID)


def done(request, to, *args, message="", undo="", htmx=None):
    """The end of a POST that worked: `htmx()` (the region to swap) for htmx, else a redirect
    to `to` (a URL name with `args`, a URL or an object). `message` says what was done, with an
    Undo button when `undo` is the token netcoach.undo.offer() gave; htmx gets it out of band.
    An htmx request with no region to swap is sent there as a whole page load."""
    if message:
        messages.success(request, message, extra_tags=f"{UNDO_TAG}{undo}" if undo else "")
    if request.htmx and htmx is not None:
        return with_messages(request, htmx())
    if request.htmx:
        return HttpResponseClientRedirect(resolve_url(to, *args))
    return redirect(to, *args)


UNDO_TAG = "undo-"


def undo_token(message) -> str:
    """The undo token a flash message carries, or ""."""
    for tag in message.extra_tags.split():
        if tag.startswith(UNDO_TAG):
            return tag.removeprefix(UNDO_TAG)
    return ""


def with_messages(request, response):
    """Adds the messages waiting to be shown to an htmx answer, swapped out of band into the
    page's live region."""
    if len(messages.get_messages(request)):
        response.write(render_to_string("includes/flash.html", {"oob": True}, request=request))
    return response
