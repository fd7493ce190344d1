import os
import sys
from collections.abc import Sequence

from django.apps import AppConfig

# Management commands that serve requests, and so want a warm analysis like a server.
SERVING_COMMANDS = frozenset({"runserver"})


def serving(argv: Sequence[str], *, under_pytest: bool = False) -> bool:
    """Whether this process is about to serve searches: a WSGI server (gunicorn loads the
    app in its master, so every forked worker shares the warm lexicon) or runserver;
    not another manage.py command nor a test run, which would pay the ~2 s of loading
    whether or not they analyse anything."""
    if under_pytest or not argv:
        return not under_pytest
    path = os.path.normpath(argv[0])
    program = os.path.basename(path)
    is_django_main = (
        program == "__main__.py" and os.path.basename(os.path.dirname(path)) == "django"
    )
    if program in {"manage.py", "django-admin"} or is_django_main:
        return len(argv) > 1 and argv[1] in SERVING_COMMANDS
    return True


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "البحث"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
        if serving(sys.argv, under_pytest="pytest" in sys.modules):
            from core.arabic import warm

            warm()
