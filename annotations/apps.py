from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "التعليقات التوضيحية"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
