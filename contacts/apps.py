from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "People"

    def ready(self):
        user_logged_out.connect(_forget_pending_import, dispatch_uid="contacts.forget_pending")


def _forget_pending_import(sender, request, **kwargs):
    """Signing out deletes the contacts file kept for an import not made."""
    if request is not None and hasattr(request, "session"):
        from contacts.address_book.views import forget_pending

        forget_pending(request)
