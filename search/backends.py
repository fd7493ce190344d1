"""Running a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

Only analysed terms reach the database, always as bound parameters and always
quoted in the FTS language, so nothing a reader types is interpreted as FTS or
SQL syntax. Both backends answer the same boolean question (every required
word or phrase present, no excluded one), phrases never cross from title to
body, and the ranking differs only in the formula (bm25 vs ts_rank_cd).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet, Subquery

from .query import ParsedQuery, Phrase

# Title matches count ten times a body match: on SQLite the FTS5 table's rank
# is bm25(10.0, 1.0) (migration 0001); on PostgreSQL title terms carry weight A
# and body terms weight B.
POSTGRES_WEIGHTS = [0.0, 0.0, 0.1, 1.0]  # D, C, B, A
# Annotations: comment (A), quoted text (B) and speaker name (C) alike, as
# bm25(1.0, 1.0, 1.0) in migration 0004.
ANNOTATION_WEIGHTS = [0.0, 1.0, 1.0, 1.0]


def fts5_expression(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression: quoted strings only, so no operator can be injected."""

    def quoted(phrase: Phrase) -> str:
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    expression = " AND ".join(quoted(phrase) for phrase in query.required)
    for phrase in query.excluded:
        expression += " NOT " + quoted(phrase)
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

    parts = [operand(phrase) for phrase in query.required]
    parts += ["!" + operand(phrase) for phrase in query.excluded]
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


def ranked_ids(
    query: ParsedQuery,
    queryset: QuerySet,
    *,
    limit: int | None = None,
    postgres_weights: list[float] = POSTGRES_WEIGHTS,
    postgres_fields: str = "AB",
    postgres_newest: tuple[str, ...] = ("-pk",),
) -> SearchResults:
    """Ids of ``queryset`` (already filtered) that match ``query``, best first.

    ``queryset`` is of a model indexed by this app (Article or Annotation): both
    reach their index through the relations ``sqlite_fts`` and ``postgres_vector``.
    One query: the newest ``limit`` matches with their rank (see MAX_RANKED);
    sorted here by rank, then by id, newest first. An empty query matches nothing.
    """
    if query.is_empty:
        return SearchResults(ids=[], capped=False)
    limit = MAX_RANKED if limit is None else limit
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        # Ordered by the FTS table's own rowid so FTS5 walks its doclists newest
        # first and stops at the limit; bm25 is computed only for those rows.
        # The walk starts and stops at the first and last id the filters allow:
        # a date range is a narrow band of ids when articles arrive as they are
        # published, so an old month does not walk every newer match. (Not on
        # PostgreSQL: bounds it cannot estimate turn its GIN plan into a scan.)
        ids = queryset.order_by().values("pk")
        first_id, last_id = Subquery(ids.order_by("pk")[:1]), Subquery(ids.order_by("-pk")[:1])
        matched = (
            queryset.filter(
                sqlite_fts__match=fts5_expression(query),
                sqlite_fts__pk__gte=first_id,
                sqlite_fts__pk__lte=last_id,
            )
            .annotate(rank=-F("sqlite_fts__rank"))
            .order_by(F("sqlite_fts__pk").desc())
        )
    elif vendor == "postgresql":
        tsquery = SearchQuery(
            tsquery_expression(query, weights=postgres_fields), search_type="raw", config="simple"
        )
        # Newest published first: PostgreSQL walks the filters' own index
        # (publication date, section or publisher, each ending in the date) and
        # probes each article's vector, or for rare words goes through the GIN
        # index; ordered by id instead it misjudged date-filtered walks.
        matched = (
            queryset.filter(postgres_vector__vector=tsquery)
            .annotate(
                rank=SearchRank(
                    F("postgres_vector__vector"),
                    tsquery,
                    weights=postgres_weights,
                    cover_density=True,
                )
            )
            .order_by(*postgres_newest)
        )
    else:  # pragma: no cover - the project supports these two databases only
        raise NotImplementedError(f"search has no index for {vendor}")
    rows = list(matched.values_list("pk", "rank")[: limit + 1])
    capped = len(rows) > limit
    # Equal ranks: the newer arrival first (converting 1,000 dates would cost more).
    rows = sorted(rows[:limit], key=lambda row: (-row[1], -row[0]))
    return SearchResults(ids=[row[0] for row in rows], capped=capped)


def search_articles(
    query: ParsedQuery, articles: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Articles by relevance; title terms weigh ten times body terms."""
    return ranked_ids(query, articles, limit=limit, postgres_newest=("-published_at", "-pk"))


def search_annotations(
    query: ParsedQuery, annotations: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Annotations by relevance; comment, quoted text and speaker name weigh the same."""
    return ranked_ids(
        query, annotations, limit=limit, postgres_weights=ANNOTATION_WEIGHTS, postgres_fields="ABC"
    )
