"""Writes to annotations: keyword-only, typed, each in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from core.pagecache import article_page_forget

from . import anchoring
from .models import Annotation, AnnotationTag, AnnotationTombstone, Reply, tag_digest
from .preview import Reanchoring

# Without a client key, an identical annotation by the same author within this
# window is taken to be a double submission.
DUPLICATE_WINDOW = timedelta(seconds=10)


def _save_once[K: (Annotation, Reply)](obj: K) -> tuple[K, bool]:
    """Insert ``obj`` unless the same submission arrived before (a double click, a
    retry): the unique (author, client_key) constraint keeps one, and that one is
    returned with created=False."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        model = type(obj)
        existing = (
            model.objects.filter(author_id=obj.author_id, client_key=obj.client_key).first()
            if obj.client_key is not None
            else None
        )
        if existing is None:
            raise
        return existing, False
    return obj, True


def annotation_create(
    *,
    article: Article,
    author: User,
    kind: str,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    comment: str = "",
    tags: Sequence[str] = (),
    visibility: str = Annotation.Visibility.PUBLIC,
    client_key: uuid.UUID | None = None,
) -> tuple[Annotation, bool]:
    """Anchor the selectors in the article's current text and save the annotation.

    Returns (annotation, created). A repeated submission (same client key, or an
    identical annotation moments ago) returns the existing one with created=False.
    Raises anchoring.AnchorError for selectors that do not fit the text.
    """
    found = anchoring.anchor(
        article.body, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix
    )
    if client_key is None:
        existing = (
            Annotation.objects.filter(
                author=author,
                article=article,
                kind=kind,
                start=found.start,
                end=found.end,
                comment=comment,
                created__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .order_by("-id")
            .first()
        )
        if existing is not None:
            return existing, False
    annotation = Annotation(
        article=article,
        author=author,
        kind=kind,
        visibility=visibility,
        comment=comment,
        tags=list(tags),
        start=found.start,
        end=found.end,
        exact=found.exact,
        prefix=found.prefix,
        suffix=found.suffix,
        text_version=article.text_version,
        anchored_version=article.text_version,
        client_key=client_key,
    )
    with transaction.atomic():
        annotation, created = _save_once(annotation)
        if created:
            annotation_tags_sync(annotation=annotation)
    return annotation, created


def annotation_tags_sync(*, annotation: Annotation) -> None:
    """Bring the indexed copy of the tags (AnnotationTag) in step with ``annotation.tags``:
    every write of the tags calls this, in its transaction."""
    wanted = {
        tag_digest(tag): tag for tag in dict.fromkeys(annotation.tags) if isinstance(tag, str)
    }
    have = dict(AnnotationTag.objects.filter(annotation=annotation).values_list("digest", "tag"))
    if have == wanted:
        return
    AnnotationTag.objects.filter(annotation=annotation).exclude(digest__in=list(wanted)).delete()
    AnnotationTag.objects.bulk_create(
        [
            AnnotationTag(annotation=annotation, tag=tag, digest=digest)
            for digest, tag in wanted.items()
            if digest not in have
        ]
    )


def annotation_update(
    *,
    annotation: Annotation,
    kind: str,
    comment: str,
    tags: Sequence[str],
    visibility: str,
) -> Annotation:
    """Change what the author said about the passage; the passage itself stays."""
    annotation.kind = kind
    annotation.comment = comment
    annotation.tags = list(tags)
    annotation.visibility = visibility
    with transaction.atomic():
        annotation.save(update_fields=["kind", "comment", "tags", "visibility", "modified"])
        annotation_tags_sync(annotation=annotation)
    return annotation


@transaction.atomic
def annotation_reattach(
    *,
    annotation: Annotation,
    by: User,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str = "",
    suffix: str = "",
) -> Annotation:
    """Attach a detached annotation to a passage ``by`` selected in the current text.

    Anchors (and snaps to words) like creation; only the passage changes: the comment,
    tags, replies, review and speaker stay with the annotation, and ``text_version``
    still names the revision it was made on. ``by`` is the person who chose the passage
    (the caller checks that they may). Raises anchoring.AnchorError like creation.
    """
    article = annotation.article
    found = anchoring.anchor(
        article.body, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix
    )
    annotation.start, annotation.end = found.start, found.end
    annotation.exact, annotation.prefix, annotation.suffix = found.exact, found.prefix, found.suffix
    annotation.anchored_version = article.text_version
    annotation.anchoring = Annotation.Anchoring.REANCHORED
    annotation.anchor_method = Annotation.AnchorMethod.MANUAL
    # Chosen by a person, not scored by a matcher.
    annotation.anchor_score = 1.0
    annotation.save(
        update_fields=[
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "anchored_version",
            "anchoring",
            "anchor_method",
            "anchor_score",
            "modified",
        ]
    )
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: Annotation) -> None:
    """Delete with its replies, tags and (by cascade) what hangs on it; a tombstone keeps
    the fact, so the annotation's IRI answers 410 Gone (api.views), whoever deleted it."""
    AnnotationTombstone.objects.update_or_create(
        annotation_id=annotation.pk, defaults={"article_id": annotation.article_id}
    )
    annotation.delete()


