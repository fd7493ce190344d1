from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "المقالات"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
