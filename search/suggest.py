""" "Did you mean": the indexed terms closest to a query's words.

Candidates are the indexed terms (the matching form), by edit distance to the
query word's term (RapidFuzz's Levenshtein), then by how many articles hold
them. The vocabulary comes from the index itself (FTS5's fts5vocab on SQLite,
ts_stat on PostgreSQL: the same terms and document counts) and is cached for
VOCABULARY_SECONDS, since reading it walks the whole index.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .query import ParsedQuery

FEW_RESULTS = 3
VOCABULARY_SECONDS = 600
CACHE_KEY = "search:vocabulary:v1"
MAX_SUGGESTIONS = 3


def vocabulary() -> dict[str, int]:
    """Every indexed article term with the number of articles holding it."""
    found = cache.get(CACHE_KEY)
    if found is not None:
        return found
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT term, SUM(doc) FROM search_fts_vocab GROUP BY term")
        else:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM search_searchdocument')"
            )
        found = {term: int(count) for term, count in cursor.fetchall()}
    cache.set(CACHE_KEY, found, VOCABULARY_SECONDS)
    return found


def _max_distance(term: str) -> int:
    return 1 if len(term) <= 4 else 2


def closest_terms(term: str, terms: dict[str, int], *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Indexed terms within a small edit distance of ``term``, nearest and commonest first."""
    if not term or term in terms:
        return []
    cutoff = _max_distance(term)
    matches = process.extract(
        term, list(terms), scorer=Levenshtein.distance, score_cutoff=cutoff, limit=50
    )
    ranked = sorted(matches, key=lambda match: (match[1], -terms[match[0]], match[0]))
    return [candidate for candidate, _distance, _index in ranked[:limit]]


def did_you_mean(query: ParsedQuery) -> list[str]:
    """Queries to offer instead: each word not in the index replaced by a close indexed term."""
    terms = vocabulary()
    words = [group.typed for group in query.required]
    suggestions: list[str] = []
    for index, group in enumerate(query.required):
        if any(term in terms for term in group.terms):
            continue
        if len(group.phrase) != 1:
            continue
        for candidate in closest_terms(group.phrase[0], terms):
            suggestion = " ".join([*words[:index], candidate, *words[index + 1 :]])
            if suggestion not in suggestions:
                suggestions.append(suggestion)
    return suggestions[:MAX_SUGGESTIONS]
