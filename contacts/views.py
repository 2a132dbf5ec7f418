from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from contacts import csv_export, letters, vcards
from contacts import search as full_text
from contacts.forms import (
    BulkForm,
    CompaniesFilterForm,
    CompanyMarkForm,
    ContactDetailsForms,
    ContactForm,
    DismissSuggestionForm,
    IntroductionForm,
    LayerForm,
    MeetingForm,
    NoteForm,
    PeopleFilterForm,
    PickContactForm,
    PreferencesForm,
    TagForm,
    WriteForm,
    batch_too_big,
)
from contacts.models import (
    CompanyMark,
    Contact,
    Interaction,
    Introduction,
    JobChange,
    Meeting,
    Note,
    Preferences,
    Tag,
    recent_places,
)
from contacts.numbers import number
from contacts.relationships import DISMISSED_DAYS, Layer
from invitations import answers
from netcoach import undo
from netcoach.http import INVALID, done, local_url, render_invalid, render_page, status_of
from netcoach.ids import parse_ids


@require_http_methods(["GET", "POST"])
def settings(request):
    """The settings hub: the relationship model's numbers, and links to the other settings."""
    prefs = Preferences.for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new language says so in itself.
        translation.activate(prefs.language)
        messages.success(request, _("Settings saved."))
        return redirect("contacts:settings")
    status = INVALID if form.is_bound else 200
    return render(request, "contacts/settings.html", {"form": form}, status=status)


@require_POST
def keyboard_shortcuts(request):
    """Single-key shortcuts on or off, from the shortcut sheet; back to the page it is on."""
    prefs = Preferences.for_user(request.user)
    prefs.single_key_shortcuts = request.POST.get("single_key_shortcuts") == "on"
    prefs.save(update_fields=["single_key_shortcuts"])
    if prefs.single_key_shortcuts:
        messages.success(request, _("Single-key shortcuts are on."))
    else:
        messages.success(request, _("Single-key shortcuts are off: buttons and Tab still work."))
    next_url = local_url(request, request.POST.get("next", ""), reverse("contacts:settings"))
    return HttpResponseRedirect(next_url)


@require_http_methods(["GET", "POST"])
def settings_reset(request):
    """Every number of the relationship model back to its default; GET asks first."""
    prefs = Preferences.for_user(request.user)
    labels = {name: field.label for name, field in PreferencesForm.base_fields.items()}
    if request.method == "POST":
        changed = prefs.reset_to_defaults()
        changes = _("; ").join(
            _("%(setting)s %(old)s → %(new)s")
            % {
                "setting": labels[name],
                "old": number(changed[name][0]),
                "new": number(changed[name][1]),
            }
            for name in labels
            if name in changed
        )
        messages.success(
            request,
            _("Settings back to their defaults: %(changes)s.") % {"changes": changes}
            if changed
            else _("Your settings were the defaults already."),
        )
        return redirect("contacts:settings")
    differences = prefs.differences_from_defaults()
    changes = [
        (labels[name], number(differences[name][0]), number(differences[name][1]))
        for name in labels
        if name in differences
    ]
    return render(request, "contacts/settings_reset.html", {"changes": changes})


def _owned_contact(request, pk):
    return get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)


