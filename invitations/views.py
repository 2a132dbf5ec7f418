from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.forms import ProfileUrlForm
from contacts.models import Contact, Preferences
from contacts.views import render_person
from invitations import answers
from invitations.forms import (
    BulkForm,
    ConcludeForm,
    CriterionForm,
    DecideForm,
    HeadlineForm,
    MoveForm,
    PresetForm,
    RecordForm,
    ReplyTemplateForm,
    RuleForm,
    WithdrawForm,
    in_a_week,
)
from invitations.models import (
    AT_RISK_SHOWN,
    PRESETS,
    SENT_FILTERS,
    AcceptanceRule,
    Criterion,
    Decision,
    Invitation,
    ReplyTemplate,
)
from netcoach import undo as undoable
from netcoach.http import INVALID, done, render_page
from netcoach.ids import parse_id

SENT_SHOWN = 200
# Below this many invitations, the acceptance test says a rate may be chance.
FEW_FOR_A_RATE = 10
INVITATION_MANAGER = "https://www.linkedin.com/mynetwork/invitation-manager/"


def owned(request):
    return Invitation.objects.filter(owner=request.user)


def page_number(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def queue_context(request, *, pos=0, last=None, form=None, headline_form=None, rule=None):
    """The queue with one invitation in focus, its signals and the rule, in a fixed few queries."""
    rule = rule or AcceptanceRule.for_user(request.user)
    criteria = list(rule.criteria())
    counts = owned(request).dashboard_counts()
    left = counts["to_triage"]
    pos = min(pos, max(left - 1, 0))
    invitation = owned(request).to_triage()[pos : pos + 1].first() if left else None
    signals = invitation.signals(rule) if invitation else None
    auto = signals.ticks(criteria) if signals else []
    if invitation is not None and form is None:
        form = DecideForm(
            owner=request.user,
            initial={
                "later_until": in_a_week(),
                "pos": pos,
                "criteria": initial_ticks(invitation, criteria, auto),
            },
        )
    checked = {str(pk) for pk in form["criteria"].value() or []} if form else set()
    suggestion = rule.suggest(len(checked), invitation.has_note if invitation else True)
    draft = ""
    if last is not None and last.decision == Decision.TALK_FIRST:
        draft = last.reply_draft(ReplyTemplate.for_user(request.user)[0])
    return {
        "rule": rule,
        "criteria": criteria,
        "counts": counts,
        "to_triage_count": left,
        "left": left,
        "pos": pos,
        "invitation": invitation,
        "signals": signals,
        "auto_ticked": {str(c.pk) for c in auto},
        "form": form,
        "headline_form": headline_form
        or (HeadlineForm(instance=invitation) if invitation else None),
        "checked": checked,
        "met": len(checked),
        "suggestion": suggestion,
        "suggestion_label": Decision(suggestion).label,
        "rule_description": rule.describe(len(criteria)),
        "last": last,
        "draft": draft,
    }


def initial_ticks(invitation, criteria, auto) -> list[int]:
    """The criteria ticked when an invitation comes up: what netcoach sees (`auto`), or, for one
    back from "later", what the user ticked then."""
    if invitation.decided_at is not None:
        return [c.pk for c in criteria if c.name in invitation.criteria_met]
    return [c.pk for c in auto]


def render_queue(request, context, status=200):
    return render_page(request, "invitations/triage.html", context, partial="queue", status=status)


@require_GET
def triage(request):
    last = None
    if request.GET.get("last"):
        last = owned(request).filter(pk=page_number(request.GET["last"])).first()
    context = queue_context(request, pos=page_number(request.GET.get("pos")), last=last)
    return render_queue(request, context)


@require_POST
def decide(request, pk):
    invitation = get_object_or_404(owned(request).incoming().pending(), pk=pk)
    form = DecideForm(request.POST, owner=request.user)
    pos = page_number(request.POST.get("pos"))
    if not form.is_valid():
        context = queue_context(request, pos=pos, form=form)
        return render_queue(request, context, status=INVALID)
    data = form.cleaned_data
    rule = AcceptanceRule.for_user(request.user)
    invitation.decide(
        data["decision"],
        rule=rule,
        criteria_met=[c.name for c in data["criteria"]],
        reason=data["reason"],
        later_until=data["later_until"],
        auto_ticked=[c.name for c in data["auto_ticked"]],
    )
    if request.htmx:
        return render_queue(request, queue_context(request, pos=pos, last=invitation, rule=rule))
    return redirect(f"{reverse('invitations:triage')}?pos={pos}&last={invitation.pk}")


@require_POST
def undo(request):
    invitation = owned(request).last_decided()
    if invitation is None:
        messages.info(request, _("Nothing to undo."))
        return redirect("invitations:triage")
    invitation.undo_decision()
    pos = owned(request).to_triage().position_of(invitation)
    if request.htmx:
        return render_queue(request, queue_context(request, pos=pos))
    return redirect(f"{reverse('invitations:triage')}?pos={pos}")


@require_POST
def headline(request, pk):
    invitation = get_object_or_404(owned(request).incoming(), pk=pk)
    form = HeadlineForm(request.POST, instance=invitation)
    pos = page_number(request.POST.get("pos"))
    if not form.is_valid():
        return render_queue(request, queue_context(request, pos=pos, headline_form=form), 422)
    form.save()
    if request.htmx:
        return render_queue(request, queue_context(request, pos=pos))
    return redirect(f"{reverse('invitations:triage')}?pos={pos}")


@require_http_methods(["GET", "POST"])
def bulk(request):
    queue = owned(request).to_triage()
    form = BulkForm(request.POST or None, queue=queue)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = data["invitations"].decide_all(
            data["decision"],
            rule=AcceptanceRule.for_user(request.user),
            reason=data["reason"],
            later_until=data["later_until"],
        )
        label = dict(BulkForm.DECISIONS)[data["decision"]]
        messages.success(
            request,
            ngettext(
                "%(decision)s: %(count)s invitation.", "%(decision)s: %(count)s invitations.", done
            )
            % {"decision": label, "count": done},
        )
        return redirect("invitations:bulk")
    selected = {str(pk) for pk in form["invitations"].value() or []}
    if request.method == "GET":
        selected = set(request.GET.getlist("select"))
    invitations = list(queue.with_prescriber()[:200])
    context = {
        "form": form,
        "invitations": invitations,
        "selected": selected,
        "counts": owned(request).dashboard_counts(),
        "later_default": in_a_week(),
    }
    context["to_triage_count"] = context["counts"]["to_triage"]
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "invitations/bulk.html", context, status=status)