def reply_create(
    *,
    annotation: Annotation,
    author: User,
    body: str,
    client_key: uuid.UUID | None = None,
) -> tuple[Reply, bool]:
    reply, created = _save_once(
        Reply(annotation=annotation, author=author, body=body, client_key=client_key)
    )
    if created:
        article_page_forget(article_ids=[annotation.article_id])
    return reply, created


def _require_reply_author(reply: Reply, by: User) -> None:
    if not (by.is_authenticated and by.is_active and reply.author_id == by.pk):
        raise PermissionDenied("لا يمكنك تغيير رد كتبه غيرك.")


@transaction.atomic
def reply_update(*, reply: Reply, by: User, body: str) -> Reply:
    """The author rewrites their reply; the text is kept exactly as written."""
    _require_reply_author(reply, by)
    reply.body = body
    reply.save(update_fields=["body", "modified"])
    return reply


@transaction.atomic
def reply_delete(*, reply: Reply, by: User) -> None:
    _require_reply_author(reply, by)
    reply.delete()


def annotation_hide(*, annotation: Annotation, reason: str) -> Annotation:
    """Moderation: hide from everyone but the author and staff (used by newsroom)."""
    annotation.hidden_at = timezone.now()
    annotation.hidden_reason = reason
    annotation.save(update_fields=["hidden_at", "hidden_reason", "modified"])
    return annotation


def annotation_unhide(*, annotation: Annotation) -> Annotation:
    annotation.hidden_at = None
    annotation.hidden_reason = ""
    annotation.save(update_fields=["hidden_at", "hidden_reason", "modified"])
    return annotation


def annotations_reanchor(*, article: Article) -> Reanchoring:
    """Re-anchor the article's annotations made on an older text version.

    Never deletes: an annotation that cannot be found again is kept as detached
    with its quote. Returns what happened to each (the importer's report says it).
    """
    stale = list(
        Annotation.objects.filter(article=article, anchored_version__lt=article.text_version)
    )
    outcome = Reanchoring()
    for annotation in stale:
        was_detached = annotation.anchoring == Annotation.Anchoring.DETACHED
        result = anchoring.reanchor(
            article.body,
            start=annotation.start,
            end=annotation.end,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
        )
        annotation.anchoring = result.state.value
        annotation.anchored_version = article.text_version
        annotation.anchor_method = result.method.value if result.method else ""
        annotation.anchor_score = result.score
        if result.anchor is not None:
            # The quote itself is never rewritten: it is what the reader selected.
            annotation.start, annotation.end = result.anchor.start, result.anchor.end
            annotation.prefix, annotation.suffix = result.anchor.prefix, result.anchor.suffix
        outcome.add(annotation, result, was_detached=was_detached)
    if stale:
        with transaction.atomic():
            Annotation.objects.bulk_update(
                stale,
                [
                    "anchoring",
                    "anchored_version",
                    "anchor_method",
                    "anchor_score",
                    "start",
                    "end",
                    "prefix",
                    "suffix",
                ],
            )
            # bulk_update sends no signal: the page draws the marks at the new offsets.
            article_page_forget(article_ids=[article.pk])
    return outcome
