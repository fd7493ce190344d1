"""Running a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

Only analysed terms reach the database, always as bound parameters and always
quoted in the FTS language, so nothing a reader types is interpreted as FTS or
SQL syntax. Both backends answer the same boolean question (every required
word or phrase present, no excluded one), phrases never cross from title to
body, and the ranking differs only in the formula (bm25 vs ts_rank_cd).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet

from .query import ParsedQuery, Phrase

# Title matches count ten times a body match (FTS5 bm25 column weights; on
# PostgreSQL title terms carry weight A and body terms weight B).
FTS5_RANK = "bm25(10.0, 1.0)"
POSTGRES_WEIGHTS = [0.0, 0.0, 0.1, 1.0]  # D, C, B, A


def fts5_expression(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression: quoted strings only, so no operator can be injected."""

    def quoted(phrase: Phrase) -> str:
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    expression = " AND ".join(quoted(phrase) for phrase in query.required)
    for phrase in query.excluded:
        expression += " NOT " + quoted(phrase)
    return expression


def tsquery_expression(query: ParsedQuery) -> str:
    """A to_tsquery() expression with every lexeme quoted.

    A phrase must sit wholly in the title (weight A) or wholly in the body (B),
    as in FTS5 where a phrase cannot span two columns.
    """

    def lexeme(term: str, weight: str = "") -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + (f":{weight}" if weight else "")

    def operand(phrase: Phrase) -> str:
        if len(phrase) == 1:
            return lexeme(phrase[0])
        return "(" + " | ".join(
            "(" + " <-> ".join(lexeme(term, weight) for term in phrase) + ")" for weight in "AB"
        ) + ")"

    parts = [operand(phrase) for phrase in query.required]
    parts += ["!" + operand(phrase) for phrase in query.excluded]
    return " & ".join(parts)


def search_articles(query: ParsedQuery, articles: QuerySet) -> QuerySet:
    """``articles`` (already filtered) that match ``query``, best first, with ``.rank``.

    Higher rank is better on both backends. The caller must not pass an empty query.
    """
    if query.is_empty:
        return articles.none()
    vendor = connections[articles.db].vendor
    if vendor == "sqlite":
        matched = articles.filter(sqlite_fts__match=fts5_expression(query)).annotate(
            rank=-F("sqlite_fts__rank")
        )
    elif vendor == "postgresql":
        tsquery = SearchQuery(tsquery_expression(query), search_type="raw", config="simple")
        matched = articles.filter(postgres_vector__vector=tsquery).annotate(
            rank=SearchRank(
                F("postgres_vector__vector"), tsquery, weights=POSTGRES_WEIGHTS, cover_density=True
            )
        )
    else:  # pragma: no cover - the project supports these two databases only
        raise NotImplementedError(f"search has no index for {vendor}")
    return matched.order_by("-rank", "-published_at", "-id")
