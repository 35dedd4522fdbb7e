# Events sort on their bounds with the longer span first, and keep their date's precision.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='event',
            options={'ordering': [models.OrderBy(models.F('date_start'), nulls_first=True), models.OrderBy(models.F('date_end'), descending=True, nulls_first=True), models.OrderBy(models.F('date')), models.OrderBy(models.F('title')), models.OrderBy(models.F('pk'))]},
        ),
        migrations.AlterModelOptions(
            name='eventactor',
            options={'ordering': ['event', 'actor__name'], 'verbose_name': 'role in an event', 'verbose_name_plural': 'roles in events'},
        ),
        migrations.AddField(
            model_name='event',
            name='date_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('season', 'Season'), ('year', 'Year'), ('decade', 'Decade'), ('interval', 'Interval')], editable=False, max_length=10),
        ),
        migrations.AlterField(
            model_name='event',
            name='date',
            field=models.CharField(help_text='EDTF, or as people write it: 17 November 2025, September 2025, c. 1998, winter 2021–22, 2021–2022, before 2000.', max_length=50, verbose_name='date (EDTF)'),
        ),
        migrations.AlterField(
            model_name='eventactor',
            name='role',
            field=models.CharField(blank=True, max_length=100, verbose_name='role in the event'),
        ),
        migrations.AlterField(
            model_name='event',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['date_start', 'date_end'], name='event_date_bounds'),
        ),
    ]
