from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from newsroom.permissions import EDITORS_GROUP

# Local demo only: the command refuses to run with DEBUG off.
DEMO_ACCOUNTS = [
    # username, password, role
    ("reader", "reader-demo-2024", "reader"),
    ("editor", "editor-demo-2024", "editor"),
    ("admin", "admin-demo-2024", "admin"),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts (reader, editor, admin) for local use and print their passwords."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development only (DJANGO_DEBUG=1).")
        User = get_user_model()
        editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        for username, password, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = role == "admin"
                user.save()
            if role == "editor":
                user.groups.add(editors)
        self.stdout.write("Demo accounts (local use only):")
        for username, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<7} {username} / {password}")
