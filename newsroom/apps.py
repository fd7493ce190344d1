from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (creates a review row for each claim)
