from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """The editor's assistant: quotes, speakers and claims found in the text, and claims
    matched to ones checked before. Suggestions only: nothing here is shown to readers
    until an editor accepts it."""

    name = "assistant"
    verbose_name = "مساعد المحرر"
