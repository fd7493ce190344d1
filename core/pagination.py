"""Numbered pagination that stays fast with 100,000+ rows.

Two costs grow with the table: the COUNT(*) a numbered pager needs, and the rows an
OFFSET skips. IndexPaginator takes its count from a CountCache (or a count already
known), and reads a page as ids first, from the listing's index alone, then fetches
only those rows with their joins: a deep page then skips index entries, not joined rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .counts import CountCache


class IndexPaginator(Paginator):
    """Paginate an ordered queryset whose page ids can be read from an index.

    ``fetch`` turns the queryset of a page's ids into its rows, in page order, with
    whatever joins the page needs (as a subquery: one query; or read first: two);
    ``count`` is a known total, else ``counts`` and ``count_key`` cache the count of
    this listing, else the queryset is counted.
    """

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        fetch: Callable[[QuerySet[Any]], Iterable[Any]],
        count: int | None = None,
        counts: CountCache | None = None,
        count_key: str | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self._fetch = fetch
        self._known_count = count
        self._counts = counts
        self._count_key = count_key

    @cached_property
    def count(self) -> int:
        if self._known_count is not None:
            return self._known_count
        if self._counts is not None and self._count_key is not None:
            return self._counts.get(self._count_key, self.queryset.count)
        return self.queryset.count()

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.queryset.values_list("pk", flat=True)[bottom : bottom + self.per_page]
        return Page(list(self._fetch(ids)), number, self)


def in_order(ids: Sequence[Any], rows: QuerySet[Any]) -> list[Any]:
    """``rows`` with those ``ids``, in the order of ``ids`` (rows since gone are left out)."""
    by_pk = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
