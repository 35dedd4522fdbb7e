"""The desk's two roles as groups, with the model permissions each needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from desk import role_permissions

# The two groups this migration made; later roles (Administrators) are made after migrate by
# desk.roles.ensure_role_groups, as every role group is after a flush.
GROUPS = {name: role_permissions.GROUPS[name] for name in ("Editors", "Reviewers")}

def make_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so groups can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("desk", "0001_initial"),
        ("sources", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
