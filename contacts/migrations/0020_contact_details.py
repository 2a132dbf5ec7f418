
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0019_search_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='birthday_day',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='birthday (day)'),
        ),
        migrations.AddField(
            model_name='contact',
            name='birthday_month',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='birthday (month)'),
        ),
        migrations.AddField(
            model_name='contact',
            name='birthday_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='birthday (year)'),
        ),
        # Two text columns added in place: Django's SQLite backend would rebuild the table for
        # a NOT NULL column with a default, and a rebuild drops the full-text index's triggers
        # on it (contacts/search.py). The column's SQL default only serves the rows already
        # there; Django gives every new row its own value.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE contacts_contact ADD COLUMN city varchar(200) NOT NULL DEFAULT ''",
                    "ALTER TABLE contacts_contact DROP COLUMN city",
                ),
                migrations.RunSQL(
                    "ALTER TABLE contacts_contact ADD COLUMN uid varchar(200) NOT NULL DEFAULT ''",
                    "ALTER TABLE contacts_contact DROP COLUMN uid",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name='contact',
                    name='city',
                    field=models.CharField(blank=True, max_length=200, verbose_name='city'),
                ),
                migrations.AddField(
                    model_name='contact',
                    name='uid',
                    field=models.CharField(blank=True, editable=False, max_length=200),
                ),
            ],
        ),
        migrations.AddField(
            model_name='preferences',
            name='phone_region',
            field=models.CharField(default='FR', max_length=2, verbose_name="phone numbers' country"),
        ),
        migrations.CreateModel(
            name='ContactDetail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('phone', 'phone'), ('email', 'email'), ('website', 'website')], max_length=10, verbose_name='kind')),
                ('label', models.CharField(choices=[('mobile', 'mobile'), ('work', 'work'), ('home', 'home'), ('other', 'other')], default='other', max_length=10, verbose_name='label')),
                ('value', models.CharField(max_length=500, verbose_name='value')),
                ('key', models.CharField(blank=True, editable=False, max_length=500)),
                ('readable', models.BooleanField(default=True, editable=False)),
                ('source', models.CharField(choices=[('manual', 'Entered by hand'), ('linkedin', 'LinkedIn import'), ('address_book', 'Address book import')], default='manual', max_length=12)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contact', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='details', to='contacts.contact')),
                ('owner', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'contact detail',
                'verbose_name_plural': 'contact details',
                'ordering': ['kind', 'id'],
                'indexes': [models.Index(fields=['owner', 'kind', 'key'], name='contact_detail_key_idx')],
            },
        ),
    ]
