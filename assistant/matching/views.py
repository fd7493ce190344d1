"""Similar claims of a claim (editors), and the "same claim" link action."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotations.models import Annotation
from assistant.similarity import Comparison
from core.http import HtmxHttpRequest, go_to
from newsroom.models import ClaimReview, Speaker
from newsroom.permissions import editor_required

from .models import CheckedBefore, ClaimLink, IndexedClaim
from .queries import match_statements
from .services import SIMILAR_LIMIT, claim_link_same, claim_unlink_same


def _review(pk: int) -> ClaimReview:
    reviews = ClaimReview.objects.filter(
        in_queue=True,
        annotation__kind=Annotation.Kind.CLAIM,
        annotation__visibility=Annotation.Visibility.PUBLIC,
        annotation__hidden_at__isnull=True,
    ).select_related("annotation")
    return get_object_or_404(reviews, pk=pk)


@dataclass(frozen=True, slots=True)
class SimilarClaim:
    review: ClaimReview
    comparison: Comparison
    speaker: Speaker | None


def similar_for(review: ClaimReview) -> list[SimilarClaim]:
    """The stored claims most like this one that are claims of the queue, with
    what an editor compares: article, date, speaker, status and verdict."""
    own = list(IndexedClaim.objects.filter(review=review).values_list("pk", flat=True))
    # As many as the queue counts for it (claims_match_refresh): the row's count
    # and this list agree.
    (hits,) = match_statements([review.annotation.exact], exclude=own, limit=SIMILAR_LIMIT)
    by_claim = {m.claim_id: m.comparison for m in hits}
    entries = (
        IndexedClaim.objects.filter(
            pk__in=by_claim, review__in_queue=True, review__annotation__hidden_at__isnull=True
        )
        .select_related("review__article", "review__annotation__attribution__speaker")
        .only(
            "pk",
            "review__status",
            "review__verdict",
            "review__claimed_at",
            "review__article__title",
            "review__article__slug",
            "review__article__published_at",
            "review__annotation__exact",
            "review__annotation__attribution__speaker__name",
        )
    )
    rows = []
    for entry in entries:
        if entry.review is None:
            continue
        attribution = getattr(entry.review.annotation, "attribution", None)
        rows.append(
            SimilarClaim(
                entry.review, by_claim[entry.pk], attribution.speaker if attribution else None
            )
        )
    rows.sort(key=lambda row: (-row.comparison.score, row.review.pk))
    return rows


@require_GET
@editor_required
def similar_claims(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    review = _review(pk)
    context = {
        "review": review,
        "similar": similar_for(review),
        "link": ClaimLink.objects.filter(review=review)
        .select_related("earlier__annotation")
        .first(),
    }
    template = "matching/similar_claims.html"
    return render(request, template + "#similar" if request.htmx else template, context)


@require_POST
@editor_required
def claim_link(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(pk)
    if request.POST.get("unlink"):
        claim_unlink_same(review=review, editor=request.user)
        messages.success(request, "أزيل الربط؛ بقيت المراجعة كما هي.")
        return go_to(request, review.get_absolute_url())
    try:
        earlier = _review(int(request.POST.get("earlier", "")))
    except ValueError:
        messages.error(request, "اختر ادعاءً سابقًا.")
        return go_to(request, review.get_absolute_url())
    try:
        claim_link_same(review=review, earlier=earlier, editor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "رُبط الادعاء بالادعاء السابق ونُسخت مراجعته؛ يمكنك تعديلها.")
    return go_to(request, review.get_absolute_url())


@require_GET
@editor_required
def checked_before(request: HttpRequest) -> HttpResponse:
    """Sentences of articles that repeat a reviewed claim, with the earlier verdict (newest first)."""
    flags = CheckedBefore.objects.select_related(
        "article", "earlier__annotation", "earlier__article"
    ).order_by("-found_at", "-pk")
    article_id = request.GET.get("article", "")
    if article_id.isdigit():
        flags = flags.filter(article_id=int(article_id))
    page = Paginator(flags, 50).get_page(request.GET.get("page"))
    rows = [{"flag": flag, "sentence": flag.article.body[flag.start : flag.end]} for flag in page]
    return render(request, "matching/checked_before.html", {"page": page, "rows": rows})
