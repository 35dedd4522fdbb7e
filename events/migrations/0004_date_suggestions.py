# Dates found in source texts, offered to editors as candidate events.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_fill_event_date_precision'),
        ('sources', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DateSuggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.PositiveIntegerField()),
                ('end', models.PositiveIntegerField()),
                ('sentence_start', models.PositiveIntegerField()),
                ('sentence_end', models.PositiveIntegerField()),
                ('phrase', models.CharField(max_length=200)),
                ('date', models.CharField(max_length=50, verbose_name='date (EDTF)')),
                ('year_inferred', models.BooleanField(default=False, help_text='The text gives no year: it comes from the publication date.')),
                ('status', models.CharField(choices=[('pending', 'Waiting for an editor'), ('dismissed', 'Dismissed'), ('used', 'Made into an event')], default='pending', max_length=10)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='suggestions', to='events.event')),
                ('source_version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='date_suggestions', to='sources.sourceversion')),
            ],
            options={
                'ordering': ['source_version', 'start', 'end'],
                'constraints': [
                    models.UniqueConstraint(fields=('source_version', 'start', 'end'), name='date_suggestion_once'),
                    models.CheckConstraint(condition=models.Q(('start__lt', models.F('end')), ('sentence_start__lte', models.F('start')), ('sentence_end__gte', models.F('end'))), name='date_suggestion_phrase_in_sentence'),
                    models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'dismissed', 'used'])), name='date_suggestion_status'),
                ],
            },
        ),
    ]
