"""The contacts import page: choose a file, preview what it would change, decide the cards the
rules cannot, import all or nothing, and see the summary (docs/architecture.md, "Address books
in and out")."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from contacts.address_book import notices, uploads
from contacts.address_book.apply import apply_address_book, plan
from contacts.address_book.read import FIELD_NAMES, KINDS, AddressBookError, read_address_book
from contacts.forms import AddressBookForm
from contacts.models import Contact, ImportRun
from netcoach.http import status_of

PENDING = "address_book_upload"
SHOWN_PER_LIST = 100


@require_http_methods(["GET", "POST"])
def import_contacts(request):
    """Step 1: choose a file. A file that reads well is kept (uploads.py) and previewed."""
    posted = request.method == "POST"
    form = AddressBookForm(request.POST, request.FILES) if posted else AddressBookForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.NETCOACH_MAX_UPLOAD_BYTES + 1)
        name = upload.name[:300]
        try:
            read_address_book(data, name, max_bytes=settings.NETCOACH_MAX_UPLOAD_BYTES)
        except AddressBookError as err:
            form.add_error("file", err.notice.translated())
        else:
            uploads.discard(request.session.get(PENDING, {}).get("token"))
            request.session[PENDING] = {
                "token": uploads.keep(data),
                "name": name,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            return redirect("contacts:import_contacts_preview")
    context = {
        "form": form,
        "runs": ImportRun.objects.address_books().filter(owner=request.user)[:10],
    }
    return render(request, "contacts/import_contacts.html", context, status=status_of(form))


def field_words(names) -> list[str]:
    """The fields of a file as the reader says them: netcoach's names translated, the file's own
    column names (an ignored one) as they are."""
    return [_(FIELD_NAMES[name]) if name in FIELD_NAMES else name for name in names]


def _pending(request):
    """The file waiting for its import, read again: (its session entry, the address book), or
    (None, None) when there is none any more."""
    pending = request.session.get(PENDING) or {}
    data = uploads.load(pending.get("token"))
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        request.session.pop(PENDING, None)
        return None, None
    return pending, read_address_book(data, pending["name"], max_bytes=len(data))


@require_http_methods(["GET"])
def import_contacts_preview(request):
    """Step 2: what the import would do, and the cards for the user to decide about."""
    pending, book = _pending(request)
    if book is None:
        messages.info(request, _("Choose the file to import again: it was not kept."))
        return redirect("contacts:import_contacts")
    result = plan(book, request.user)
    context = {
        "pending": pending,
        "plan": result,
        "kind": gettext_lazy(KINDS[book.kind]),
        "fields_read": field_words(book.read),
        "fields_ignored": field_words(book.ignored),
        "pending_is_csv": book.kind != "vcard",
        "questions": [(e, _card_words(e.card)) for e in result.questions],
        "new": [(e, _changes_words(e.changes)) for e in result.new[:SHOWN_PER_LIST]],
        "enriched": [(e, _changes_words(e.changes)) for e in result.enriched[:SHOWN_PER_LIST]],
        "warnings": [w.translated() for w in book.warnings[:SHOWN_PER_LIST]],
        "shown": SHOWN_PER_LIST,
    }
    return render(request, "contacts/import_contacts_preview.html", context)


CHANGED_FIELDS = {
    "company": gettext_lazy("company"),
    "position": gettext_lazy("job title"),
    "city": gettext_lazy("city"),
    "birthday": gettext_lazy("birthday"),
    "profile_url": gettext_lazy("LinkedIn profile"),
}


def _changes_words(changes) -> str:
    """ "company, birthday, 2 phone numbers, tag Friends": what a card adds to someone."""
    words = [str(CHANGED_FIELDS[name]) for name in changes.fields if name in CHANGED_FIELDS]
    if n := changes.phones:
        words.append(ngettext("%(n)s phone number", "%(n)s phone numbers", n) % {"n": n})
    if n := changes.emails:
        words.append(ngettext("%(n)s email address", "%(n)s email addresses", n) % {"n": n})
    if n := changes.websites:
        words.append(ngettext("%(n)s website", "%(n)s websites", n) % {"n": n})
    if changes.tags:
        words.append(
            ngettext("tag %(names)s", "tags %(names)s", len(changes.tags))
            % {"names": ", ".join(changes.tags)}
        )
    return ", ".join(words) or "—"


def _card_words(card) -> str:
    """What a card holds that tells who it is, for the user deciding about it."""
    found = [card.company, *(e for e, _ in card.emails), *(p for p, _ in card.phones)]
    return Truncator(" · ".join(w for w in found if w)).chars(200)


@require_POST
def import_contacts_apply(request):
    """Step 3: the import, all or nothing, with the user's choices; then its summary. The kept
    file is claimed first: a second click, or a second tab, finds it gone and writes nothing."""
    pending = request.session.pop(PENDING, None) or {}
    token = pending.get("token")
    data = uploads.claim(token) if request.POST.get("token") == token else None
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        messages.info(request, _("Choose the file to import again: it was not kept."))
        return redirect("contacts:import_contacts")
    book = read_address_book(data, pending["name"], max_bytes=len(data))
    decisions = {}
    for key, value in request.POST.items():
        if key.startswith("card-") and key[5:].isdigit():
            decisions[int(key[5:])] = value
    run = apply_address_book(
        book, request.user, file_name=pending["name"], sha256=pending["sha256"],
        decisions=decisions,
    )  # fmt: skip
    return redirect("contacts:import_contacts_run", run.pk)


def forget_pending(request):
    """Deletes the file the session keeps for an import, if any (signing out, deleting all
    one's data)."""
    pending = request.session.pop(PENDING, None) or {}
    uploads.discard(pending.get("token"))


@require_POST
def import_contacts_cancel(request):
    forget_pending(request)
    messages.success(request, _("Import cancelled: nothing was written."))
    return redirect("contacts:import_contacts")


def import_contacts_run(request, pk):
    """Step 4: the summary of one address book import, with links to the people."""
    run = get_object_or_404(ImportRun.objects.address_books(), pk=pk, owner=request.user)
    counts = run.counts

    def people(ids):
        found = Contact.objects.filter(owner=request.user, pk__in=ids[:SHOWN_PER_LIST])
        return sorted(found, key=lambda c: (c.last_name.casefold(), c.first_name.casefold()))

    context = {
        "run": run,
        "counts": counts,
        "created": people(counts.get("created_ids", [])),
        "enriched": people(counts.get("enriched_ids", [])),
        "warnings": [
            notices.from_dict(w["notice"]).translated() if w.get("notice") else w.get("message", "")
            for w in run.warnings[:SHOWN_PER_LIST]
        ],
        "fields_read": field_words(counts.get("read", [])),
        "shown": SHOWN_PER_LIST,
    }
    return render(request, "contacts/import_contacts_run.html", context)
