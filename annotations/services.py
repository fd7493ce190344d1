"""Writes to annotations: keyword-only, typed, each in one transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import User
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from articles.models import Article
from core.pagecache import article_page_forget

from . import anchoring
from .models import (
    Annotation,
    AnnotationTag,
    AnnotationTombstone,
    DeletedAnnotation,
    Reply,
    tag_digest,
)
from .preview import Reanchoring

# Without a client key, an identical annotation by the same author within this
# window is taken to be a double submission.
DUPLICATE_WINDOW = timedelta(seconds=10)
#: How long the author of a deleted annotation may take it back («تراجع»).
UNDO_WINDOW = timedelta(minutes=10)


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


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond (DjangoJSONEncoder keeps milliseconds): a restored row
    is the row that was deleted."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


@transaction.atomic
def annotation_delete(*, annotation: Annotation, undoable: bool = False) -> None:
    """Delete ``annotation`` with its replies, tags and (by cascade) what hangs on it; a
    tombstone keeps the fact, so the annotation's IRI answers 410 Gone (api.views),
    whoever deleted it. ``undoable`` keeps a copy of every deleted row for UNDO_WINDOW
    so its author can take it back (annotation_restore); expired copies are dropped on
    the way."""
    AnnotationTombstone.objects.update_or_create(
        annotation_id=annotation.pk, defaults={"article_id": annotation.article_id}
    )
    if not undoable:
        annotation.delete()
        return
    DeletedAnnotation.objects.filter(deleted_at__lt=timezone.now() - UNDO_WINDOW).delete()
    collector = Collector(using=router.db_for_write(Annotation), origin=annotation)
    collector.collect([annotation])
    collector.sort()  # children before parents, the order of deletion
    rows: list[models.Model] = []
    for model, instances in collector.data.items():
        # The collector may hold only the keys it needs: read whole rows, one query a model.
        rows.extend(model._base_manager.filter(pk__in=[obj.pk for obj in instances]))
    for queryset in collector.fast_deletes:  # deleted in bulk, without loading them
        rows[:0] = queryset.model._base_manager.filter(pk__in=queryset.values("pk"))
    relinks = []
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:  # a queryset or a list of instances
            objs = cast(Iterable[Any], batch)
            for obj in objs:
                relinks.append(
                    [obj._meta.label, obj.pk, field.attname, getattr(obj, field.attname)]
                )
    DeletedAnnotation.objects.update_or_create(
        annotation_id=annotation.pk,
        defaults={
            "author_id": annotation.author_id,
            "article_id": annotation.article_id,
            "deleted_at": timezone.now(),
            # Parents before children, as they are to be inserted again.
            "rows": json.dumps(
                serializers.serialize("python", reversed(rows)), cls=_ExactJSONEncoder
            ),
            "relinks": relinks,
        },
    )
    collector.delete()


def annotation_restorable(*, annotation_id: int, by: User) -> DeletedAnnotation | None:
    """The copy ``by`` may restore: their own deletion, within UNDO_WINDOW."""
    if not by.is_authenticated:
        return None
    return DeletedAnnotation.objects.filter(
        annotation_id=annotation_id,
        author=by,
        deleted_at__gte=timezone.now() - UNDO_WINDOW,
    ).first()


def annotation_restore(*, annotation_id: int, by: User) -> Annotation:
    """Undo the author's deletion of an annotation: every row it took with it (replies,
    review, speaker, flags, search document) comes back as it was, with its ids.

    Raises PermissionDenied past UNDO_WINDOW, for someone else's annotation, or when
    what it belonged to is gone meanwhile (its article)."""
    gone = PermissionDenied("انقضت مهلة التراجع عن الحذف أو لا يمكنك استرجاع هذه الملاحظة.")
    try:
        with transaction.atomic():
            deleted = annotation_restorable(annotation_id=annotation_id, by=by)
            if deleted is None:
                raise gone
            # Locks the copy: a second click waits, then finds it gone.
            if not DeletedAnnotation.objects.select_for_update().filter(pk=deleted.pk).delete()[0]:
                raise gone
            if not Article.objects.filter(pk=deleted.article_id).exists():
                raise gone
            # Back again: its IRI is no longer Gone.
            AnnotationTombstone.objects.filter(annotation_id=annotation_id).delete()
            restored = list(serializers.deserialize("python", json.loads(deleted.rows)))
            # Raw saves, as loaddata does: the rows are exactly what was deleted (times
            # included) and the receivers leave them alone.
            for item in restored:
                item.save(save_m2m=False)
            for label, pk, attname, value in deleted.relinks:
                model = apps.get_model(label)
                model._base_manager.filter(pk=pk).update(**{attname: value})
            if connection.vendor == "postgresql":
                # Foreign keys are checked at commit; check them here, inside the try.
                # (SQLite checks them when this outermost transaction commits.)
                connection.check_constraints()
    except IntegrityError:
        raise gone from None
    annotation = Annotation.objects.get(pk=annotation_id)
    article_page_forget(article_ids=[annotation.article_id])
    return annotation


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