def talk_first_settled(user):
    """The user's talk-first invitations, each with its `answer` (answers.TalkFirstAnswer), and
    the number of days of silence that settles one: a fixed few queries."""
    wait_days = Preferences.for_user(user).talk_first_days
    invitations = list(
        Invitation.objects.filter(owner=user)
        .talk_first_waiting()
        .with_prescriber()
        .order_by("decided_at", "pk")
    )
    answers.settle_talk_first(invitations, wait_days=wait_days)
    return invitations, wait_days


@require_GET
def talk_first(request):
    templates = ReplyTemplate.for_user(request.user)
    invitations, wait_days = talk_first_settled(request.user)
    for invitation in invitations:
        invitation.draft = invitation.reply_draft(templates[0])
    counts = owned(request).dashboard_counts()
    return render(
        request,
        "invitations/talk_first.html",
        {
            "invitations": invitations,
            "groups": answers.talk_first_groups(invitations),
            "wait_days": wait_days,
            "templates": templates,
            "counts": counts,
            "to_triage_count": counts["to_triage"],
        },
    )


@require_POST
def conclude(request, pk):
    """Accepts or ignores a talk-first invitation; from a person's page (`back`, their id), back
    there."""
    invitation = get_object_or_404(owned(request).talk_first_waiting(), pk=pk)
    form = ConcludeForm(request.POST)
    back = "invitations:talk_first"
    person = Contact.objects.owned_by(request.user).filter(pk=parse_id(request.POST.get("back")))
    if request.POST.get("back") and person.exists():
        back = reverse("contacts:person", args=[parse_id(request.POST["back"])])
    if not form.is_valid():
        messages.error(request, _("Choose Accept or Ignore."))
        return redirect(back)
    invitation.conclude_talk_first(
        form.cleaned_data["decision"], rule=AcceptanceRule.for_user(request.user)
    )
    messages.success(
        request,
        _("%(decision)s: %(name)s.")
        % {"decision": invitation.get_decision_display(), "name": invitation.name},
    )
    return redirect(back)


@require_GET
def todo(request):
    pending = list(
        owned(request).decided_not_applied().with_prescriber().order_by("decided_at", "pk")
    )
    return render_todo(request, pending)


def render_todo(request, pending):
    counts = owned(request).dashboard_counts()
    context = {
        "accepts": [i for i in pending if i.decision == Decision.ACCEPT],
        "ignores": [i for i in pending if i.decision == Decision.IGNORE],
        "manager_url": INVITATION_MANAGER,
        "counts": counts,
        "to_triage_count": counts["to_triage"],
    }
    template = "invitations/todo.html#todo-lists" if request.htmx else "invitations/todo.html"
    return render(request, template, context)


