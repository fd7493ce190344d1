"""Running a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

Only analysed terms reach the database, always as bound parameters and always
quoted in the FTS language, so nothing a reader types is interpreted as FTS or
SQL syntax. Both backends answer the same boolean question (every required
word or phrase present, no excluded one), phrases never cross from title to
body, and the ranking is computed in Python from the stored terms (Ranker),
so it is the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import F, QuerySet, Subquery

from .query import Group, ParsedQuery, Phrase


def fts5_expression(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression: quoted strings only, so no operator can be injected.

    A group is its alternatives joined by OR; groups are joined by AND.
    """

    def quoted(phrase: Phrase) -> str:
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    def group(item: Group) -> str:
        if len(item.phrases) == 1:
            return quoted(item.phrase)
        return "(" + " OR ".join(quoted(phrase) for phrase in item.phrases) + ")"

    expression = " AND ".join(group(item) for item in query.required)
    for item in query.excluded:
        expression += " NOT " + group(item)
    return expression


def tsquery_expression(query: ParsedQuery, *, weights: str = "AB") -> str:
    """A to_tsquery() expression with every lexeme quoted.

    A phrase must sit wholly in one field, i.e. under one weight (articles: title
    A, body B), as in FTS5 where a phrase cannot span two columns.
    """

    def lexeme(term: str, weight: str = "") -> str:
        quoted = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
        return quoted + (f":{weight}" if weight else "")

    def operand(phrase: Phrase) -> str:
        if len(phrase) == 1:
            return lexeme(phrase[0])
        return (
            "("
            + " | ".join(
                "(" + " <-> ".join(lexeme(term, weight) for term in phrase) + ")"
                for weight in weights
            )
            + ")"
        )

    def group(item: Group) -> str:
        if len(item.phrases) == 1:
            return operand(item.phrase)
        return "(" + " | ".join(operand(phrase) for phrase in item.phrases) + ")"

    parts = [group(item) for item in query.required]
    parts += ["!" + group(item) for item in query.excluded]
    return " & ".join(parts)


# At most this many matches are ranked: the newest ones (on SQLite by article
# id, i.e. arrival; on PostgreSQL by publication date). Ranking every match of a word found in most articles would
# cost hundreds of milliseconds on 100,000 articles (bench/bench_search.py),
# and few read past page 25; a query with fewer matches is ranked whole.
MAX_RANKED = 500


@dataclass(frozen=True)
class SearchResults:
    ids: list[int]  # article ids, best first
    capped: bool  # more articles matched than were ranked

    def __len__(self) -> int:
        return len(self.ids)


class Ranker:
    """Orders matches: title and caption first, then phrase proximity, then recency, then
    the newer arrival. Computed here from the stored terms, so both databases order alike.

    Proximity is counted on the term sequence: how many neighbouring pairs of the query's
    groups stand side by side in the text, in the query's order (every pair for the
    exact phrase). Both tests are substring searches on the space-joined terms, so
    ranking 500 matches costs a few milliseconds.
    """

    def __init__(self, query: ParsedQuery) -> None:
        self.groups = [
            [" " + " ".join(phrase) + " " for phrase in group.phrases] for group in query.required
        ]
        self.pairs = [
            [
                " " + " ".join(first) + " " + " ".join(second) + " "
                for first in left.phrases
                for second in right.phrases
            ]
            for left, right in zip(query.required, query.required[1:])
        ]

    @property
    def needs_body(self) -> bool:
        return bool(self.pairs)

    def title_hits(self, title: str) -> int:
        """How many of the query's groups the title (with the caption) holds on its own."""
        padded = f" {title} "
        return sum(any(needle in padded for needle in group) for group in self.groups)

    def adjacent_pairs(self, text: str) -> int:
        padded = f" {text} "
        return sum(any(needle in padded for needle in pair) for pair in self.pairs)

    def key(self, *, title: str, body: str | None, newest: float, pk: int) -> tuple:
        # Title and body are tested apart: a phrase never spans the two.
        close = 0
        if body is not None:
            close = max(self.adjacent_pairs(title), self.adjacent_pairs(body))
        return (-self.title_hits(title), -close, -newest, -pk)


