"""`python manage.py claim_index [--rebuild] [--flag ARTICLE_ID... | --flag-all]`

--rebuild indexes every claim of the queue afresh (after an upgrade or a bulk
import that bypassed the background tasks), then recomputes what the claims
queue shows of each claim's similar claims ("checked before", counts);
--flag / --flag-all recompute the "checked before" flags of articles' sentences.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from assistant.matching.models import ClaimKey, IndexedClaim, KeyFrequency
from assistant.matching.services import (
    Statement,
    article_flag_checked_before,
    claims_index_many,
    claims_match_refresh,
)
from newsroom.models import ClaimReview

#: Claims matched per round (one set of index queries each).
MATCH_CHUNK = 200


class Command(BaseCommand):
    help = "Rebuild the stored index of claims and recompute 'checked before' flags."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="index every claim of the queue afresh"
        )
        parser.add_argument("--flag", nargs="+", type=int, default=[], metavar="ARTICLE_ID")
        parser.add_argument(
            "--flag-all", action="store_true", help="recompute the flags of every article"
        )

    def handle(self, *args, rebuild: bool, flag: list[int], flag_all: bool, **options) -> None:
        if not (rebuild or flag or flag_all):
            raise CommandError("nothing to do: give --rebuild, --flag ID... or --flag-all")
        if rebuild:
            ClaimKey.objects.all().delete()
            KeyFrequency.objects.all().delete()
            IndexedClaim.objects.all().delete()
            reviews = ClaimReview.objects.values_list(
                "pk", "article_id", "annotation__exact"
            ).iterator()
            done = claims_index_many(
                statements=(
                    Statement(article_id=a, text=text, review_id=pk) for pk, a, text in reviews
                )
            )
            self.stdout.write(f"indexed {done} claims")
            queue = list(ClaimReview.objects.in_queue().order_by("pk").values_list("pk", flat=True))
            for at in range(0, len(queue), MATCH_CHUNK):
                claims_match_refresh(review_ids=queue[at : at + MATCH_CHUNK])
            checked = ClaimReview.objects.in_queue().filter(earlier_match__isnull=False).count()
            self.stdout.write(f"matched {len(queue)} claims of the queue, {checked} checked before")
        articles = Article.objects.all() if flag_all else Article.objects.filter(pk__in=flag)
        if flag and articles.count() != len(set(flag)):
            missing = set(flag) - set(articles.values_list("pk", flat=True))
            raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        if flag or flag_all:
            flagged = sum(article_flag_checked_before(article=a) for a in articles.iterator())
            self.stdout.write(f"flagged {flagged} sentences as checked before")
