"""What an edit of an article's text would do to its annotations, before it is saved.

Used to warn editors (issue 9, part 3): the admin's edit preview and the
importer's ``--update`` report list how many annotations stay on the same
words, how many move to an approximate match (with their old and new text) and
which would be detached. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.models import Article

from . import anchoring
from .models import Annotation


@dataclass(frozen=True, slots=True)
class Outcome:
    annotation: Annotation
    result: anchoring.Reanchored

    @property
    def old_text(self) -> str:
        return self.annotation.exact

    @property
    def new_text(self) -> str:
        return self.result.anchor.exact if self.result.anchor else ""


@dataclass(frozen=True, slots=True)
class EditPreview:
    stay: list[Outcome] = field(default_factory=list)  # the same words (perhaps elsewhere)
    move: list[Outcome] = field(default_factory=list)  # an approximate match: old -> new text
    detach: list[Outcome] = field(default_factory=list)  # attached now, detached after the edit

    @property
    def harmless(self) -> bool:
        return not (self.move or self.detach)


def edit_preview(*, article: Article, body: str) -> EditPreview:
    """Re-anchor the article's attached annotations against ``body`` in memory.

    Annotations already detached are left out: the edit cannot make them worse.
    One query, whatever the number of annotations.
    """
    preview = EditPreview()
    annotations = (
        Annotation.objects.filter(article=article)
        .exclude(anchoring=Annotation.Anchoring.DETACHED)
        .select_related("author")
        .order_by("start", "end", "id")
    )
    for annotation in annotations:
        result = anchoring.reanchor(
            body,
            start=annotation.start,
            end=annotation.end,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
        )
        outcome = Outcome(annotation, result)
        if result.anchor is None:
            preview.detach.append(outcome)
        elif result.method is anchoring.AnchorMethod.FUZZY:
            preview.move.append(outcome)
        else:
            preview.stay.append(outcome)
    return preview
