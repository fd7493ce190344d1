"""Detected speaker names matched to the newsroom's speakers (reads only).

A detected name matches a speaker when their matching forms meet: Arabic
normalisation (hamza forms, taa marbuta, diacritics), leading titles dropped
(الدكتور، المهندس، الوزير…), and "عبد ال…" written joined or apart. Other
spellings a speaker is known by count as well. No match means a new speaker is
*proposed*: only an editor's explicit choice creates one.
"""

from __future__ import annotations

from django.db.models import Q

from assistant.detection import lexicon
from assistant.detection.text import fold
from newsroom.models import ALIAS_SEPARATOR, Speaker
from search.arabic import normalise


def name_keys(name: str) -> set[str]:
    """Every matching form a name may be stored under."""
    words = normalise(name).split()
    # Titles before a name ("الدكتورة منى الطحاوي") are not part of it.
    while len(words) > 1 and fold(words[0]) in lexicon.HONORIFICS:
        words = words[1:]
    base = " ".join(words)
    joined = base.replace("عبد ال", "عبدال")
    apart = joined.replace("عبدال", "عبد ال")
    return {k for k in (base, joined, apart) if k}


def match_speaker(name: str) -> Speaker | None:
    """The newsroom's speaker called ``name`` (or one of its spellings), if exactly one."""
    keys = name_keys(name)
    if not keys:
        return None
    query = Q(normalised_name__in=keys)
    for key in keys:
        query |= Q(search_names__contains=key)
    found = []
    for speaker in Speaker.objects.filter(query)[:20]:
        # search_names holds whole names one per line: a substring is not a match.
        stored = {speaker.normalised_name, *speaker.search_names.split(ALIAS_SEPARATOR)}
        stored |= {s.replace("عبد ال", "عبدال") for s in stored}
        if stored & keys:
            found.append(speaker)
    return found[0] if len(found) == 1 else None


def match_speakers(names: set[str]) -> dict[str, Speaker | None]:
    return {name: match_speaker(name) for name in names}