@require_POST
def applied(request, pk):
    invitation = get_object_or_404(owned(request).decided_not_applied(), pk=pk)
    invitation.mark_applied()
    if request.htmx:
        return render_todo(
            request,
            list(
                owned(request).decided_not_applied().with_prescriber().order_by("decided_at", "pk")
            ),
        )
    messages.success(request, _("Ticked off: %(name)s.") % {"name": invitation.name})
    return redirect("invitations:todo")


@require_GET
def sent(request):
    return render_sent(
        request,
        RecordForm(initial={"direction": Invitation.Direction.OUTGOING}),
        show=request.GET.get("show"),
    )


def render_sent(request, record_form, status=200, *, show=None, withdraw_form=None):
    """The sent tracker, filtered by `show` (pending by default: the Sent tab's number)."""
    show = show if show in SENT_FILTERS else "pending"
    prefs = Preferences.for_user(request.user)
    stale_days = prefs.stale_invitation_days
    invitations = list(
        owned(request)
        .sent_list(show, stale_days)
        .with_stale_flag(stale_days)
        .order_by("-sent_at", "-pk")[:SENT_SHOWN]
    )
    counts = owned(request).dashboard_counts(stale_days=stale_days)
    sent_counts = owned(request).sent_counts(stale_days)
    rates = owned(request).acceptance_rates(stale_days)
    context = {
        "at_risk": list(owned(request).at_risk()[:AT_RISK_SHOWN]),
        "at_risk_count": counts["sent_at_risk"],
        "risk_threshold": prefs.restriction_risk_threshold,
        "rates": rates,
        "rates_total": sum(rate.sent for rate in rates if rate.key in ("note", "no_note")),
        "rates_few": any(0 < rate.sent < FEW_FOR_A_RATE for rate in rates),
        "invitations": invitations,
        "show": show,
        "filters": [(key, label, sent_counts[key]) for key, label in SENT_FILTERS.items()],
        "shown_of": sent_counts[show],
        "withdrawable": any(i.status == Invitation.Status.PENDING for i in invitations),
        "withdraw_form": withdraw_form,
        "selected": {str(pk) for pk in withdraw_form["invitations"].value() or []}
        if withdraw_form
        else set(),
        "personalised_share": sent_counts["personalised_share"],
        "sent_total": sent_counts["all"],
        "pending_count": counts["sent_pending"],
        "stale_count": counts["sent_stale"],
        "stale_days": stale_days,
        "record_form": record_form,
        "counts": counts,
        "to_triage_count": counts["to_triage"],
        "sent_manager_url": f"{INVITATION_MANAGER}sent/",
    }
    return render(request, "invitations/sent.html", context, status=status)


@require_POST
def withdrawn(request, pk):
    invitation = get_object_or_404(owned(request).outgoing().pending(), pk=pk)
    change = undoable.before(invitation, "status")
    invitation.mark_withdrawn()
    token = undoable.offer(
        request,
        changed=[change],
        undone=_("Undone: your invitation to %(name)s is pending again.")
        % {"name": invitation.name},
    )
    return done(
        request,
        "invitations:sent",
        message=_("Recorded: you withdrew your invitation to %(name)s.")
        % {"name": invitation.name},
        undo=token,
    )


@require_POST
def withdrawn_selected(request):
    """Several sent invitations withdrawn on LinkedIn, recorded in one go."""
    form = WithdrawForm(request.POST, sent=owned(request).outgoing())
    if not form.is_valid():
        record_form = RecordForm(initial={"direction": Invitation.Direction.OUTGOING})
        show = request.POST.get("show")
        return render_sent(request, record_form, INVALID, show=show, withdraw_form=form)
    selected = form.cleaned_data["invitations"]
    pending = [i for i in selected if i.status == Invitation.Status.PENDING]
    changes = [undoable.before(invitation, "status") for invitation in pending]
    count = selected.mark_all_withdrawn()
    show = form.cleaned_data["show"] or "pending"
    back = f"{reverse('invitations:sent')}?show={show}"
    if not count:
        messages.info(
            request, _("Those invitations were already recorded as answered or withdrawn.")
        )
        return redirect(back)
    names = names_in_words([i.name for i in pending])
    token = undoable.offer(
        request,
        changed=changes,
        undone=ngettext(
            "Undone: %(names)s is pending again.", "Undone: %(names)s are pending again.", count
        )
        % {"names": names},
    )
    return done(
        request,
        back,
        message=ngettext(
            "Recorded: you withdrew %(count)s invitation (%(names)s).",
            "Recorded: you withdrew %(count)s invitations (%(names)s).",
            count,
        )
        % {"count": count, "names": names},
        undo=token,
    )


