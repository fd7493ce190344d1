"""Speakers and quote attribution: editors create speakers, attribute quotes (and
claims) to them and merge duplicates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.models import Annotation
from core.pagecache import article_page_forget

from ..models import QuoteAttribution, Speaker
from ..permissions import require_editor
from ..signals import quotes_reattributed

#: Claims too: a reviewed claim's ClaimReview names who made it (itemReviewed.author).
ATTRIBUTABLE_KINDS = (Annotation.Kind.QUOTE, Annotation.Kind.CLAIM)


def speaker_create(
    *,
    editor,
    name: str,
    kind: str = Speaker.Kind.PERSON,
    other_names: str = "",
    description: str = "",
) -> Speaker:
    require_editor(editor)
    speaker = Speaker(
        name=name.strip(),
        kind=kind,
        other_names=other_names,
        description=description,
        created_by=editor,
    )
    speaker.full_clean(exclude=["normalised_name", "search_names"])
    speaker.save()
    return speaker


@transaction.atomic
def quote_attribute(*, annotation: Annotation, editor: Any, speaker: Speaker) -> QuoteAttribution:
    require_editor(editor)
    # Claims too: a reviewed claim's ClaimReview names who made it (itemReviewed.author).
    if annotation.kind not in ATTRIBUTABLE_KINDS:
        raise ValidationError("لا يُنسب إلى متحدث إلا الاقتباس أو الادعاء.")
    attribution, _ = QuoteAttribution.objects.update_or_create(
        annotation=annotation, defaults={"speaker": speaker, "attributed_by": editor}
    )
    article_page_forget(article_ids=[annotation.article_id])
    return attribution


def quote_unattribute(*, annotation: Annotation, editor: Any) -> None:
    require_editor(editor)
    QuoteAttribution.objects.filter(annotation=annotation).delete()
    article_page_forget(article_ids=[annotation.article_id])


@transaction.atomic
def speakers_merge(*, keep: Speaker, others: Iterable[Speaker], editor: Any) -> int:
    """Move every quote of ``others`` to ``keep``, keep their names as other spellings
    of ``keep``, and delete them. Returns the number of quotes moved."""
    require_editor(editor)
    others = [s for s in others if s.pk != keep.pk]
    if not others:
        return 0
    keep = Speaker.objects.select_for_update().get(pk=keep.pk)
    moved_ids = list(
        QuoteAttribution.objects.filter(speaker__in=others).values_list("annotation_id", flat=True)
    )
    moved = QuoteAttribution.objects.filter(annotation_id__in=moved_ids).update(speaker=keep)
    names = [*keep.other_names_list]
    for other in others:
        for name in [other.name, *other.other_names_list]:
            if name != keep.name and name not in names:
                names.append(name)
        if not keep.description and other.description:
            keep.description = other.description
    keep.other_names = "\n".join(names)
    keep.save()
    Speaker.objects.filter(pk__in=[s.pk for s in others]).delete()
    article_page_forget(
        article_ids=Annotation.objects.filter(pk__in=moved_ids).values_list("article_id", flat=True)
    )
    # QuerySet.update() sends no post_save: tell the search index which quotes moved.
    quotes_reattributed.send(sender=Speaker, annotation_ids=moved_ids)
    return moved
