from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.models import Annotation
from newsroom import services
from newsroom.models import ClaimReview, ReviewStatus, Verdict


class Command(BaseCommand):
    help = "Review one demo claim as the demo editor, so readers see a verdict (local use only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo reviews are for local development only (DJANGO_DEBUG=1).")
        editor = get_user_model().objects.filter(username="editor").first()
        if editor is None:
            raise CommandError("Run create_demo_accounts first.")
        demo_claims = ClaimReview.objects.filter(
            in_queue=True, annotation__author__username__in=["reader", "editor"]
        )
        if demo_claims.exclude(status=ReviewStatus.UNREVIEWED).exists():
            self.stdout.write("Demo reviews: already made.")
            return
        review = demo_claims.select_related("annotation").order_by("claimed_at", "pk").first()
        if review is None:
            raise CommandError("No demo claim to review: run create_demo_annotations first.")
        claim: Annotation = review.annotation
        # An illustration on a made-up sample article: the verdict says so.
        services.claim_review_update(
            annotation=claim, editor=editor, status=ReviewStatus.REVIEWED,
            verdict=Verdict.UNVERIFIABLE, assignee=editor,
            rationale="مثال للعرض: المقال من العينات المكتوبة للمشروع، ولا مصدر منشورًا للرقم.",
        )  # fmt: skip
        services.evidence_add(
            annotation=claim, editor=editor, title="دليل استخدام قارئ الأخبار",
            url="https://example.org/newsreader/claims",
        )
        self.stdout.write(f"Demo reviews: claim {claim.pk} reviewed.")
