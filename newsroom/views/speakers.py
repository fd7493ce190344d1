"""Quote attribution (editors) and the public speaker pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from annotations.models import Annotation
from articles.models import seconds_to_next_publication
from core import pagecache
from core.http import HtmxHttpRequest, go_to

from .. import services
from ..forms import AttributionForm, SpeakerForm, SpeakerSearchForm
from ..models import QuoteAttribution, Speaker
from ..permissions import editor_required, is_editor

SPEAKERS_PAGE_SIZE = 50
QUOTES_PAGE_SIZE = 20
SPEAKER_SUGGESTIONS = 10

#: Anonymous speaker pages are cached per the versions of what they show: speakers, their
#: quotes (annotations of any article) and the articles' titles (core.pagecache).
speaker_page = pagecache.shared_page(
    pagecache.SPEAKERS,
    pagecache.ANNOTATIONS,
    pagecache.LISTINGS,
    fresh_for=seconds_to_next_publication,
)


def _attributable(user, pk: int) -> Annotation:
    return get_object_or_404(
        Annotation.objects.visible_to(user)
        .filter(kind__in=services.ATTRIBUTABLE_KINDS)
        .select_related("article", "author"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@editor_required
def quote_attribute(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Attribute a quote (or claim) to a speaker: search as you type (htmx swaps the
    results partial; without JS the search form reloads this page), pick one, or
    create a new speaker."""
    annotation = _attributable(request.user, pk)
    search_form = SpeakerSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    results = list(Speaker.objects.matching(query)[:SPEAKER_SUGGESTIONS]) if query else []
    attribute_form = AttributionForm()
    speaker_form = SpeakerForm(initial={"name": query} if query else None, prefix="speaker")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "attribute":
        attribute_form = AttributionForm(request.POST)
        if attribute_form.is_valid():
            return _attribute(request, annotation, attribute_form.cleaned_data["speaker"])
    elif action == "create":
        speaker_form = SpeakerForm(request.POST, prefix="speaker")
        if speaker_form.is_valid():
            speaker = services.speaker_create(editor=request.user, **speaker_form.cleaned_data)
            return _attribute(request, annotation, speaker)
    elif action == "remove":
        services.quote_unattribute(annotation=annotation, editor=request.user)
        messages.success(request, "أزيلت نسبة الاقتباس.")
        return _back_to_quote(request, annotation)
    context = {
        "annotation": annotation,
        "attribution": QuoteAttribution.objects.select_related("speaker")
        .filter(annotation=annotation)
        .first(),
        "search_form": search_form,
        "query": query,
        "results": results,
        "attribute_form": attribute_form,
        "speaker_form": speaker_form,
    }
    template = "newsroom/quote_attribute.html"
    if request.htmx and request.method == "GET":
        template += "#speaker-results"
    status = 400 if (attribute_form.errors or speaker_form.errors) else 200
    return render(request, template, context, status=status)


def _attribute(request: HtmxHttpRequest, annotation: Annotation, speaker: Speaker) -> HttpResponse:
    try:
        services.quote_attribute(annotation=annotation, editor=request.user, speaker=speaker)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"نُسب الاقتباس إلى {speaker.name}.")
    return _back_to_quote(request, annotation)


def _back_to_quote(request: HtmxHttpRequest, annotation: Annotation) -> HttpResponse:
    return go_to(request, reverse("newsroom:quote_attribute", kwargs={"pk": annotation.pk}))


@require_GET
@speaker_page
def speaker_list(request: HtmxHttpRequest) -> HttpResponse:
    search_form = SpeakerSearchForm(request.GET or None)
    speakers = Speaker.objects.with_quote_counts()
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    if query:
        speakers = speakers.matching(query)
    page_obj = Paginator(speakers.order_by("name", "pk"), SPEAKERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "newsroom/speaker_list.html",
        {"page_obj": page_obj, "search_form": search_form, "query": query},
    )


def _speaker_quotes(user, speaker: Speaker):
    return (
        Annotation.objects.visible_to(user)
        .filter(attribution__speaker=speaker)
        .select_related("article", "article__section", "article__publisher")
        .defer("article__body", "article__caption")
        # When the speaker said it is when the article was published, not when a reader
        # annotated it: newest article first, then newest annotation.
        .order_by("-article__published_at", "-created", "-pk")
    )


@dataclass(slots=True)
class SpeakerItem:
    """A quote or claim on the speaker's page, with the times the speaker repeated it:
    ``repeats`` linked by an editor as the same claim (everyone sees them), ``similar``
    only found by the similarity (editors only, unconfirmed)."""

    quote: Annotation
    repeats: list[Annotation] = field(default_factory=list)
    similar: list[Annotation] = field(default_factory=list)


@require_GET
@speaker_page
def speaker_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    quotes = _speaker_quotes(request.user, speaker)
    # A repeated claim is listed under the first claim of its group ("same claim",
    # ClaimReview.same_as, always the group's first), when this user sees that one.
    shown = Annotation.objects.visible_to(request.user).filter(attribution__speaker=speaker)
    repeat = Q(review__same_as__isnull=False, review__same_as__in=shown.values("pk"))
    page_obj = Paginator(quotes.exclude(repeat), QUOTES_PAGE_SIZE).get_page(request.GET.get("page"))
    items = {quote.pk: SpeakerItem(quote) for quote in page_obj}
    claims = [pk for pk, item in items.items() if item.quote.kind == Annotation.Kind.CLAIM]
    can_edit = is_editor(request.user)
    if claims:
        for quote in quotes.filter(review__same_as__in=claims).annotate(first=F("review__same_as")):
            items[quote.first].repeats.append(quote)
        if can_edit:
            # Found by the similarity, not confirmed: for editors, and still listed
            # in their own place too (nothing is moved on a guess).
            for quote in quotes.filter(
                review__top_match__in=claims, review__same_as__isnull=True
            ).annotate(first=F("review__top_match")):
                items[quote.first].similar.append(quote)
    return render(
        request,
        "newsroom/speaker_detail.html",
        {
            "speaker": speaker,
            "page_obj": page_obj,
            "items": list(items.values()),
            "can_edit": can_edit,
        },
    )
