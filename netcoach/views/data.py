"""Your data: backups, "Export everything", importing such an export, "Delete all my data"."""

import tempfile

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.address_book.views import forget_pending
from netcoach import backups, portability
from netcoach.formats import localized
from netcoach.forms import DeleteAllDataForm, ImportNetcoachExportForm
from netcoach.http import done, render_invalid


def data_settings(request):
    """Backups, "Export everything", importing an export, and "Delete all my data"."""
    return render(request, "netcoach/data_settings.html", _data_context(request.user))


@require_POST
def backup_now(request):
    """The owner's snapshot of the whole database, taken now."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only the owner of this netcoach takes backups of it."))
    path = backups.snapshot("manual")
    if request.htmx:
        context = {
            "backups": backups.listed(),
            "just_taken": path.name,
            "is_owner": request.user.is_superuser,
        }
        return render(request, "netcoach/data_settings.html#backups", context)
    messages.success(request, _("Backed up: %(name)s.") % {"name": path.name})
    return redirect("data_settings")


@require_http_methods(["GET", "POST"])
def backup_restore(request, name):
    """The owner's restore of a listed snapshot: GET says what happens, POST does it."""
    backup = _owners_backup(request, name)
    if request.method == "GET":
        return render(request, "netcoach/backup_restore.html", {"backup": backup})
    before = request.user
    try:
        restored = backups.restore(backup.path, by=before)
    except backups.BackupError as error:
        context = {"backup": backup, "error": str(error)}
        return render(request, "netcoach/backup_restore.html", context, status=422)
    kept = _when(backups.taken_at(restored.pre_restore))
    if restored.account:
        message = _(
            "Restored %(account)s's data as it was on %(when)s; the other accounts are as they "
            "were. %(account)s's data as it was just before is the pre-restore snapshot of "
            "%(kept)s: restore it to undo this."
        ) % {"account": restored.account, "when": _when(backup.taken_at), "kept": kept}
    else:
        # The snapshot's sessions replaced ours: the session gets a new row in the restored
        # database, and the owner is signed in again with their account as restored
        # (check_restorable made sure it is there).
        request.session.cycle_key()
        owner = get_user_model()._base_manager.get(pk=before.pk)
        login(request, owner)
        words = {"when": _when(backup.taken_at), "kept": kept}
        if owner.password != before.password:
            message = _(
                "Restored the database as it was on %(when)s. The database as it was just before "
                "is the pre-restore snapshot of %(kept)s: restore it to undo this. Your password "
                "is the one you had then."
            )
        else:
            message = _(
                "Restored the database as it was on %(when)s. The database as it was just before "
                "is the pre-restore snapshot of %(kept)s: restore it to undo this."
            )
        message %= words
    messages.success(request, message)
    return redirect("data_settings")


@require_GET
def backup_download(request, name):
    backup = _owners_backup(request, name)
    return FileResponse(
        backup.path.open("rb"),
        as_attachment=True,
        filename=backup.name,
        content_type="application/vnd.sqlite3",
    )


def _owners_backup(request, name) -> backups.Backup:
    """The listed snapshot called `name`, for the install's owner only: snapshots hold every
    account's data, or another account's (docs/user-guide.md, "Your data")."""
    if not request.user.is_superuser:
        raise PermissionDenied(
            _("Only the owner of this netcoach can restore or download backups.")
        )
    backup = backups.find(name)
    if backup is None:
        raise Http404(_("No such backup."))
    return backup


def _when(moment) -> str:
    return localized(timezone.localtime(moment), "WEEKDAY_DATETIME_FORMAT")


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
            words = {"rows": number_format(rows, force_grouping=True)}
            if backups.automatic_backups_enabled():
                message = (
                    ngettext(
                        "Imported %(rows)s row of your data. Your account as it was just "
                        "before is kept in a pre-import snapshot among the backups.",
                        "Imported %(rows)s rows of your data. Your account as it was just "
                        "before is kept in a pre-import snapshot among the backups.",
                        rows,
                    )
                    % words
                )
            else:
                message = (
                    ngettext(
                        "Imported %(rows)s row of your data.",
                        "Imported %(rows)s rows of your data.",
                        rows,
                    )
                    % words
                )
            return done(request, "data_settings", message=message)
    context = _data_context(request.user, import_form=form)
    return render_invalid(request, "netcoach/data_settings.html", context, partial="import-form")


@require_POST
def delete_all_data(request):
    form = DeleteAllDataForm(request.POST)
    if form.is_valid():
        deleted = portability.delete_all_data(request.user)
        forget_pending(request)  # a contacts file kept for an import not made
        rows = sum(deleted.values())
        message = ngettext(
            "Deleted all your data (%(rows)s row).", "Deleted all your data (%(rows)s rows).", rows
        ) % {"rows": number_format(rows, force_grouping=True)}
        return done(request, "data_settings", message=message)
    context = _data_context(request.user, delete_form=form)
    return render_invalid(request, "netcoach/data_settings.html", context, partial="delete-form")


def _data_context(user, **forms):
    holdings = portability.inventory(user)
    return {
        # Snapshots hold every account: only the install's owner sees them listed.
        "backups": backups.listed() if user.is_superuser else [],
        "is_owner": user.is_superuser,
        "keep": {kind.replace("-", "_"): n for kind, n in backups.KEEP.items()},
        "backups_dir": backups.backups_dir(),
        "holdings": holdings,
        "has_data": any(h.count for h in holdings if not h.is_setting),
        "import_form": forms.get("import_form") or ImportNetcoachExportForm(),
        "delete_form": forms.get("delete_form") or DeleteAllDataForm(),
    }
