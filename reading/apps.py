from django.apps import AppConfig


class ReadingConfig(AppConfig):
    """The reading site's composed pages: the article page (text, marks, the annotation
    panel, the newsroom's verdicts and speakers) and everything done on it (annotate,
    edit, reply). The top layer: it may use every app, and no app uses it."""

    name = "reading"
    verbose_name = "القراءة"
