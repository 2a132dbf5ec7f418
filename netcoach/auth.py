"""Signing in: Django's ModelBackend, whose signed-in user comes with their Preferences."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PreferencesBackend(ModelBackend):
    """Loads the user of a session with their Preferences in the same query (a join): every
    request reads the user's time zone (netcoach.middleware.UserLocaleMiddleware), and a page's
    number of queries stays what it was."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("preferences").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
