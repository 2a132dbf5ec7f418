"""Static files: a build output of the checkout, never user data."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Fingerprinted, compressed files once `collectstatic` has run (`make run`, `make test`).

    In a checkout where it never ran there is no manifest: pages then link the plain names,
    which whitenoise serves from `static/` through the finders, instead of failing every page
    with "Missing staticfiles manifest entry".
    """

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
