"""Roles as groups: every signed-in user is a reader; editors review claims;
staff admins use the Django admin. The `editors` group carries no model permissions:
membership alone makes an editor (newsroom.permissions.is_editor)."""

from django.db import migrations

EDITORS_GROUP = "editors"


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=EDITORS_GROUP)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=EDITORS_GROUP, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
