"""Writes of the editor's assistant: keyword-only, typed, each in one transaction.

Suggestions are (re)computed from an article's current text; an editor accepts
(a quotation becomes a quote annotation attributed to its speaker, a claim
enters the claims queue), edits then accepts, or rejects — and a rejected text
is never suggested again for that article.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article
from assistant.detection import detect
from core.tasks import enqueue_on_commit
from newsroom.models import Speaker
from newsroom.permissions import is_editor
from newsroom.services import annotation_create, quote_attribute, speaker_create

from .models import Suggestion, SuggestionEvent, fingerprint
from .speakers import match_speaker

#: Articles per background task: one enqueue per chunk keeps imports fast.
TASK_CHUNK = 500


def _require_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDenied("الاقتراحات للمحررين فقط.")


@transaction.atomic
def suggestions_compute(
    *, article: Article, speakers: dict[str, Speaker | None] | None = None
) -> int:
    """Replace the article's pending suggestions with those of its current text.

    Decided suggestions (accepted or rejected) stay, and their texts are not
    suggested again. ``speakers`` caches name -> matched speaker across the articles
    of one task. Returns the number of pending suggestions now.
    """
    return suggestions_compute_many(articles=[article], speakers=speakers)


@transaction.atomic
def suggestions_compute_many(
    *, articles: Sequence[Article], speakers: dict[str, Speaker | None] | None = None
) -> int:
    """suggestions_compute for a chunk of articles in one transaction and a handful of
    queries whatever their number (a task's chunk, an import's): per article, only the
    detection itself. Returns the number of pending suggestions made."""
    if not articles:
        return 0
    ids = [a.pk for a in articles]
    Suggestion.objects.filter(article_id__in=ids, status=Suggestion.Status.PENDING).delete()
    decided: dict[int, set[str]] = defaultdict(set)
    for article_id, fp in Suggestion.objects.filter(article_id__in=ids).values_list(
        "article_id", "fingerprint"
    ):
        decided[article_id].add(fp)
    # A passage already annotated as a quote or claim is not suggested as one again.
    for article_id, kind, exact in Annotation.objects.filter(
        article_id__in=ids, kind__in=Suggestion.Kind.values
    ).values_list("article_id", "kind", "exact"):
        decided[article_id].add(fingerprint(kind, exact))
    speakers = {} if speakers is None else speakers
    rows: list[Suggestion] = []
    for article in articles:
        rows.extend(_suggestions_of(article, decided[article.pk], speakers))
    Suggestion.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _suggestions_of(
    article: Article, decided: set[str], speakers: dict[str, Speaker | None]
) -> list[Suggestion]:
    found = detect(article.body)
    rows: dict[str, Suggestion] = {}
    for q in found.quotes:
        fp = fingerprint(Suggestion.Kind.QUOTE, q.text)
        if fp in decided or fp in rows:
            continue
        if q.speaker and q.speaker not in speakers:
            speakers[q.speaker] = match_speaker(q.speaker)
        rows[fp] = Suggestion(
            article=article,
            kind=Suggestion.Kind.QUOTE,
            start=q.start,
            end=q.end,
            text=q.text,
            text_version=article.text_version,
            fingerprint=fp,
            speaker_name=(q.speaker or "")[:200],
            speaker=speakers.get(q.speaker or ""),
            features=[q.pattern],
        )
    for c in found.claims:
        fp = fingerprint(Suggestion.Kind.CLAIM, c.text)
        if fp in decided or fp in rows:
            continue
        rows[fp] = Suggestion(
            article=article,
            kind=Suggestion.Kind.CLAIM,
            start=c.start,
            end=c.end,
            text=c.text,
            text_version=article.text_version,
            fingerprint=fp,
            score=c.score,
            features=list(c.features),
        )
    return list(rows.values())


def suggestions_enqueue(*, article_ids: Iterable[int]) -> int:
    """Compute suggestions for these articles in the background (one task per chunk).

    Called by name where articles are imported or their text changes. With
    TASKS_BACKEND=database a worker does it; with the default (immediate) backend the
    work happens at the commit, or once a bulk import is over
    (core.tasks.tasks_after_bulk_write). Returns the number of tasks.
    """
    from .tasks import compute_suggestions

    ids = list(article_ids)
    chunks = [ids[i : i + TASK_CHUNK] for i in range(0, len(ids), TASK_CHUNK)]
    for chunk in chunks:
        # After the commit: a worker must find the articles the task names.
        enqueue_on_commit(compute_suggestions, chunk)
    return len(chunks)


def _decide(suggestion: Suggestion, editor, status: str, action: str, message: str) -> None:
    suggestion.status = status
    suggestion.decided_by = editor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "annotation"])
    SuggestionEvent.objects.create(
        suggestion=suggestion, editor=editor, action=action, message=message
    )


@transaction.atomic
def suggestion_accept(
    *,
    suggestion: Suggestion,
    editor,
    start: int | None = None,
    end: int | None = None,
    speaker: Speaker | None = None,
    new_speaker_name: str = "",
) -> Annotation:
    """Turn a pending suggestion into an annotation by ``editor``.

    ``start``/``end`` edit the span; ``speaker`` (or ``new_speaker_name``, which
    explicitly creates a speaker) edits who said a quotation. A quotation is
    attributed to its matched speaker when the editor names none.
    """
    _require_editor(editor)
    suggestion = (
        Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion.pk)
    )
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError("قُرر هذا الاقتراح من قبل.")
    article = suggestion.article
    edited = (start is not None and start != suggestion.start) or (
        end is not None and end != suggestion.end
    )
    span_start = suggestion.start if start is None else start
    span_end = suggestion.end if end is None else end
    if not 0 <= span_start < span_end <= len(article.body):
        raise ValidationError("النطاق خارج نص المقال.")
    # The text moved since detection: anchor on the suggested words, not stale offsets.
    stale = article.text_version != suggestion.text_version and not edited
    annotation, _ = annotation_create(
        article=article,
        author=editor,
        kind=suggestion.kind,
        start=None if stale else span_start,
        end=None if stale else span_end,
        exact=suggestion.text if stale else article.body[span_start:span_end],
    )
    if suggestion.kind == Suggestion.Kind.QUOTE:
        if new_speaker_name.strip():
            speaker = speaker_create(editor=editor, name=new_speaker_name)
            edited = True
        elif speaker is not None:
            edited = edited or speaker.pk != suggestion.speaker_id
        else:
            speaker = suggestion.speaker
        if speaker is not None:
            quote_attribute(annotation=annotation, editor=editor, speaker=speaker)
    suggestion.annotation = annotation
    action = SuggestionEvent.Action.EDITED if edited else SuggestionEvent.Action.ACCEPTED
    _decide(suggestion, editor, Suggestion.Status.ACCEPTED, action, "accepted from a suggestion")
    return annotation


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, editor) -> Suggestion:
    """Reject a pending suggestion; its text is never suggested again for the article."""
    _require_editor(editor)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError("قُرر هذا الاقتراح من قبل.")
    _decide(suggestion, editor, Suggestion.Status.REJECTED, SuggestionEvent.Action.REJECTED, "")
    return suggestion


@transaction.atomic
def suggestions_accept_article(*, article: Article, editor, kind: str = "") -> int:
    """Accept every pending suggestion of an article (of one kind if given)."""
    _require_editor(editor)
    pending = Suggestion.objects.filter(article=article, status=Suggestion.Status.PENDING)
    if kind:
        pending = pending.filter(kind=kind)
    count = 0
    for suggestion in pending.order_by("start"):
        suggestion_accept(suggestion=suggestion, editor=editor)
        count += 1
    return count
