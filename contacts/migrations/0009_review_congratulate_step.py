from django.db import migrations
from django.db.models import F

# The weekly review gained a step 4, "Congratulate": reviews at step 4 or later (Reconnect and
# beyond, and every finished review, which rests at the last step) move one step on, so that a
# review left half-way resumes where it was.
NEW_STEP = 4


def shift_forward(apps, schema_editor):
    Review = apps.get_model("contacts", "Review")
    Review.objects.filter(step__gte=NEW_STEP).update(step=F("step") + 1)


def shift_back(apps, schema_editor):
    Review = apps.get_model("contacts", "Review")
    Review.objects.filter(step__gt=NEW_STEP).update(step=F("step") - 1)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_jobchange_by_date")]

    operations = [migrations.RunPython(shift_forward, shift_back)]
