from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editorial work on articles: edits of the text and everything that must follow
    them (re-anchoring the annotations, the claims' copies of section and publisher),
    imports, curation, and the articles' admin. Above the apps it orchestrates."""

    name = "editorial"
    verbose_name = "التحرير"
