from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import services


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME; the token is printed alone on the last line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="سطر الأوامر")

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist:
            raise CommandError(f"no user named {options['username']!r}") from None
        token, raw = services.token_create(user=user, name=options["name"])
        self.stderr.write(f"token {token.name!r} for {user.get_username()} (shown once):")
        self.stdout.write(raw)
