"""The root URLs: the project's own pages (the dashboard, the weekly review, importing, your
data, help, set-up), then each app's."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from netcoach import ids  # noqa: F401  (registers <id:…>)
from netcoach.views import accounts, calendar, dashboard, data, guide, imports, review, undo

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path(
        "profile-checklist/dismissed/",
        dashboard.profile_checklist_dismissed,
        name="profile_checklist_dismissed",
    ),
    path("review/", review.review, name="review"),
    path("review/start/", review.review_start, name="review_start"),
    path("review/step/", review.review_step, name="review_step"),
    path("review/congratulate/<id:pk>/", review.review_congratulate, name="review_congratulate"),
    path("review/reconnect/<id:pk>/", review.review_reconnect, name="review_reconnect"),
    path("review/met/<id:pk>/", review.review_met, name="review_met"),
    path(
        "review/follow-ups/<id:pk>/done/",
        review.review_follow_up_done,
        name="review_follow_up_done",
    ),
    path("review/talk-first/<id:pk>/", review.review_conclude, name="review_conclude"),
    path("review/finish/", review.review_finish, name="review_finish"),
    path("undo/", undo.undo, name="undo"),
    path("import/", imports.import_export, name="import_export"),
    path("import/sample/", imports.import_sample, name="import_sample"),
    path("import/<id:pk>/", imports.import_run, name="import_run"),
    path("settings/data/", data.data_settings, name="data_settings"),
    path("settings/data/backup/", data.backup_now, name="backup_now"),
    path("settings/data/backups/<str:name>/restore/", data.backup_restore, name="backup_restore"),
    path(
        "settings/data/backups/<str:name>/download/", data.backup_download, name="backup_download"
    ),
    path("settings/data/export/", data.export_everything, name="export_everything"),
    path("settings/data/import/", data.import_netcoach_export, name="import_netcoach_export"),
    path("settings/data/delete/", data.delete_all_data, name="delete_all_data"),
    path("settings/calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("settings/calendar/netcoach.ics", calendar.calendar_download, name="calendar_download"),
    path("settings/calendar/feed/", calendar.calendar_feed_new, name="calendar_feed_new"),
    path("settings/calendar/feed/off/", calendar.calendar_feed_off, name="calendar_feed_off"),
    # The subscription feed: no sign-in, the token is the credential (netcoach/views/calendar.py).
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("settings/password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("help/", guide.help_page, name="help_page"),
    path("help/<slug:slug>/", guide.help_page, name="help_page"),
    path("", include("contacts.urls")),
    path("invitations/", include("invitations.urls")),
    path("setup/", accounts.setup, name="setup"),
    path("login/", accounts.SignIn.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # The JavaScript's words in the page's language (static/js: gettext, ngettext, interpolate).
    path(
        "jsi18n/",
        login_not_required(JavaScriptCatalog.as_view()),
        name="javascript_catalog",
    ),
]
