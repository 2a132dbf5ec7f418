from django.db import migrations
from django.db.models import F

# The weekly review gained a step 8, "Meet in real life", before the summary: reviews at step 8
# or later (the summary, and every finished review, which rests at the last step) move one step
# on, so that a review left at its summary resumes there.
NEW_STEP = 8


def shift_forward(apps, schema_editor):
    Review = apps.get_model("contacts", "Review")
    Review.objects.filter(step__gte=NEW_STEP).update(step=F("step") + 1)


def shift_back(apps, schema_editor):
    Review = apps.get_model("contacts", "Review")
    Review.objects.filter(step__gt=NEW_STEP).update(step=F("step") - 1)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0016_talk_first_days")]

    operations = [migrations.RunPython(shift_forward, shift_back)]
