import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.anchoring import AnchorError
from annotations.models import Annotation
from articles.models import Article
from newsroom import services

# (kind, visibility, comment, tags), applied in turn to sentences of the newest articles.
NOTES = [
    ("claim", "public", "رقم يحتاج إلى مصدر رسمي.", ["تحقق"]),
    ("quote", "public", "", ["تصريحات"]),
    ("comment", "public", "فكرة مهمة تستحق المتابعة.", []),
    ("highlight", "private", "", []),
]
# A sentence: up to a full stop, question or exclamation mark followed by a space
# (so "1.5" does not end one), within a paragraph.
SENTENCE = re.compile(r"[^\s][^\n]*?[.؟!](?=\s|$)")


class Command(BaseCommand):
    help = "Annotate a few published articles as the demo accounts (local use only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=3)

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo annotations are for local development only (DJANGO_DEBUG=1).")
        users = list(get_user_model().objects.filter(username__in=["reader", "editor"]))
        if not users:
            raise CommandError("Run create_demo_accounts first.")
        made = 0
        articles = Article.objects.published().newest_first()[: options["articles"]]
        for article in articles:
            if Annotation.objects.filter(article=article, author__in=users).exists():
                continue
            sentences = (m for m in SENTENCE.finditer(article.body) if 25 <= len(m.group()) <= 300)
            for n, ((kind, visibility, comment, tags), match) in enumerate(zip(NOTES, sentences)):
                try:
                    services.annotation_create(
                        article=article, author=users[n % len(users)], kind=kind,
                        visibility=visibility, start=match.start(), end=match.end(),
                        exact=match.group(), comment=comment, tags=tags,
                    )  # fmt: skip
                except AnchorError as error:
                    self.stderr.write(f"{article.pk}: {error.message}")
                    continue
                made += 1
        self.stdout.write(f"Demo annotations: {made} created.")
