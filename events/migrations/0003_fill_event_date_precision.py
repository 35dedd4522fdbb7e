# Events saved before 0002 get their date's precision (and bounds, recomputed the same way).

from django.db import migrations

from events.dates import EventDate


def fill_precision(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.filter(date_precision="").iterator():
        date = EventDate.from_edtf(event.date)
        event.date_start, event.date_end = date.bounds()
        event.date_precision = date.precision
        event.save(update_fields=["date_start", "date_end", "date_precision"])


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_event_date_precision_and_timeline_order'),
    ]

    operations = [
        migrations.RunPython(fill_precision, migrations.RunPython.noop),
    ]
