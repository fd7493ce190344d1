"""The synonym sets a query may use: the editable list (Synonym) and the speakers whose
name or other spellings the query contains (newsroom), so a search for one spelling of
a speaker's name, Latin ones included, finds the articles that use another."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from core.arabic import normalise

from .models import Synonym
from .query import ParsedQuery

# Speakers' names are looked up by runs of at most this many query words.
MAX_NAME_WORDS = 4


def _runs(query: ParsedQuery) -> list[str]:
    words = [normalise(group.typed).strip() for group in query.required]
    runs = []
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
            run = " ".join(words[start:end])
            if run:
                runs.append(run)
    return runs


def speaker_sets(query: ParsedQuery) -> list[list[str]]:
    """[name, *other names] of every speaker one of whose names is a run of the query's words."""
    if not apps.is_installed("newsroom") or query.is_empty:
        return []
    from newsroom.models import ALIAS_SEPARATOR, Speaker

    runs = _runs(query)
    if not runs:
        return []
    condition = Q(normalised_name__in=runs)
    for run in runs:
        condition |= Q(search_names__contains=run)
    sets = []
    wanted = set(runs)
    for name, other_names, search_names in Speaker.objects.filter(condition).values_list(
        "name", "other_names", "search_names"
    )[:20]:
        # `contains` also finds a run inside a longer name: keep whole-name matches only.
        if wanted & set(search_names.split(ALIAS_SEPARATOR)):
            names = [name, *(line.strip() for line in other_names.splitlines() if line.strip())]
            sets.append(names)
    return sets


def synonym_sets(query: ParsedQuery) -> list[list[str]]:
    """The editable list and the matching speakers: two queries."""
    if query.is_empty:
        return []
    return [*Synonym.objects.expression_sets(), *speaker_sets(query)]
