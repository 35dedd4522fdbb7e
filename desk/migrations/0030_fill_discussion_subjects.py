"""Comments and assignments name their subject as the audit log does: every one recorded so far
is about an excerpt, the one it already names. Nothing is lost: no other column changes.

Going back, the older schema can hold only comments and assignments about an excerpt; with any
about another subject the way back is refused rather than losing them."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    for name in ("Comment", "Assignment"):
        apps.get_model("desk", name).objects.update(
            subject_kind="excerpt", subject_id=F("excerpt_id")
        )


def refuse_to_lose_other_subjects(apps, schema_editor):
    for name in ("Comment", "Assignment"):
        others = apps.get_model("desk", name).objects.exclude(subject_kind="excerpt").count()
        if others:
            raise RuntimeError(
                f"{others} {name.lower()}(s) about subjects other than excerpts: the older "
                "schema cannot keep them. Delete them first if losing them is meant."
            )


class Migration(migrations.Migration):
    dependencies = [("desk", "0029_discussion_subjects")]

    operations = [migrations.RunPython(fill, refuse_to_lose_other_subjects)]
