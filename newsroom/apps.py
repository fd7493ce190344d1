from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
