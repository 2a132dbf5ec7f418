"""The Import page: upload a LinkedIn export, see what it changed, the history of imports."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contacts.models import Contact, ImportRun, JobChange, Review
from invitations.models import Invitation
from netcoach.forms import ImportForm
from netcoach.http import INVALID, render_page
from netcoach.linkedin import notices
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.sample import build_sample_export

SAMPLE_SIZE = {"connections": 500, "messages": 2000, "invitations": 200}


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
                max_upload_bytes=settings.NETCOACH_MAX_UPLOAD_BYTES,
            )
        except ExportError as err:
            form.add_error("archive", str(err))
        else:
            if request.htmx:
                return render(request, "netcoach/import.html#importer", _run_context(run, form))
            return redirect("import_run", run.pk)
    context = {"form": form, "runs": ImportRun.objects.linkedin().filter(owner=request.user)[:20]}
    status = INVALID if form.errors else 200
    return render_page(request, "netcoach/import.html", context, partial="importer", status=status)


def import_run(request, pk):
    run = get_object_or_404(ImportRun.objects.linkedin(), pk=pk, owner=request.user)
    return render(request, "netcoach/import.html", _run_context(run, ImportForm()))


@require_POST
def import_sample(request):
    """Imports a ~500-connection synthetic export, for trying netcoach without one's own data."""
    run = import_file(build_sample_export(**SAMPLE_SIZE), "netcoach-sample.zip", request.user)
    messages.success(request, _("Sample data imported: a made-up network to explore."))
    return redirect("import_run", run.pk)


def _run_context(run, form):
    owner = run.owner
    to_triage = Invitation.objects.filter(owner=owner).to_triage().count()
    return {
        "run": notices.shown(run),  # its error, warnings and notes in the reader's language
        "form": form,
        "job_changes": JobChange.objects.filter(import_run=run).select_related("contact")[:50],
        "runs": ImportRun.objects.linkedin().filter(owner=owner)[:20],
        # What to do next, in the order a first week goes: triage, place people, review.
        "to_triage_count": to_triage,
        "anyone_placed": Contact.objects.filter(owner=owner, layer__isnull=False).exists(),
        "reviewed_before": Review.objects.filter(owner=owner).exists(),
    }
