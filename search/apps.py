from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "البحث"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
