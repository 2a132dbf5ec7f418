from django.conf import settings as django_settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from contacts.forms import ImportForm, PreferencesForm
from contacts.linkedin.apply import import_file
from contacts.linkedin.read import ExportError
from contacts.linkedin.sample import build_sample_export
from contacts.models import Contact, ImportRun, Interaction, JobChange, Preferences
from invitations.models import Invitation

SAMPLE_SIZE = {"connections": 500, "messages": 2000, "invitations": 200}


def dashboard(request):
    counts = {
        "contacts": Contact.objects.owned_by(request.user).count(),
        "interactions": Interaction.objects.filter(owner=request.user).count(),
        "pending_invitations": Invitation.objects.filter(owner=request.user).to_triage().count(),
    }
    return render(request, "contacts/dashboard.html", {"counts": counts})


@require_http_methods(["GET", "POST"])
def settings(request):
    """The settings hub: the relationship model's numbers, and links to the other settings."""
    prefs = Preferences.for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("contacts:settings")
    return render(request, "contacts/settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_export(request):
    """The Import page: upload an export, see what it changed, and the history of imports."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            run = import_file(
                upload,
                upload.name,
                request.user,
                max_upload_bytes=django_settings.NETCOACH_MAX_UPLOAD_BYTES,
            )
        except ExportError as err:
            form.add_error("archive", str(err))
        else:
            if request.htmx:
                return render(request, "contacts/import.html#importer", _run_context(run, form))
            return redirect("contacts:import_run", run.pk)
    context = {"form": form, "runs": ImportRun.objects.filter(owner=request.user)[:20]}
    # htmx swaps only 2xx answers: the fragment with the error must come back as 200.
    status = 400 if form.errors and not request.htmx else 200
    template = "contacts/import.html#importer" if request.htmx else "contacts/import.html"
    return render(request, template, context, status=status)


def import_run(request, pk):
    run = get_object_or_404(ImportRun, pk=pk, owner=request.user)
    return render(request, "contacts/import.html", _run_context(run, ImportForm()))


@require_POST
def import_sample(request):
    """Imports a ~500-connection synthetic export, for trying netcoach without one's own data."""
    run = import_file(build_sample_export(**SAMPLE_SIZE), "netcoach-sample.zip", request.user)
    messages.success(request, "Sample data imported: a made-up network to explore.")
    return redirect("contacts:import_run", run.pk)


def _run_context(run, form):
    return {
        "run": run,
        "form": form,
        "job_changes": JobChange.objects.filter(import_run=run).select_related("contact")[:50],
        "runs": ImportRun.objects.filter(owner=run.owner)[:20],
    }