def ranked_ids(
    query: ParsedQuery,
    queryset: QuerySet,
    *,
    limit: int | None = None,
    title_field: str,
    body_field: str,
    date_field: str,
    postgres_fields: str = "AB",
    postgres_newest: tuple[str, ...] = ("-pk",),
) -> SearchResults:
    """Ids of ``queryset`` (already filtered) that match ``query``, best first.

    ``queryset`` is of a model indexed by this app (Article or Annotation): both
    reach their index through the relations ``sqlite_fts`` and ``postgres_vector``.
    The database answers which rows match (the newest ``limit``, see MAX_RANKED);
    they are ordered here by Ranker. An empty query matches nothing.
    """
    if query.is_empty:
        return SearchResults(ids=[], capped=False)
    limit = MAX_RANKED if limit is None else limit
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        # Ordered by the FTS table's own rowid so FTS5 walks its doclists newest
        # first and stops at the limit.
        # The walk starts and stops at the first and last id the filters allow:
        # a date range is a narrow band of ids when articles arrive as they are
        # published, so an old month does not walk every newer match. (Not on
        # PostgreSQL: bounds it cannot estimate turn its GIN plan into a scan.)
        ids = queryset.order_by().values("pk")
        first_id, last_id = Subquery(ids.order_by("pk")[:1]), Subquery(ids.order_by("-pk")[:1])
        matched = queryset.filter(
            sqlite_fts__match=fts5_expression(query),
            sqlite_fts__pk__gte=first_id,
            sqlite_fts__pk__lte=last_id,
        ).order_by(F("sqlite_fts__pk").desc())
    elif vendor == "postgresql":
        tsquery = SearchQuery(
            tsquery_expression(query, weights=postgres_fields), search_type="raw", config="simple"
        )
        # Newest published first: PostgreSQL walks the filters' own index
        # (publication date, section or publisher, each ending in the date) and
        # probes each article's vector, or for rare words goes through the GIN
        # index; ordered by id instead it misjudged date-filtered walks.
        matched = queryset.filter(postgres_vector__vector=tsquery).order_by(*postgres_newest)
    else:  # pragma: no cover - the project supports these two databases only
        raise NotImplementedError(f"search has no index for {vendor}")
    # The body is read only when there is a proximity to measure (two groups or more).
    ranker = Ranker(query)
    columns = ["pk", date_field, title_field]
    if ranker.needs_body:
        columns.append(body_field)
    rows = list(matched.values_list(*columns)[: limit + 1])
    capped = len(rows) > limit
    keyed = []
    for row in rows[:limit]:
        pk, when, title = row[0], row[1], row[2] or ""
        body = (row[3] or "") if len(row) > 3 else None
        keyed.append((ranker.key(title=title, body=body, newest=when.timestamp(), pk=pk), pk))
    keyed.sort()
    return SearchResults(ids=[pk for _key, pk in keyed], capped=capped)


def search_articles(
    query: ParsedQuery, articles: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Articles: title and caption matches first, then proximity, then the newest."""
    return ranked_ids(
        query,
        articles,
        limit=limit,
        title_field="search_document__title_terms",
        body_field="search_document__body_terms",
        date_field="published_at",
        postgres_newest=("-published_at", "-pk"),
    )


def search_annotations(
    query: ParsedQuery, annotations: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Annotations: the speaker's name and the quoted text weigh alike, so they are the
    'title' together; the comment is the body."""
    return ranked_ids(
        query,
        annotations,
        limit=limit,
        title_field="search_document__quote_terms",
        body_field="search_document__comment_terms",
        date_field="created",
        postgres_fields="ABC",
    )
