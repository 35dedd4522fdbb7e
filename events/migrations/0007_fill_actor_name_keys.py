"""Every actor's name and alias gets its search keys (events.models.name_key), computed as the
register computes them on save, so that filters find existing actors under any spelling."""

from django.db import migrations


def fill(apps, schema_editor):
    from events.models.actor import name_key

    for model_name in ("Actor", "ActorAlias"):
        model = apps.get_model("events", model_name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.name_key = name_key(row.name)
        model.objects.bulk_update(rows, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("events", "0006_actor_name_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
