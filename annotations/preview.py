"""What an edit of an article's text would do to its annotations, before it is saved.

Used to warn editors (issue 9, part 3): the admin's edit preview and the
importer's ``--update`` report list how many annotations stay on the same
words, how many move to an approximate match (with their old and new text) and
which would be detached. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import ngettext

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

    def summary(self) -> list[str]:
        return summary_lines(stay=len(self.stay), move=len(self.move), detach=len(self.detach))


def _notes(n: int) -> str:
    return ngettext("%(n)s ملاحظة", "%(n)s ملاحظات", n) % {"n": n}


def summary_lines(*, stay: int, move: int, detach: int) -> list[str]:
    """What an edit does (or did) to an article's annotations, one Arabic line each.

    A label, then the count as a noun phrase, so every one of Arabic's six plural
    forms reads right («ملاحظتان», «11 ملاحظةً») without verb agreement."""
    return [
        f"في مواضعها: {_notes(stay)}.",
        f"تنتقل إلى نص معدَّل: {_notes(move)}.",
        f"تنفصل عن النص: {_notes(detach)}.",
    ]


def _short(text: str, limit: int = 40) -> str:
    # Only for a one-line report: the stored quote is never shortened.
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class Reanchoring:
    """What re-anchoring after a stored edit did: annotations that stayed on the same
    words, moved to an approximate match (id, old text, new text), were detached
    (id, quote), or were detached before and are attached again."""

    stayed: int = 0
    moved: list[tuple[int, str, str]] = field(default_factory=list)
    detached: list[tuple[int, str]] = field(default_factory=list)
    reattached: int = 0

    def add(
        self, annotation: Annotation, result: anchoring.Reanchored, *, was_detached: bool
    ) -> None:
        if result.anchor is None:
            if not was_detached:
                self.detached.append((annotation.pk, annotation.exact))
        elif was_detached:
            self.reattached += 1
        elif result.method is anchoring.AnchorMethod.FUZZY:
            self.moved.append((annotation.pk, annotation.exact, result.anchor.exact))
        else:
            self.stayed += 1

    def report(self) -> str:
        """One line for the importer's report; empty when there was nothing to re-anchor."""
        if not (self.stayed or self.moved or self.detached or self.reattached):
            return ""
        parts = summary_lines(stay=self.stayed, move=len(self.moved), detach=len(self.detached))
        line = "الملاحظات: " + " ".join(parts)
        if self.reattached:
            line += f" عادت إلى النص: {_notes(self.reattached)}."
        moved = "، ".join(f"#{pk} «{_short(old)}» ← «{_short(new)}»" for pk, old, new in self.moved)
        detached = "، ".join(f"#{pk} «{_short(quote)}»" for pk, quote in self.detached)
        if moved:
            line += f" انتقلت: {moved}."
        if detached:
            line += f" انفصلت: {detached}."
        return line


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
