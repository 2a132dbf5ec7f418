"""Your data: backups, "Export everything", importing such an export, "Delete all my data"."""

import tempfile

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from netcoach import backups, portability
from netcoach.forms import DeleteAllDataForm, ImportNetcoachExportForm
from netcoach.http import done, render_invalid


def data_settings(request):
    """Backups, "Export everything", importing an export, and "Delete all my data"."""
    return render(request, "netcoach/data_settings.html", _data_context(request.user))


@require_POST
def backup_now(request):
    path = backups.snapshot("manual")
    if request.htmx:
        context = {"backups": backups.list_backups(), "just_taken": path.name}
        return render(request, "netcoach/data_settings.html#backups", context)
    messages.success(request, f"Backed up: {path.name}.")
    return redirect("data_settings")


@require_GET
def export_everything(request):
    # Spooled: a large network's ZIP goes to a temporary file rather than staying in memory.
    # FileResponse closes it once sent.
    file = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    portability.write_export(request.user, file)
    file.seek(0)
    name = f"netcoach-export-{request.user.get_username()}-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(file, as_attachment=True, filename=name, content_type="application/zip")


@require_POST
def import_netcoach_export(request):
    form = ImportNetcoachExportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            created = portability.import_export(request.user, form.cleaned_data["file"])
        except portability.DataFileError as error:
            form.add_error("file", str(error))
        else:
            rows = sum(created.values())
            return done(request, "data_settings", message=f"Imported {rows:,} rows of your data.")
    context = _data_context(request.user, import_form=form)
    return render_invalid(request, "netcoach/data_settings.html", context, partial="import-form")


@require_POST
def delete_all_data(request):
    form = DeleteAllDataForm(request.POST)
    if form.is_valid():
        deleted = portability.delete_all_data(request.user)
        rows = sum(deleted.values())
        return done(request, "data_settings", message=f"Deleted all your data ({rows:,} rows).")
    context = _data_context(request.user, delete_form=form)
    return render_invalid(request, "netcoach/data_settings.html", context, partial="delete-form")


def _data_context(user, **forms):
    holdings = portability.inventory(user)
    return {
        "backups": backups.list_backups(),
        "keep": {kind.replace("-", "_"): n for kind, n in backups.KEEP.items()},
        "backups_dir": backups.backups_dir(),
        "holdings": holdings,
        "has_data": any(h.count for h in holdings if not h.is_setting),
        "import_form": forms.get("import_form") or ImportNetcoachExportForm(),
        "delete_form": forms.get("delete_form") or DeleteAllDataForm(),
    }
