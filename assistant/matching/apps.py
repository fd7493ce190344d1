from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The stored index of claims for "checked before?" (issue 12). Its own app
    label, so its migrations never collide with the assistant's detection models."""

    name = "assistant.matching"
    label = "matching"
    verbose_name = "مطابقة الادعاءات"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
