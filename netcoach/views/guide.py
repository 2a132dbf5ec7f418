"""Help: the user guide and the product's docs, rendered from docs/ (netcoach/guide.py)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netcoach import guide


@require_GET
def help_page(request, slug=""):
    doc = guide.BY_SLUG.get(slug)
    if doc is None:
        raise Http404(_("No such help page."))
    try:
        page = guide.page(doc)
    except FileNotFoundError:
        raise Http404(_("This help page is missing from docs/.")) from None
    context = {"doc": doc, "page": page, "docs": guide.DOCS}
    return render(request, "netcoach/help.html", context)