def names_in_words(names, shown=3) -> str:
    """ "Ada, Grace and Linus", or "Ada, Grace, Linus and 2 more"."""
    if len(names) > shown:
        more = len(names) - shown
        return ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
            "names": ", ".join(names[:shown]),
            "count": more,
        }
    if len(names) > 1:
        return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return "".join(names)


@require_http_methods(["GET", "POST"])
def record(request):
    """An invitation sent or received outside an import, entered by hand."""
    initial = {"direction": request.GET.get("direction", Invitation.Direction.INCOMING)}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sent_on = data.pop("sent_on")
        without_note = "without_note" in request.POST
        if without_note:
            data["message"] = ""
        invitation = Invitation.entered_by_hand(request.user, **data)
        if not without_note and invitation.adds_to_risk():
            return render_risky_record(request, form, invitation)
        invitation.save_by_hand(sent_on)
        messages.success(
            request, _("Recorded your invitation with %(name)s.") % {"name": invitation.name}
        )
        if invitation.direction == Invitation.Direction.OUTGOING:
            return redirect("invitations:sent")
        return redirect("invitations:triage")
    status = 422 if form.is_bound else 200
    return render(request, "invitations/record.html", {"form": form}, status=status)


def render_risky_record(request, form, entered):
    """The record form again before a sent invitation that would add to the restriction risk
    is recorded: the risk as it stands, and a personal note to send instead."""
    contact = entered.contact
    draft = Invitation.draft_for(contact) if contact else Invitation.stranger_draft(entered)
    data = form.data.copy()
    data["message"] = draft
    context = {
        "form": RecordForm(data, initial=form.initial),
        "risk": {
            "name": entered.name,
            "contact": contact,
            "count": owned(request).at_risk().count(),
            "threshold": Preferences.for_user(request.user).restriction_risk_threshold,
        },
    }
    return render(request, "invitations/record.html", context)


# The acceptance-rule page.


def rule_context(request, **forms):
    rule = AcceptanceRule.for_user(request.user)
    criteria = list(rule.criteria())
    context = {
        "rule": rule,
        "criteria": criteria,
        "presets": PRESETS,
        "rule_description": rule.describe(len(criteria)),
        "counts": owned(request).dashboard_counts(),
        "rule_form": RuleForm(instance=rule, criteria_count=len(criteria)),
        "criterion_forms": [(c, CriterionForm(instance=c, prefix=f"c{c.pk}")) for c in criteria],
        "new_criterion_form": CriterionForm(prefix="new"),
        "templates": [
            (t, ReplyTemplateForm(instance=t, prefix=f"t{t.pk}"))
            for t in ReplyTemplate.for_user(request.user)
        ],
        "new_template_form": ReplyTemplateForm(prefix="newt"),
    }
    context.update(forms)
    if "criterion_form" in forms:
        bad = forms["criterion_form"]
        context["criterion_forms"] = [
            (c, bad if c.pk == bad.instance.pk else f) for c, f in context["criterion_forms"]
        ]
    if "template_form" in forms:
        bad = forms["template_form"]
        context["templates"] = [
            (t, bad if t.pk == bad.instance.pk else f) for t, f in context["templates"]
        ]
    return context


def render_rule(request, status=200, **forms):
    return render(request, "invitations/rule.html", rule_context(request, **forms), status=status)


@require_http_methods(["GET", "POST"])
def rule(request):
    if request.method == "GET":
        return render_rule(request)
    acceptance_rule = AcceptanceRule.for_user(request.user)
    form = RuleForm(
        request.POST, instance=acceptance_rule, criteria_count=acceptance_rule.criteria().count()
    )
    if not form.is_valid():
        return render_rule(request, 422, rule_form=form)
    form.save()
    messages.success(request, _("Rule saved."))
    return redirect("invitations:rule")


@require_POST
def preset(request):
    form = PresetForm(request.POST)
    if not form.is_valid():
        raise Http404("No such preset")
    AcceptanceRule.for_user(request.user).apply_preset(form.cleaned_data["preset"])
    messages.success(
        request,
        _("Started from the %(preset)s preset.")
        % {"preset": PRESETS[form.cleaned_data["preset"]].label},
    )
    return redirect("invitations:rule")