def _person_context(request, contact, **extra):
    prefs = Preferences.for_user(request.user)
    timeline = contact.timeline()
    talk_first = [e.obj for e in timeline if e.kind == "invitation" and e.obj.is_talk_first]
    if talk_first:  # whether they answered since: one query more
        answers.settle_talk_first(talk_first, wait_days=prefs.talk_first_days)
    context = {
        "contact": contact,
        "phone_region": prefs.phone_region,
        "standing": contact.standing(prefs),
        "tags": list(contact.tags.all()),
        "timeline": timeline,
        # From the timeline's interactions: Contact.recommendations_received() without a query.
        "recommended_you": [
            entry.obj
            for entry in timeline
            if entry.kind == "interaction" and entry.obj.recommended_you
        ],
        "follow_ups": list(contact.open_follow_ups()),
        "layer_form": LayerForm(initial={"layer": contact.layer}),
        "tag_form": TagForm(),
        "note_form": NoteForm(),
        "meeting_form": MeetingForm(owner=request.user, initial=MeetingForm.initial_for([contact])),
        "places": recent_places(request.user),
        "draft": None,
        "sent_invitation": None,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


def render_person(request, contact, partial, *, status=200, **extra):
    """The person's page, or only `partial` of it for htmx requests."""
    if not (request.htmx and partial):
        prefetch_related_objects([contact], "details")  # the page's details, in one query
    context = _person_context(request, contact, **extra)
    return render_page(request, "contacts/person.html", context, partial=partial, status=status)


def _names(people) -> str:
    """ "Ada", "Ada and Grace", "Ada, Grace and Alan" ("Ada, Grace et Alan")."""
    return _and([str(person) for person in people])


def _and(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": _(", ").join(names[:-1]), "last": names[-1]}


def _linked_names(people) -> str:
    """ "Ada and Grace", each a link to their page (HTML)."""
    links = [format_html('<a href="{}">{}</a>', p.get_absolute_url(), p) for p in people]
    return mark_safe(_and([conditional_escape(link) for link in links]))


# The meeting form's message, one sentence per kind: a French participle agrees with its noun
# ("Rencontre notée", "Appel noté").
LOGGED_WITH = {
    "met": gettext_lazy("Meeting logged with %(names)s."),
    "video": gettext_lazy("Video call logged with %(names)s."),
    "phone": gettext_lazy("Phone call logged with %(names)s."),
    "email": gettext_lazy("Email logged with %(names)s."),
    "linkedin": gettext_lazy("LinkedIn message logged with %(names)s."),
    "introduction": gettext_lazy("Introduction logged with %(names)s."),
    "endorsement": gettext_lazy("Endorsement logged with %(names)s."),
    "recommendation": gettext_lazy("Recommendation logged with %(names)s."),
    "other": gettext_lazy("Interaction logged with %(names)s."),
}


@require_http_methods(["GET", "POST"])
def log_meeting(request):
    if request.method == "POST":
        form = MeetingForm(request.POST, owner=request.user)
        if form.is_valid():
            interactions = Contact.log_meeting(
                request.user, form.cleaned_data["contact"], **form.details()
            )
            first = interactions[0]
            message = LOGGED_WITH.get(first.kind, LOGGED_WITH["other"])
            messages.success(request, message % {"names": _names(i.contact for i in interactions)})
            return redirect(f"{first.contact.get_absolute_url()}?met=1")
    else:
        people = Contact.objects.owned_by(request.user).filter(
            pk__in=parse_ids(request.GET.getlist("contact"))
        )
        initial = MeetingForm.initial_for(people, kind=request.GET.get("kind"))
        form = MeetingForm(owner=request.user, initial=initial)
    context = {"form": form, "places": recent_places(request.user)}
    if form.is_bound:
        return render_invalid(request, "contacts/log_meeting.html", context)
    return render(request, "contacts/log_meeting.html", context)


def people_search(request):
    """The type-ahead: a few people by name, company or position, from two letters."""
    q = request.GET.get("q", "").strip()
    people = Contact.objects.in_order_with_last_real_interaction(
        full_text.type_ahead_ids(q, request.user.pk)
    )
    results = [(person, person.last_real_in_words()) for person in people]
    # The person form's "Introduced by" picks one person (a radio); the meeting form several.
    pick = request.GET.get("pick") if request.GET.get("pick") == "introduced_by" else ""
    template = "contacts/people_search.html"
    if request.htmx:
        template += "#search-results"
    return render(request, template, {"q": q, "results": results, "pick": pick})


# The search page's groups, in their order: the kind of document, its heading.
SEARCH_GROUPS = [
    ("person", gettext_lazy("People")),
    ("note", gettext_lazy("Notes")),
    ("conversation", gettext_lazy("Conversations")),
    ("meeting", gettext_lazy("Meetings and calls")),
    ("invitation", gettext_lazy("Invitations")),
]
# How many of each group the search page shows before "All …"; a group alone shows a page.
SEARCH_GROUP_SIZE, SEARCH_PAGE_SIZE = 5, 20


def search(request):
    """Everything the user knows, through the full-text index: people, companies, notes,
    conversations, meetings and invitations, grouped, each hit linking to its timeline entry."""
    q = request.GET.get("q", "").strip()[:200]
    for_index = full_text.as_searched(q, request.user.preferences.phone_region)
    owner = request.user.pk
    kind = request.GET.get("kind", "")
    groups, companies, page = [], [], None
    if kind in dict(SEARCH_GROUPS):
        page = Paginator(full_text.Group(for_index, owner, kind), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        groups = [(kind, dict(SEARCH_GROUPS)[kind], list(page.object_list))]
    else:
        kind = ""
        for name, heading in SEARCH_GROUPS:
            found = full_text.hits(for_index, owner, name, limit=SEARCH_GROUP_SIZE + 1)
            if found:
                groups.append((name, heading, found))
        # A company's name is in its people's documents: without people, no company.
        if groups and groups[0][0] == "person":
            companies = full_text.companies(for_index, owner, limit=SEARCH_GROUP_SIZE)
    _attach_contacts(request.user, [hit for _, _, found in groups for hit in found])
    template = "contacts/search.html"
    if request.htmx:
        template += "#search-groups"
    return render(
        request,
        template,
        {
            "q": q,
            "kind": kind,
            "groups": groups,
            "companies": companies,
            "page": page,
            "query": urlencode({"q": q, "kind": kind}),
            "group_size": SEARCH_GROUP_SIZE,
            "searched": bool(full_text.words(for_index)),
        },
    )


def _attach_contacts(owner, hits):
    """Gives each hit its person, in one query by primary key (with the owner in the WHERE,
    SQLite reads the owner's index instead: 13 ms), the owner checked here."""
    ids = {hit.contact_id for hit in hits if hit.contact_id}
    fields = ("owner", "first_name", "last_name", "profile_url", "company", "position")
    found = Contact.objects.filter(pk__in=ids).only(*fields).in_bulk()
    people = {pk: person for pk, person in found.items() if person.owner_id == owner.pk}
    for hit in hits:
        hit.contact = people.get(hit.contact_id)


def _people_context(request, params, bulk_form=None):
    prefs = Preferences.for_user(request.user)
    form = PeopleFilterForm(params)
    filters, sort = {}, "name"
    if form.is_valid():
        filters, sort = form.filters(), form.cleaned_data["sort"] or "name"
    people = Contact.objects.owned_by(request.user).filter_by(filters, prefs)
    if sort.lstrip("-") == "last":
        people = people.with_last_real_interaction()
    # Two steps: sort only the keys to pick the page, then annotate just its 50 rows (SQLite
    # would otherwise compute every annotation for every matching row before sorting).
    page = Paginator(people.sorted_by(sort).values_list("pk", flat=True), 50).get_page(
        params.get("page")
    )
    ids = list(page.object_list)
    found = Contact.objects.filter(pk__in=ids).with_last_interaction_subquery()
    by_id = {person.pk: person for person in found.with_last_real_interaction()}
    rows = [(by_id[pk], by_id[pk].standing(prefs)) for pk in ids]
    query = params.copy()
    query.pop("page", None)
    return {
        "form": form,
        "filters": filters,
        "sort": sort,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "export_urls": export_urls(query),
        "tag_names": list(Tag.objects.filter(owner=request.user).values_list("name", flat=True)),
        "bulk_form": bulk_form or BulkForm(owner=request.user),
    }


def export_urls(params: QueryDict) -> dict[str, str]:
    """The people export of these filters, in each of its forms (csv_export), and as vCards."""
    urls = {}
    for form in csv_export.FORMATS:
        query = params.copy()
        query["format"] = form
        urls[form] = f"{reverse('contacts:people_export')}?{query.urlencode()}"
    urls["vcard"] = f"{reverse('contacts:people_vcards')}?{params.urlencode()}"
    return urls


def people(request):
    context = _people_context(request, request.GET)
    template = "contacts/people.html"
    if request.htmx:
        template += "#people-list"
    return render(request, template, context)


def _people_csv_response(people, form):
    """The people as CSV in the form `form` (csv_export: for a spreadsheet, or plain)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = pgettext("file name", "people")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    csv_export.write_people(response, people.iterator(chunk_size=2000), form)
    return response


def people_export(request):
    """Every person matching the filters, as CSV (reads only: a GET is fine): `format` is
    `spreadsheet` or `csv`, by default the one of the user's language (csv_export)."""
    prefs = Preferences.for_user(request.user)
    form = PeopleFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}
    sort = form.cleaned_data.get("sort") if form.is_valid() else "name"
    people = (
        Contact.objects.owned_by(request.user)
        .filter_by(filters, prefs)
        .with_last_real_interaction()
        .with_last_interaction_subquery()
        .sorted_by(sort)
    )
    return _people_csv_response(people, csv_export.chosen_format(request.GET.get("format")))


def _vcards_response(people, name: str):
    """`people` as one .vcf file, streamed card by card (contacts/vcards.py)."""
    response = StreamingHttpResponse(vcards.cards(people), content_type=VCARD_TYPE)
    response["Content-Disposition"] = vcards.content_disposition(
        vcards.ascii_name(name) + ".vcf", name + ".vcf"
    )
    return response


VCARD_TYPE = "text/vcard; charset=utf-8"


def people_vcards(request):
    """Every person matching the /people/ filters (all of them without any), as vCards."""
    form = PeopleFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}
    people = Contact.objects.owned_by(request.user).filter_by(
        filters, Preferences.for_user(request.user)
    )
    return _vcards_response(people, pgettext("file name", "people"))


def person_vcard(request, pk):
    """One person's vCard, for a phone's address book: "Ada-Lovelace.vcf"."""
    contact = _owned_contact(request, pk)
    response = HttpResponse(vcards.card(contact), content_type=VCARD_TYPE)
    response["Content-Disposition"] = vcards.content_disposition(
        vcards.file_name(contact), vcards.unicode_file_name(contact)
    )
    return response


def person_qr(request, pk):
    """A QR code of the person's small vCard (contacts/vcards.py), as SVG: a phone's camera
    adds the contact."""
    contact = _owned_contact(request, pk)
    response = HttpResponse(vcards.qr_svg(contact), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    return response


# The bulk actions that export, and the form of their CSV.
BULK_EXPORTS = {"export_spreadsheet": csv_export.SPREADSHEET, "export": csv_export.PLAIN}


@require_POST
def people_bulk(request):
    """Set a layer, add or remove a tag, or export: on the selected people or all matching."""
    form = BulkForm(request.POST, owner=request.user)
    if not form.is_valid():
        params = QueryDict(request.POST.get("query", ""))
        context = _people_context(request, params, bulk_form=form)
        return render(request, "contacts/people.html", context)
    data = form.cleaned_data
    if data["scope"] == "selected":
        people = Contact.objects.owned_by(request.user).filter(
            pk__in=[c.pk for c in data["contact"]]
        )
    else:
        filters = PeopleFilterForm(QueryDict(request.POST.get("query", "")))
        filters.is_valid()
        people = Contact.objects.owned_by(request.user).filter_by(
            filters.filters(), Preferences.for_user(request.user)
        )
    action = data["action"]
    if action == "write":
        return redirect(_write_url(data, request.POST.get("query", "")))
    if action == "export_vcard":
        return _vcards_response(people, pgettext("file name", "people"))
    if action in BULK_EXPORTS:
        return _people_csv_response(
            people.with_last_real_interaction().with_last_interaction_subquery().sorted_by("name"),
            BULK_EXPORTS[action],
        )
    if action == "set_layer":
        count = people.bulk_set_layer(data["layer"])
        message = ngettext("Layer set for %(n)s person.", "Layer set for %(n)s people.", count)
        messages.success(request, message % {"n": number(count)})
    elif action == "add_tag":
        tag, _created = Tag.objects.get_or_create(owner=request.user, name=data["tag"].strip())
        count = people.bulk_add_tag(tag)
        message = ngettext(
            "Tag “%(tag)s” added to %(n)s person.", "Tag “%(tag)s” added to %(n)s people.", count
        )
        messages.success(request, message % {"tag": tag, "n": number(count)})
    else:
        tag = Tag.objects.filter(owner=request.user, name=data["tag"].strip()).first()
        count = people.bulk_remove_tag(tag) if tag else 0
        message = ngettext(
            "Tag “%(tag)s” removed from %(n)s person.",
            "Tag “%(tag)s” removed from %(n)s people.",
            count,
        )
        messages.success(request, message % {"tag": data["tag"].strip(), "n": number(count)})
    return redirect(f"{reverse('contacts:people')}?{request.POST.get('query', '')}")


def person(request, pk):
    contact = _owned_contact(request, pk)
    # The activity alone when htmx asks for it (its region reloads itself after an undo).
    partial = "activity" if request.htmx and request.htmx.target == "activity" else None
    return render_person(request, contact, partial, just_met="met" in request.GET)


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    contact = _owned_contact(request, pk)
    region = Preferences.for_user(request.user).phone_region
    form = ContactForm(request.POST or None, instance=contact)
    details = ContactDetailsForms(request.POST or None, contact=contact, region=region)
    if request.method == "POST" and form.is_valid() & details.is_valid():
        with transaction.atomic():
            form.save()
            unreadable = details.save()
        if unreadable:
            messages.warning(
                request,
                ngettext(
                    "Saved. %(numbers)s could not be read as a phone number; kept as typed.",
                    "Saved. %(numbers)s could not be read as phone numbers; kept as typed.",
                    len(unreadable),
                )
                % {"numbers": _and([f"“{value}”" for value in unreadable])},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect(contact)
    invalid = request.method == "POST" and (form.errors or details.errors)
    return render(
        request,
        "contacts/person_edit.html",
        {"contact": contact, "form": form, "details": details, "invalid": invalid},
        status=INVALID if invalid else 200,
    )


@require_POST
def person_take_linkedin(request, pk, field):
    """The person's `field` takes the value LinkedIn gives instead of the one the user wrote."""
    contact = _owned_contact(request, pk)
    if field not in contact.linkedin_says:
        raise Http404("LinkedIn says nothing else for this field.")
    label = contact._meta.get_field(field).verbose_name
    contact.take_linkedin_value(field)
    messages.success(
        request,
        _("The %(field)s is LinkedIn's again; the next imports keep it so.") % {"field": label},
    )
    return redirect(contact)


@require_http_methods(["GET", "POST"])
def person_delete(request, pk):
    contact = _owned_contact(request, pk)
    if request.method == "POST":
        name = str(contact)
        contact.delete()
        messages.success(
            request, _("%(name)s was deleted, with their notes and interactions.") % {"name": name}
        )
        return redirect("contacts:people")
    counts = {"notes": contact.notes.count(), "interactions": contact.interactions.count()}
    return render(request, "contacts/person_delete.html", {"contact": contact, "counts": counts})


@require_POST
def person_layer(request, pk):
    """Places a person in a layer 1-4 or back in the pool (empty `layer`): only ever the user's
    choice, from the person page or from a layer suggestion (dashboard, weekly review).

    htmx gets the person page's `layer` region when that is what it swaps, else a confirmation
    that replaces the suggestion; a plain form goes back to `next` (or the person page). An
    invalid layer answers 422 with the error, in the same place.
    """
    contact = _owned_contact(request, pk)
    form = LayerForm(request.POST)
    on_person_page = request.htmx and request.htmx.target == "layer"
    if not form.is_valid():
        if on_person_page:
            return render_person(request, contact, "layer", layer_form=form, status=INVALID)
        if request.htmx:
            return render(request, "contacts/layer_set.html", {"form": form}, status=INVALID)
        messages.error(request, LayerForm.INVALID_MESSAGE)
        return redirect(_next_url(request, contact))
    contact.set_layer(form.cleaned_data["layer"])
    if on_person_page:
        return render_person(request, contact, "layer")
    label = Layer(contact.layer).label if contact.layer else _("the pool")
    if request.htmx:
        response = render(request, "contacts/layer_set.html", {"contact": contact, "label": label})
        response["HX-Trigger"] = "layers-changed"  # the dashboard's budget reloads itself
        return response
    messages.success(
        request, _("%(person)s is now in %(layer)s.") % {"person": contact, "layer": label}
    )
    return redirect(_next_url(request, contact))


@require_POST
def person_dismiss_suggestion(request, pk):
    """ "Dismiss" on a layer suggestion (dashboard, weekly review): hidden for 90 days.

    htmx gets a confirmation that replaces the suggestion; a plain form goes back to `next`.
    """
    contact = _owned_contact(request, pk)
    form = DismissSuggestionForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, "contacts/suggestion_dismissed.html", {"form": form}, status=INVALID
            )
        messages.error(request, _("That suggestion cannot be dismissed."))
        return redirect(_next_url(request, contact))
    layer = form.cleaned_data["layer"]
    contact.dismiss_suggestion(layer, form.cleaned_data["direction"])
    label = Layer(layer).label if layer else _("the pool")
    context = {"contact": contact, "label": label, "days": DISMISSED_DAYS}
    if request.htmx:
        return render(request, "contacts/suggestion_dismissed.html", context)
    messages.success(
        request,
        ngettext(
            "Dismissed: %(person)s will not be suggested for %(layer)s for %(days)s day.",
            "Dismissed: %(person)s will not be suggested for %(layer)s for %(days)s days.",
            DISMISSED_DAYS,
        )
        % {"person": contact, "layer": label, "days": number(DISMISSED_DAYS)},
    )
    return redirect(_next_url(request, contact))


def _next_url(request, contact):
    return local_url(request, request.POST.get("next", ""), contact.get_absolute_url())


@require_POST
def person_tag_add(request, pk):
    contact = _owned_contact(request, pk)
    form = TagForm(request.POST)
    if not form.is_valid():
        return render_person(request, contact, "tags", tag_form=form, status=INVALID)
    contact.add_tag(form.cleaned_data["name"])
    return done(request, contact, htmx=lambda: render_person(request, contact, "tags"))


@require_POST
def person_tag_remove(request, pk, tag_id):
    contact = _owned_contact(request, pk)
    tag = get_object_or_404(Tag, owner=request.user, pk=tag_id)
    contact.remove_tag(tag)
    return done(request, contact, htmx=lambda: render_person(request, contact, "tags"))


@require_POST
def person_note_add(request, pk):
    contact = _owned_contact(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_person(request, contact, "activity", note_form=form, status=INVALID)
    contact.add_note(form.cleaned_data["text"], follow_up_on=form.cleaned_data["follow_up_on"])
    return done(request, contact, htmx=lambda: render_person(request, contact, "activity"))


@require_POST
def person_interaction_add(request, pk):
    """The meeting form on a person's page, with the person picked: their activity swaps in
    place, unless they were taken out of it (then the first person's page opens)."""
    contact = _owned_contact(request, pk)
    form = MeetingForm(request.POST, owner=request.user)
    if not form.is_valid():
        return render_person(
            request,
            contact,
            "activity",
            meeting_form=form,
            show_meeting_form=True,
            status=INVALID,
        )
    interactions = Contact.log_meeting(request.user, form.cleaned_data["contact"], **form.details())
    people = [i.contact for i in interactions]
    here = contact in people
    return done(
        request,
        contact if here else people[0],
        message=_("Logged: %(the_noun)s with %(names)s.")
        % {"the_noun": interactions[0].the_noun, "names": _names(people)},
        htmx=(lambda: render_person(request, contact, "activity")) if here else None,
    )


def _pick_candidates(request, contact, form):
    q = request.GET.get("q", request.POST.get("q", "")).strip()
    others = Contact.objects.owned_by(request.user).exclude(pk=contact.pk)
    if q:
        return q, list(others.type_ahead(q, limit=20, owner_id=request.user.pk))
    if form.is_bound and form.data.get("other", "").isdigit():
        return q, list(others.filter(pk=form.data["other"]))
    return q, []


def _render_pick(request, contact, form, mode, candidates=None):
    q, found = _pick_candidates(request, contact, form)
    if candidates is not None and not q:
        found = candidates
    template = "contacts/person_pick.html"
    if request.htmx and request.method == "GET":
        template += "#candidates"
    return render(
        request,
        template,
        {"contact": contact, "form": form, "mode": mode, "q": q, "candidates": found},
        status=status_of(form),
    )


@require_http_methods(["GET", "POST"])
def person_introduce(request, pk):
    contact = _owned_contact(request, pk)
    form = IntroductionForm(request.POST or None, owner=request.user, exclude=contact)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact.introduce(data["other"], direction=data["direction"], note=data["note"])
        messages.success(
            request, _("Introduction recorded with %(person)s.") % {"person": data["other"]}
        )
        return redirect(contact)
    return _render_pick(request, contact, form, "introduce")


@require_http_methods(["GET", "POST"])
def person_merge(request, pk):
    contact = _owned_contact(request, pk)
    form = PickContactForm(request.POST or None, owner=request.user, exclude=contact)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        name = str(other)
        contact.merge(other)
        messages.success(
            request, _("%(name)s was merged into this person; nothing was lost.") % {"name": name}
        )
        return redirect(contact)
    same_name = Contact.objects.owned_by(request.user).filter(name_key=contact.name_key)
    same_name = list(same_name.exclude(pk=contact.pk)[:20]) if contact.name_key else []
    return _render_pick(request, contact, form, "merge", candidates=same_name)


def _own_note(request, pk):
    return get_object_or_404(
        Note.objects.filter(owner=request.user, source=Note.Source.ENTERED).select_related(
            "contact"
        ),
        pk=pk,
    )


def _own_interaction(request, pk):
    return get_object_or_404(
        Interaction.objects.filter(
            owner=request.user, source=Interaction.Source.ENTERED
        ).select_related("contact"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = _own_note(request, pk)
    initial = {"text": note.text, "follow_up_on": note.follow_up_on}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        note.text = form.cleaned_data["text"]
        note.follow_up_on = form.cleaned_data["follow_up_on"]
        note.save(update_fields=["text", "follow_up_on", "updated_at"])
        return redirect(note.contact)
    return render(
        request,
        "contacts/entry_edit.html",
        {"contact": note.contact, "form": form, "what": "note"},
        status=status_of(form),
    )


@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    """The meeting form for a meeting, call or message logged before: its people (change them
    to move it), what it was, and the notes and follow-up typed with it."""
    interaction = _own_interaction(request, pk)
    meeting = Meeting(interaction)
    initial = {
        "contact": meeting.people,
        "kind": interaction.kind,
        "occurred_at": timezone.localtime(interaction.occurred_at),
        "direction": interaction.direction,
        "place": interaction.place,
        "notes": meeting.text,
        "follow_up_on": meeting.follow_up_on,
    }
    form = MeetingForm(
        request.POST or None, owner=request.user, initial=initial, kind=interaction.kind
    )
    context = {
        "contact": interaction.contact,
        "interaction": interaction,
        "form": form,
        "places": recent_places(request.user),
    }
    if request.method == "POST":
        if not form.is_valid():
            return render_invalid(request, "contacts/interaction_edit.html", context)
        interactions = meeting.change(form.cleaned_data["contact"], **form.details())
        people = [i.contact for i in interactions]
        moved = interaction.contact not in people
        values = {"the_noun": interactions[0].the_noun, "names": _names(people)}
        messages.success(
            request,
            (
                _("Moved: %(the_noun)s with %(names)s.")
                if moved
                else _("Saved: %(the_noun)s with %(names)s.")
            )
            % values,
        )
        return redirect(people[0] if moved else interaction.contact)
    return render(request, "contacts/interaction_edit.html", context)


@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    """Asks first, saying what goes with it: the meeting for everyone who was there, and the
    notes and follow-up typed with it (or keeps those on each person's timeline)."""
    interaction = _own_interaction(request, pk)
    meeting = Meeting(interaction)
    contact = interaction.contact
    if request.method == "POST":
        keep_notes = bool(request.POST.get("keep_note")) and bool(meeting.notes)
        meeting.delete(keep_notes=keep_notes)
        values = {"the_noun": interaction.the_noun, "names": _names(meeting.people)}
        if keep_notes:
            message = _("Deleted: %(the_noun)s with %(names)s; its note stays on the timeline.")
        elif meeting.notes:
            message = _("Deleted: %(the_noun)s with %(names)s and its note.")
        else:
            message = _("Deleted: %(the_noun)s with %(names)s.")
        return done(
            request,
            contact,
            message=message % values,
            htmx=lambda: render_person(request, contact, "activity"),
        )
    return render(
        request,
        "contacts/interaction_delete.html",
        {
            "contact": contact,
            "interaction": interaction,
            "meeting": meeting,
            "people_links": _linked_names(meeting.people),
        },
    )


def _delete_entry(request, entry, what):
    if what == "introduction":
        # Shown on both timelines: go back to the one the user deleted it from.
        seen_from = request.POST.get("contact", request.GET.get("contact", ""))
        contact = entry.other if seen_from == str(entry.other_id) else entry.person
    else:
        contact = entry.contact
    if request.method == "POST":
        entry.delete()
        return done(
            request,
            contact,
            message=_("The note was deleted.")
            if what == "note"
            else _("The introduction was deleted."),
            htmx=lambda: render_person(request, contact, "activity"),
        )
    return render(
        request,
        "contacts/entry_delete.html",
        {"contact": contact, "entry": entry, "what": what},
    )


@require_http_methods(["GET", "POST"])
def note_delete(request, pk):
    return _delete_entry(request, _own_note(request, pk), "note")


@require_http_methods(["GET", "POST"])
def introduction_delete(request, pk):
    introduction = get_object_or_404(
        Introduction.objects.filter(owner=request.user).select_related("person", "other"), pk=pk
    )
    return _delete_entry(request, introduction, "introduction")


def close_follow_up(request, note) -> tuple[str, str]:
    """Closes a note's follow-up with an Undo: returns the message saying so and its token (the
    person page and the weekly review both mark follow-ups done)."""
    change = undo.before(note, "follow_up_done")
    note.close_follow_up()
    values = {"text": Truncator(note.text).chars(60), "person": note.contact}
    undone = _("Undone: the follow-up “%(text)s” with %(person)s is open again.") % values
    token = undo.offer(request, changed=[change], undone=undone)
    return _("Done: the follow-up “%(text)s” with %(person)s.") % values, token


@require_POST
def note_done(request, pk):
    note = get_object_or_404(
        Note.objects.filter(owner=request.user).select_related("contact"), pk=pk
    )
    message, token = close_follow_up(request, note)
    return done(
        request,
        note.contact,
        message=message,
        undo=token,
        htmx=lambda: render_person(request, note.contact, "activity"),
    )


def companies(request):
    """The companies of the user's contacts, biggest first, with their marks; filtered by a
    mark, the marked companies, even those where the user knows nobody (any more)."""
    form = CompaniesFilterForm(request.GET)
    form.is_valid()  # a wrong mark is reported and ignored; the search still applies
    q, mark = form.cleaned_data.get("q", "").strip(), form.cleaned_data.get("mark", "")
    marks = CompanyMark.objects.filter(owner=request.user)
    if mark:
        rows = marks.filter(kind=mark).with_people_counts(q)
    else:
        rows = Contact.objects.owned_by(request.user).companies(q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    if not mark:
        kinds = marks.kinds_by_key(row["company_key"] for row in page)
        for row in page:
            row["kind"] = kinds.get(row["company_key"], "")
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in {"q": q, "mark": mark}.items() if v})
    template = "contacts/companies.html"
    if request.htmx:
        template += "#company-list"
    return render(
        request,
        template,
        {
            "form": form,
            "q": q,
            "mark": mark,
            "kinds": CompanyMark.Kind.choices,
            "page": page,
            "query": query.urlencode(),
            "next": request.get_full_path(),
        },
    )


def company(request, company_key):
    """Who do I know at this company: everyone there, with layer, status and last interaction,
    and the people known to have left it, with where they went. A target company's page also
    lists who knows someone there (`ContactQuerySet.ties_to`)."""
    prefs = Preferences.for_user(request.user)
    contacts = Contact.objects.owned_by(request.user)
    people = (
        contacts.filter(company_key=company_key)
        .with_last_real_interaction()
        .with_last_interaction_subquery()
        .order_by(models.F("layer").asc(nulls_last=True), "last_name", "first_name", "pk")
    )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    leavers = JobChange.objects.filter(owner=request.user).leavers_of(company_key)
    mark = CompanyMark.objects.filter(owner=request.user, company_key=company_key).first()
    if not page.object_list and not leavers and mark is None:
        raise Http404("Nobody you know works there, or is known to have left.")
    rows = [(person, person.standing(prefs)) for person in page]
    company_query = QueryDict(mutable=True)
    company_query["company"] = company_key
    names = (
        sorted({person.company for person, _ in rows if person.company})
        or sorted({change.old_company for change in leavers})
        or [mark.name]
    )
    knowers, knower_count = [], 0
    if mark is not None and mark.kind == CompanyMark.Kind.TARGET:
        knowers, knower_count = contacts.ties_to(company_key)
    return render(
        request,
        "contacts/company.html",
        {
            "company_key": company_key,
            "names": names,
            "page": page,
            "rows": rows,
            "leavers": leavers,
            "export_urls": export_urls(company_query),
            "mark": mark,
            "knowers": knowers,
            "knower_count": knower_count,
            "mark_form": _company_mark_context(request, names[0], mark.kind if mark else ""),
        },
    )


# -- "Write to these": one message to the few people a piece of news concerns -----------------


def _write_url(data: dict, query: str) -> str:
    """The composer for the bulk form's people: the ones selected, or the filters' matches."""
    back = f"{reverse('contacts:people')}?{query}"
    params = QueryDict(mutable=True)
    if data["scope"] == "selected":
        params.setlist("contact", [str(person.pk) for person in data["contact"]])
    else:
        params = QueryDict(query, mutable=True)
        params.pop("page", None)
    params["back"] = back
    return f"{reverse('contacts:write')}?{params.urlencode()}"


def _write_back(request, params) -> str:
    """Where the composer goes back to: the list it came from (a local address), else People."""
    return local_url(request, params.get("back", ""), reverse("contacts:people"))


# The fields a preview reads of each person, and no more: a batch is read in one query.
WRITE_FIELDS = ("first_name", "last_name", "company", "position", "profile_url", "layer")


def _write_batch(request, params) -> tuple[list, int]:
    """The people to write to, by name, and how many the request names: the ids of `contact`,
    else the matches of the /people/ filters (none without a filter). At most MAX_PEOPLE + 1
    ids are read: one more is enough to refuse the batch."""
    mine = Contact.objects.owned_by(request.user)
    wanted = parse_ids(params.getlist("contact"))
    if wanted:
        count = len(set(wanted))
        people = mine.filter(pk__in=wanted[: letters.MAX_PEOPLE + 1])
    else:
        form = PeopleFilterForm(params)
        filters = form.filters() if form.is_valid() else {}
        if not filters:
            return [], 0
        people = mine.filter_by(filters, Preferences.for_user(request.user))
        ids = list(people.sorted_by("name").values_list("pk", flat=True)[: letters.MAX_PEOPLE + 1])
        count = len(ids) if len(ids) <= letters.MAX_PEOPLE else people.count()
        people = mine.filter(pk__in=ids)
    if count > letters.MAX_PEOPLE:
        return [], count
    return list(people.only(*WRITE_FIELDS).sorted_by("name")), count


def _previews(form, people) -> list[dict]:
    """Each person with their message, the fields it lacks for them, and whether "I wrote to
    them" counts them (ticked: by default everyone with a profile to write to)."""
    message = form.cleaned_data.get("message") if form.is_bound else form.initial["message"]
    if message is None or (form.is_bound and "message" in form.errors):
        message = None
    ticked = None
    if form.is_bound and form.data.get("wrote_shown"):
        ticked = set(parse_ids(form.data.getlist("wrote")))
    return [
        {
            "person": person,
            "text": None if message is None else letters.fill_in(message, person),
            "missing": [] if message is None else letters.missing_fields(message, person),
            "ticked": bool(person.profile_url) if ticked is None else person.pk in ticked,
        }
        for person in people
    ]


def _write_context(request, form, people, count, back):
    return {
        "form": form,
        "people": people,
        "count": count,
        "too_many": batch_too_big(count) if count > letters.MAX_PEOPLE else "",
        "max_people": letters.MAX_PEOPLE,
        "previews": _previews(form, people),
        "without_profile": sum(1 for person in people if not person.profile_url),
        "back": back,
    }


@require_http_methods(["GET", "POST"])
def write(request):
    """ "Write to these": a message with fields, a preview per person with one click to copy it
    and open their profile (netcoach sends nothing), then "I wrote to them" logs it on each
    timeline, all or nothing, with an Undo."""
    params = request.POST if request.method == "POST" else request.GET
    back = _write_back(request, params)
    people, count = _write_batch(request, params)
    if request.method == "GET":
        # Translators: keep {first_name} as it is: it is replaced by each person's first name.
        form = WriteForm(owner=request.user, initial={"message": _("Hello {first_name},\n\n")})
        return render(
            request, "contacts/write.html", _write_context(request, form, people, count, back)
        )
    form = WriteForm(request.POST, owner=request.user)
    if not form.is_valid():
        context = _write_context(request, form, people, count, back)
        return render_invalid(request, "contacts/write.html", context, partial="write-previews")
    if request.POST.get("action") != "wrote":
        context = _write_context(request, form, people, count, back)
        return render_page(request, "contacts/write.html", context, partial="write-previews")
    message = form.cleaned_data["message"]
    wrote = form.cleaned_data["wrote"]
    interactions = Contact.record_messages(
        request.user, [(person, letters.fill_in(message, person)) for person in wrote]
    )
    said, undone = _written_words(wrote)
    token = undo.offer(request, created=interactions, undone=undone)
    return done(request, back, message=said, undo=token)


def _written_words(people) -> tuple[str, str]:
    """What "I wrote to them" says it did, and what its Undo says: by name for one person."""
    if len(people) == 1:
        words = {"name": people[0]}
        return (
            _(
                "Logged: your message to %(name)s, on their timeline. It counts as an exchange "
                "once they answer."
            )
            % words,
            _("Undone: the message to %(name)s is no longer logged.") % words,
        )
    words = {"n": number(len(people))}
    said = ngettext(
        "Logged: your message to %(n)s person, on their timeline.",
        "Logged: your message to %(n)s people, on each timeline. Each counts as an exchange once "
        "they answer.",
        len(people),
    )
    undone = ngettext(
        "Undone: the message to %(n)s person is no longer logged.",
        "Undone: the messages to %(n)s people are no longer logged.",
        len(people),
    )
    return said % words, undone % words


# -- "Talk online, never met": meet in real life the people you already talk to ---------------

MEET_PAGE_SIZE = 25


def _meet_context(request) -> dict:
    prefs = Preferences.for_user(request.user)
    people = Contact.objects.owned_by(request.user).talking_never_met(prefs)
    page = Paginator(people.values_list("pk", flat=True), MEET_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = Contact.objects.in_order_with_last_real_interaction(list(page.object_list))
    return {"page": page, "rows": rows, "prefs": prefs}


def meet(request):
    """The people to meet in person: a real exchange in the last `warm_days` days, never met,
    best score first, each with a coffee proposal to copy and "We met"."""
    return render_page(request, "contacts/meet.html", _meet_context(request), partial="meet-list")


@require_POST
def meet_met(request, pk):
    """ "We met": logs a meeting in person today; they leave the list. With an Undo."""
    contact = _owned_contact(request, pk)
    interactions = Contact.log_meeting(request.user, [contact], kind=Interaction.Kind.MET)
    words = {"name": contact}
    token = undo.offer(
        request,
        created=interactions,
        undone=_("Undone: the meeting with %(name)s is no longer logged.") % words,
    )
    return done(
        request,
        "contacts:meet",
        message=_("Logged: you met %(name)s today. Add notes on their page while you remember.")
        % words,
        undo=token,
        htmx=lambda: render(request, "contacts/meet.html#meet-list", _meet_context(request)),
    )


def _company_mark_context(request, company, kind, *, clicked="", form=None, next_url=""):
    return {
        "company": company,
        "mark": kind,
        "mark_label": CompanyMark.Kind(kind).label if kind else "",
        "kinds": CompanyMark.Kind.choices,
        "clicked": clicked,
        "form": form,
        "next": next_url or request.get_full_path(),
    }


@require_POST
def company_mark(request):
    """Marks a company as client, target, competitor or partner, or removes its mark: htmx
    swaps the buttons (the mark's badge in them), a plain form goes back where it was."""
    form = CompanyMarkForm(request.POST)
    next_url = local_url(request, request.POST.get("next", ""), reverse("contacts:companies"))
    if not form.is_valid():
        if request.htmx:
            context = _company_mark_context(
                request, request.POST.get("company", ""), "", form=form, next_url=next_url
            )
            return render(request, "contacts/includes/company_mark.html", context, status=INVALID)
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return HttpResponseRedirect(next_url)
    company = form.cleaned_data["company"]
    mark = CompanyMark.mark(request.user, company, form.cleaned_data["kind"])
    if mark is None:
        message = _("%(company)s: no mark any more.") % {"company": company}
    else:
        message = _("%(company)s: marked as %(mark)s.") % {
            "company": company,
            "mark": mark.get_kind_display().lower(),
        }
    if request.htmx:
        context = _company_mark_context(
            request,
            company,
            mark.kind if mark else "",
            clicked=form.clicked,
            next_url=next_url,
        )
        context["announce"] = message
        return render(request, "contacts/includes/company_mark.html", context)
    messages.success(request, message)
    return HttpResponseRedirect(next_url)
