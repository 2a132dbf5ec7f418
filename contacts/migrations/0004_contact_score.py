from django.conf import settings
from django.db import migrations, models


def score_everyone(apps, schema_editor):
    """Fills the new column for data imported before it existed.

    It calls the current model's refresh_scores() (historical models have no custom QuerySet
    methods): the formula stays in one place, and the columns it reads exist at this point.
    """
    from contacts.models import Contact, Preferences

    owners = Contact.objects.order_by().values_list("owner_id", flat=True).distinct()
    for owner_id in list(owners):
        Contact.objects.filter(owner_id=owner_id).refresh_scores(
            Preferences.half_life_of(owner_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0003_drop_redundant_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="score_log2",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["owner", "score_log2"], name="contact_score_idx"),
        ),
        migrations.RunPython(score_everyone, migrations.RunPython.noop, elidable=True),
    ]
