"""Helpers shared by the newsroom's view tests."""

from zoneinfo import ZoneInfo

from django.urls import reverse

from newsroom.models import ClaimReview, QuoteAttribution, Speaker

CAIRO = ZoneInfo("Africa/Cairo")
QUEUE = reverse("newsroom:claim_queue")
CSV_URL = reverse("newsroom:claim_queue_csv")


def review_of(annotation) -> ClaimReview:
    return ClaimReview.objects.get(annotation=annotation)


def editor_requests(claim, quote, evidence_pk):
    """Every editor action: (method, url, data)."""
    return [
        ("get", QUEUE, {}),
        ("get", CSV_URL, {}),
        ("get", reverse("newsroom:claim_detail", args=[claim.pk]), {}),
        (
            "post",
            reverse("newsroom:claim_detail", args=[claim.pk]),
            {
                "review-status": "reviewed",
                "review-verdict": "2",
                "review-rationale": "x",
                "review-assignee": "",
            },
        ),
        (
            "post",
            reverse("newsroom:claim_detail", args=[claim.pk]),
            {"title": "مصدر", "url": "https://example.org/"},
        ),
        (
            "post",
            reverse("newsroom:claim_inline_update", args=[claim.pk]),
            {"status": "reviewed", "assignee": ""},
        ),
        ("post", reverse("newsroom:evidence_delete", args=[claim.pk, evidence_pk]), {}),
        ("get", reverse("newsroom:quote_attribute", args=[quote.pk]), {"q": "احمد"}),
        (
            "post",
            reverse("newsroom:quote_attribute", args=[quote.pk]),
            {"action": "create", "speaker-name": "جديد", "speaker-kind": "person"},
        ),
    ]


def snapshot(claim, quote):
    review = review_of(claim)
    return (
        review.status,
        review.verdict,
        review.rationale,
        review.assignee_id,
        list(review.evidence.values_list("pk", flat=True)),
        review.history.count(),
        QuoteAttribution.objects.filter(annotation=quote).exists(),
        Speaker.objects.count(),
    )
