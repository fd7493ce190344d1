"""Score the detector against labelled answers: quote precision and recall, speaker
accuracy on found quotes, claim precision and recall, then every miss."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assistant.articlefiles import read_articles
from assistant.detection import detect
from assistant.detection.evaluation import Score, score_file


class Command(BaseCommand):
    help = "يقيس دقة الاكتشاف واستدعاءه على إجابات موسومة يدوياً"
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--answers", required=True, metavar="ANSWERS.json")
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, answers: str, files: list[str], **options) -> None:
        try:
            labelled = json.loads(Path(answers).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {answers}: {error}") from None
        if not isinstance(labelled, list) or not all(
            isinstance(a, dict) and isinstance(a.get("file"), str) for a in labelled
        ):
            raise CommandError(f'{answers}: expected a list of objects with a "file"')
        by_file = {a["file"]: a for a in labelled}
        score = Score()
        unlabelled = []
        for article in read_articles(files):
            if article.body is None:
                raise CommandError(f"{article.name}: failed: {article.error}")
            if article.name not in by_file:
                unlabelled.append(article.name)
                continue
            found = detect(article.body)
            score_file(
                score,
                article.name,
                [(q.text, q.speaker) for q in found.quotes],
                [c.text for c in found.claims],
                by_file[article.name],
            )
        out = self.stdout.write
        out(
            f"quotes:   precision {score.quote_precision:.3f}  recall {score.quote_recall:.3f}  "
            f"(found {score.quote_tp + score.quote_fp}, labelled {score.quote_tp + score.quote_fn}, right {score.quote_tp})"
        )
        out(
            f"speakers: accuracy {score.speaker_accuracy:.3f}  ({score.speaker_right}/{score.speaker_total} found quotes)"
        )
        out(
            f"claims:   precision {score.claim_precision:.3f}  recall {score.claim_recall:.3f}  "
            f"(found {score.claim_tp + score.claim_fp}, labelled {score.claim_tp + score.claim_fn}, right {score.claim_tp})"
        )
        if unlabelled:
            out(f"not labelled (skipped): {', '.join(unlabelled)}")
        if score.misses:
            out(f"misses ({len(score.misses)}):")
            for miss in score.misses:
                out(f"  {miss}")
