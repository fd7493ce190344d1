"""Running a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

Only analysed terms reach the database, always as bound parameters and always
quoted in the FTS language, so nothing a reader types is interpreted as FTS or
SQL syntax. Both backends answer the same boolean question (every required
word or phrase present, no excluded one), phrases never cross from title to
body, and the ranking is computed in Python (Ranker) from the same tests on
both (title terms stored, word pairs from the index's positions).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Subquery
from django.db.models.expressions import Col
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.db.models.sql.where import AND

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

# PostgreSQL ranks the newest matches by walking the articles newest first and
# probing each one's vector, or by reading every match through GIN and sorting them; it
# picks by its estimate of how many articles match, and the estimate can be far off
# both ways. A phrase is estimated as if its words were independent: a name whose words
# always stand together («كريم عبد الهادي») is estimated ten times rarer than it is, and
# GIN plus a sort of every match took 240 ms on 100,000 articles. A word that is in no
# article is estimated at half the rarest frequency the statistics keep: four spellings
# of one were estimated at 12,700 of 1,000,000 articles, and the walk probed all of
# them to find none (7 s). So the walk decides, not the estimate: the newest
# WALK_WINDOW articles are walked (for a phrase or several words with bitmap scans,
# GIN's only kind, off for those queries); if the limit is not reached there, the rate of matches there says which plan is
# cheaper: the walk goes on through the older articles if it should reach the limit
# within WALK_BUDGET more probes, else the matches are read through GIN (the walk and
# the hash and merge joins off) and sorted, which for so few matches is the fast way.
# Between the two (a word in 1-3% of 1,000,000 articles) neither stays under 50 ms.
# The window is small so that a rare word pays little for it (200 probes, ~1.5 ms);
# a common one finds a share of its matches there and goes on (one more query).
WALK_WINDOW = 200
WALK_BUDGET = 20_000


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
    for the exact phrase). Both databases answer it from their index's positions, so the
    body's terms are never sent: on SQLite one FTS5 phrase query per pair over the matched
    rows' id range, on PostgreSQL a tsquery match on the row's vector (tests/search/
    test_features.py checks the two orders agree; bench/bench_search_quality.py compares
    them on 202 queries). The title test reads the short stored title terms on both.
    """

    def __init__(self, query: ParsedQuery) -> None:
        self.groups = [
            [" " + " ".join(phrase) + " " for phrase in group.phrases] for group in query.required
        ]

    def title_hits(self, title: str) -> int:
        """How many of the query's groups the title (with the caption) holds on its own."""
        padded = f" {title} "
        return sum(any(needle in padded for needle in group) for group in self.groups)

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
        _tightest_bounds_first(ids)
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
        if postgres_newest[0] == f"-{date_field}":
            # Words estimated as independent: a phrase, or two groups or more.
            steer = len(query.required) > 1 or "<->" in tsquery_expression(
                query, weights=postgres_fields
            )
            rows = _newest_walk(
                matched.annotate(**tests), queryset, columns, date_field, limit, steer=steer
            )
        else:
            rows = list(matched.annotate(**tests).values_list(*columns)[: limit + 1])
        scored = [(row[0], row[1], ranker.title_hits(row[2] or ""), sum(row[3:])) for row in rows]
    else:
        # The stored title terms, read by rowid from the document table; the pairs from
        # FTS5's positions (testing the body's terms here cost 13-23 ms of CPU for three
        # words of a dozen spellings each on 500 rows, bench/bench_search.py).
        columns = ["pk", date_field, f"search_document__{title_field}"]
        rows = list(matched.values_list(*columns)[: limit + 1])
        pairs = _sqlite_pairs(query, queryset, [row[0] for row in rows], title_field, body_field)
        scored = [
            (pk, when, ranker.title_hits(title or ""), sum(pk in pair for pair in pairs))
            for pk, when, title in rows
        ]
    capped = len(scored) > limit
    keyed = [
        (ranker.key(title_hits=hits, close=close, newest=when.timestamp(), pk=pk), pk)
        for pk, when, hits, close in scored[:limit]
    ]
    keyed.sort()
    return SearchResults(ids=[pk for _key, pk in keyed], capped=capped)


def _sqlite_pairs(
    query: ParsedQuery, queryset: QuerySet, pks: list[int], title_field: str, body_field: str
) -> list[set[int]]:
    """For each neighbouring pair of the query's groups, the ids among ``pks`` where an
    alternative of the first stands just before one of the second, within the title or
    within the body (an FTS5 phrase never spans two columns).

    One phrase query per pair, every combination of the two groups' alternatives OR-ed,
    over the id range of ``pks`` only: FTS5 seeks each term's doclist to the range and
    reads positions for the rows holding both terms, a millisecond or two where testing
    the stored body terms in Python took tens of milliseconds."""
    if len(query.required) < 2 or not pks:
        return []
    fts = queryset.model._meta.get_field("sqlite_fts").related_model
    wanted = set(pks)
    columns = "{" + f"{title_field} {body_field}" + "} : "
    found = []
    for left, right in zip(query.required, query.required[1:]):
        pair = Group(phrases=tuple(a + b for a in left.phrases for b in right.phrases))
        expression = columns + fts5_expression(ParsedQuery(raw="", required=(pair,)))
        hits = fts.objects.using(queryset.db).filter(
            match=expression, pk__gte=min(pks), pk__lte=max(pks)
        )
        found.append(wanted.intersection(hits.values_list("pk", flat=True)))
    return found


