"""The annotation writes the site calls: annotations.services' write of the annotation
itself, then the newsroom's follow-ups, by name and in the same transaction (a claim's
review row and its place in the claims queue)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from annotations import services as annotations_services
from annotations.models import Annotation
from articles.models import Article
from core.pagecache import article_page_forget

from .claims import claim_queue_sync


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    author: Any,
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
    """Create an annotation (see annotations.services.annotation_create for the
    anchoring and the repeated-submission rules); a claim enters the claims queue."""
    annotation, created = annotations_services.annotation_create(
        article=article,
        author=author,
        kind=kind,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        comment=comment,
        tags=tags,
        visibility=visibility,
        client_key=client_key,
    )
    if created:
        claim_queue_sync(annotation=annotation)
        article_page_forget(article_ids=[annotation.article_id])
    return annotation, created


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    kind: str,
    comment: str,
    tags: Sequence[str],
    visibility: str,
) -> Annotation:
    """Change what the author said about the passage; a claim's queue row follows its
    kind and visibility (a claim made private, or turned into a comment, leaves the queue)."""
    annotation = annotations_services.annotation_update(
        annotation=annotation, kind=kind, comment=comment, tags=tags, visibility=visibility
    )
    claim_queue_sync(annotation=annotation)
    article_page_forget(article_ids=[annotation.article_id])
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: Annotation, undoable: bool = False) -> None:
    """Delete an annotation with its replies, flags and review (by cascade: the claims
    queue's counts follow through newsroom.receivers), leaving its tombstone. ``undoable``:
    its author may take it back for a while (annotation_restore)."""
    article_id = annotation.article_id
    annotations_services.annotation_delete(annotation=annotation, undoable=undoable)
    article_page_forget(article_ids=[article_id])


def annotation_restore(*, annotation_id: int, by: Any) -> Annotation:
    """Undo the author's deletion: the annotation comes back with its review, speaker,
    replies and flags; a claim is in the queue again where it was."""
    # The queue's counts follow the review row's save (newsroom.receivers).
    annotation = annotations_services.annotation_restore(annotation_id=annotation_id, by=by)
    article_page_forget(article_ids=[annotation.article_id])
    return annotation