@require_POST
def criterion_add(request):
    form = CriterionForm(request.POST, prefix="new")
    if not form.is_valid():
        return render_rule(request, 422, new_criterion_form=form)
    AcceptanceRule.for_user(request.user).add_criterion(**form.cleaned_data)
    return redirect("invitations:rule")


@require_POST
def criterion_edit(request, pk):
    criterion = get_object_or_404(Criterion.objects.filter(owner=request.user), pk=pk)
    form = CriterionForm(request.POST, instance=criterion, prefix=f"c{criterion.pk}")
    if not form.is_valid():
        return render_rule(request, 422, criterion_form=form)
    form.save()
    messages.success(request, _("Saved “%(name)s”.") % {"name": criterion.name})
    return redirect("invitations:rule")


@require_POST
def criterion_move(request, pk):
    criterion = get_object_or_404(Criterion.objects.filter(owner=request.user), pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        AcceptanceRule.for_user(request.user).move_criterion(criterion, form.cleaned_data["offset"])
    return redirect("invitations:rule")


@require_POST
def criterion_delete(request, pk):
    criterion = get_object_or_404(Criterion.objects.filter(owner=request.user), pk=pk)
    AcceptanceRule.for_user(request.user).remove_criterion(criterion)
    messages.success(request, _("Removed “%(name)s”.") % {"name": criterion.name})
    return redirect("invitations:rule")


@require_POST
def template_add(request):
    form = ReplyTemplateForm(request.POST, prefix="newt")
    if not form.is_valid():
        return render_rule(request, 422, new_template_form=form)
    template = form.save(commit=False)
    template.owner = request.user
    template.position = ReplyTemplate.objects.filter(owner=request.user).count()
    template.save()
    return redirect(f"{reverse('invitations:rule')}#templates")


@require_POST
def template_edit(request, pk):
    template = get_object_or_404(ReplyTemplate.objects.filter(owner=request.user), pk=pk)
    form = ReplyTemplateForm(request.POST, instance=template, prefix=f"t{template.pk}")
    if not form.is_valid():
        return render_rule(request, 422, template_form=form)
    form.save()
    messages.success(request, _("Saved the template “%(name)s”.") % {"name": template.name})
    return redirect(f"{reverse('invitations:rule')}#templates")


@require_POST
def template_delete(request, pk):
    template = get_object_or_404(ReplyTemplate.objects.filter(owner=request.user), pk=pk)
    template.delete()
    return redirect(f"{reverse('invitations:rule')}#templates")


@require_http_methods(["GET", "POST"])
def person_invitation(request, pk):
    """On a person's page: GET drafts a personal invitation; POST records it as sent by hand."""
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        message = request.POST.get("message", "")
        without_note = "without_note" in request.POST
        entered = Invitation(
            owner=request.user,
            direction=Invitation.Direction.OUTGOING,
            message="" if without_note else message,
            contact=contact,
        )
        if not without_note and entered.adds_to_risk():
            return render_draft(
                request,
                contact,
                message=Invitation.draft_for(contact),
                risk_count=owned(request).at_risk().count(),
                risk_threshold=Preferences.for_user(request.user).restriction_risk_threshold,
            )
        invitation = Invitation.record_sent_to(contact, entered.message)
        return done(
            request,
            contact,
            message=_("Recorded as a sent invitation."),
            htmx=lambda: render_person(request, contact, "invite", sent_invitation=invitation),
        )
    return render_draft(request, contact)


def render_draft(request, contact, *, status=200, message=None, profile_form=None, **extra):
    """The person page's invitation draft (`message` when the user already edited it); for
    someone without a profile address, a LinkedIn search for their name and a field for it."""
    return render_person(
        request,
        contact,
        "invite",
        status=status,
        draft=message if message is not None else Invitation.draft_for(contact),
        search_url="" if contact.profile_url else Invitation.people_search_url(contact),
        profile_form=profile_form or ProfileUrlForm(contact=contact),
        **extra,
    )


@require_POST
def person_profile(request, pk):
    """From the draft: the profile address the user found on LinkedIn, saved on the person."""
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = ProfileUrlForm(request.POST, contact=contact)
    # htmx sends the draft along (hx-include) so that the user's edits survive the swap.
    message = request.POST.get("message")
    if not form.is_valid():
        return render_draft(request, contact, status=INVALID, message=message, profile_form=form)
    contact.set_profile_url(form.cleaned_data["profile_url"])
    return done(
        request,
        "invitations:person_invitation",
        contact.pk,
        message=_("Saved the LinkedIn profile of %(name)s.") % {"name": contact},
        htmx=lambda: render_draft(request, contact, message=message, profile_saved=True),
    )