_UPPER = (LessThan, LessThanOrEqual)
_LOWER = (GreaterThan, GreaterThanOrEqual)


def _tightest_bounds_first(queryset: QuerySet) -> None:
    """Put the narrowest upper and lower bound on each column first in the WHERE clause.

    SQLite (without STAT4) bounds an index range by the first of several upper bounds on
    one column and checks the others row by row: "published_at <= now AND published_at >=
    X AND published_at < Y", as published() and a date filter write it, read every
    article from X to now. For the oldest month of 1,000,000 articles that was two
    scans of the whole index (about 100 ms each) before the FTS walk began. The
    conditions are the same, only their order changes (the clause is an AND)."""
    where = queryset.query.where
    if where.connector != AND or where.negated:
        return
    best: dict[tuple, object] = {}
    for child in where.children:
        if not isinstance(child, (*_UPPER, *_LOWER)) or not isinstance(child.lhs, Col):
            continue
        if hasattr(child.rhs, "resolve_expression"):
            continue
        upper = isinstance(child, _UPPER)
        key = (child.lhs.alias, child.lhs.target.column, upper)
        current = best.get(key)
        try:
            if current is None or _narrower(child, current, upper=upper):
                best[key] = child
        except TypeError:  # values that do not compare: leave the order alone
            return
    chosen = [child for child in where.children if any(child is b for b in best.values())]
    where.children = chosen + [c for c in where.children if all(c is not b for b in chosen)]


def _narrower(child, current, *, upper: bool) -> bool:
    if child.rhs == current.rhs:
        # Strict beats inclusive at the same value.
        return isinstance(child, (LessThan, GreaterThan)) and not isinstance(
            current, (LessThan, GreaterThan)
        )
    return child.rhs < current.rhs if upper else child.rhs > current.rhs


# Planner settings (PostgreSQL): the walk newest first; reading the matches through GIN.
_WALK = {"enable_bitmapscan": "off"}
_GIN = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "enable_indexonlyscan": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "jit": "off",
}


def _newest_walk(
    matched: QuerySet,
    queryset: QuerySet,
    columns: list[str],
    date_field: str,
    limit: int,
    *,
    steer: bool,
) -> list:
    """The newest ``limit + 1`` rows of ``matched`` (a filter of ``queryset``), newest
    first, as the planner's plan would give them; the plan chosen by the matches found
    among the newest WALK_WINDOW rows (see WALK_WINDOW). Only a query whose words are
    estimated as if independent (``steer``: a phrase, or several words, which in news
    go together far more often) needs bitmap scans off to be walked; one word's
    estimate is good enough for the planner to walk a window of a few hundred articles,
    and to walk on when the word is common."""
    newest = queryset.order_by(f"-{date_field}").values_list(date_field, flat=True)
    boundary = list(newest[WALK_WINDOW - 1 : WALK_WINDOW])
    with _planner(queryset.db, _WALK) if steer else nullcontext():
        if not boundary:  # no more than WALK_WINDOW rows: the walk is bounded
            return list(matched.values_list(*columns)[: limit + 1])
        window = matched.filter(**{f"{date_field}__gte": boundary[0]})
        rows = list(window.values_list(*columns)[: limit + 1])
        if len(rows) > limit:
            return rows
        if rows and (limit + 1 - len(rows)) * WALK_WINDOW <= WALK_BUDGET * len(rows):
            # Common enough: the walk goes on where the window ended.
            older = matched.filter(**{f"{date_field}__lt": boundary[0]})
            return rows + list(older.values_list(*columns)[: limit + 1 - len(rows)])
    # Rare: every match through GIN, then its article by id, then the sort.
    with _planner(queryset.db, _GIN):
        return list(matched.values_list(*columns)[: limit + 1])


@contextmanager
def _planner(using: str, settings: dict[str, str]) -> Iterator[None]:
    """PostgreSQL planner settings for the queries run inside, put back after them.

    SET LOCAL would last to the end of the outermost transaction (a request's or a
    test's included), so the settings are put back right after the queries. One
    statement reads them (a materialised CTE, evaluated first) and sets them."""
    names = list(settings)
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        reads = ", ".join(f"current_setting(%s) AS s{i}" for i in range(len(names)))
        sets = ", ".join(["set_config(%s, %s, true)"] * len(names))
        cursor.execute(
            f"WITH before AS MATERIALIZED (SELECT {reads}) SELECT before.*, {sets} FROM before",
            [*names, *(value for item in settings.items() for value in item)],
        )
        before = cursor.fetchone()[: len(names)]
        try:
            yield
        finally:
            cursor.execute(
                f"SELECT {sets}", [value for item in zip(names, before) for value in item]
            )


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
