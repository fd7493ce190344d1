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
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Subquery

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


def _lexeme(term: str, weight: str = "") -> str:
    """A quoted tsquery lexeme, optionally restricted to one weight."""
    quoted = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (f":{weight}" if weight else "")


def tsquery_expression(query: ParsedQuery, *, weights: str = "AB", every: str = "") -> str:
    """A to_tsquery() expression with every lexeme quoted.

    A phrase must sit wholly in one field, i.e. under one weight (articles: title
    A, body B), as in FTS5 where a phrase cannot span two columns. ``every`` puts
    single words under one weight too (ranking asks "is it in the title?").
    """

    lexeme = _lexeme

    def operand(phrase: Phrase) -> str:
        if len(phrase) == 1:
            # ``every``: a single word only counts under that weight (the title's A).
            return lexeme(phrase[0], every)
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

# PostgreSQL estimates a phrase as if its words were independent: a name whose words
# always stand together («كريم عبد الهادي») is estimated ten times rarer than it is,
# so the planner reads every match through GIN and sorts them (240 ms on 100,000
# articles) where walking the newest articles stops after a few thousand probes. A
# phrase is first walked within the newest PHRASE_WALK articles, with bitmap scans
# (GIN's only kind) off for that one query; if fewer than the limit match there, the
# planner's own plan runs over all articles, which is the right one for fewer matches.
PHRASE_WALK = 4_000


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
    groups stand side by side in the title or the body, in the query's order (every pair
    for the exact phrase). On SQLite both tests are substring searches on the stored
    terms; on PostgreSQL they are tsquery matches on the row's vector, which answer the
    same question without sending the body's terms (tests/search/test_features.py checks the
    two orders agree; bench/bench_search_quality.py compares them on 202 queries).
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

    def adjacent_pairs(self, title: str, body: str) -> int:
        """Pairs standing side by side in the title or in the body (never across the two)."""
        title, body = f" {title} ", f" {body} "
        return sum(any(needle in title or needle in body for needle in pair) for pair in self.pairs)

    def key(self, *, title_hits: int, close: int, newest: float, pk: int) -> tuple:
        return (-title_hits, -close, -newest, -pk)

    def postgres_annotations(self, query: ParsedQuery, weights: str) -> dict:
        """The pair test as tsquery matches on the row's vector (already read for the
        match), so PostgreSQL sends booleans instead of the body's terms: a pair is a
        phrase within one weight. (The title test reads the short stored title terms,
        as on SQLite: each test on the vector decompresses it again, row by row.)"""
        annotations = {}
        for index, (left, right) in enumerate(zip(query.required, query.required[1:])):
            annotations[f"pair_{index}"] = _matches(pair_expression(left, right, weights=weights))
        return annotations


def pair_expression(left: Group, right: Group, *, weights: str) -> str:
    """A tsquery true when an alternative of ``left`` stands just before one of ``right``
    within one weight. Single words are written (a | b) <-> (c | d): the same question as
    every a <-> c spelled out, but one phrase test per weight instead of one per
    combination (a word's variants times its neighbour's), each a walk of positions,
    row by row. Groups with multi-word alternatives are spelled out."""
    if all(len(phrase) == 1 for phrase in (*left.phrases, *right.phrases)):

        def alternatives(group: Group, weight: str) -> str:
            return "(" + " | ".join(_lexeme(phrase[0], weight) for phrase in group.phrases) + ")"

        return " | ".join(
            f"({alternatives(left, weight)} <-> {alternatives(right, weight)})"
            for weight in weights
        )
    pair = Group(phrases=tuple(a + b for a in left.phrases for b in right.phrases))
    return tsquery_expression(ParsedQuery(raw="", required=(pair,)), weights=weights)


def _matches(expression: str) -> ExpressionWrapper:
    tsquery = SearchQuery(expression, search_type="raw", config="simple")
    return ExpressionWrapper(Q(postgres_vector__vector=tsquery), output_field=BooleanField())


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
    if vendor == "postgresql":
        # Pairs within the first two fields, as SQLite reads title and body only. The
        # title terms come from the row the match already reads (postgres_vector).
        tests = ranker.postgres_annotations(query, "AB")
        columns = ["pk", date_field, f"postgres_vector__{title_field}", *tests]
        rows = None
        if "<->" in tsquery_expression(query, weights=postgres_fields) and postgres_newest[0] == (
            f"-{date_field}"
        ):
            rows = _newest_walk(matched.annotate(**tests), queryset, columns, date_field, limit)
        if rows is None:
            rows = list(matched.annotate(**tests).values_list(*columns)[: limit + 1])
        scored = [(row[0], row[1], ranker.title_hits(row[2] or ""), sum(row[3:])) for row in rows]
    else:
        # The stored terms, read by rowid from the document table.
        columns = ["pk", date_field, f"search_document__{title_field}"]
        if ranker.needs_body:
            columns.append(f"search_document__{body_field}")
        rows = list(matched.values_list(*columns)[: limit + 1])
        scored = []
        for row in rows:
            title = row[2] or ""
            close = ranker.adjacent_pairs(title, row[3] or "") if len(row) > 3 else 0
            scored.append((row[0], row[1], ranker.title_hits(title), close))
    capped = len(scored) > limit
    keyed = [
        (ranker.key(title_hits=hits, close=close, newest=when.timestamp(), pk=pk), pk)
        for pk, when, hits, close in scored[:limit]
    ]
    keyed.sort()
    return SearchResults(ids=[pk for _key, pk in keyed], capped=capped)


def _newest_walk(
    matched: QuerySet, queryset: QuerySet, columns: list[str], date_field: str, limit: int
) -> list | None:
    """The newest ``limit + 1`` matches if they lie within the newest PHRASE_WALK rows of
    ``queryset``, found by walking them newest first (see PHRASE_WALK); else None."""
    boundary = queryset.order_by(f"-{date_field}").values(date_field)[PHRASE_WALK - 1 : PHRASE_WALK]
    window = matched.filter(**{f"{date_field}__gte": Subquery(boundary)})
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # SET LOCAL lasts to the end of the outermost transaction (a request's or a
        # test's included): the setting is put back as it was right after the query.
        cursor.execute("SHOW enable_bitmapscan")
        (before,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        try:
            rows = list(window.values_list(*columns)[: limit + 1])
        finally:
            cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [before])
    # All of them were in the window: the same rows as the walk over every article.
    return rows if len(rows) > limit else None


def search_articles(
    query: ParsedQuery, articles: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Articles: title and caption matches first, then proximity, then the newest."""
    return ranked_ids(
        query,
        articles,
        limit=limit,
        title_field="title_terms",
        body_field="body_terms",
        date_field="published_at",
        postgres_newest=("-published_at", "-pk"),
    )


def search_annotations(
    query: ParsedQuery, annotations: QuerySet, *, limit: int | None = None
) -> SearchResults:
    """Annotations: the comment (weight A on PostgreSQL) ranks as the title, the quoted
    text as the body; the speaker's name matches but does not rank."""
    return ranked_ids(
        query,
        annotations,
        limit=limit,
        title_field="comment_terms",
        body_field="quote_terms",
        date_field="created",
        postgres_fields="ABC",
    )
