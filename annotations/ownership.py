"""Whether a reader has anything of their own on an article, asked on every signed-in
article page (the page readers share is only for those with nothing of their own).

The answer is kept per (reader, article) with the generation of the reader's it was
asked at: every annotation or reply they write starts a new one
(annotations.receivers), so "nothing" is never served after they wrote something. A
"something" that a deletion made wrong only costs them a render of their own, until
the cache lets it go.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

from .models import Annotation, Reply

#: How long an answer is kept; the generation, not this, keeps it right.
ANSWER_SECONDS = 3600


def _generation_key(user_id: int) -> str:
    return f"annotations:own:{user_id}:generation"


def author_wrote(*, user_id: int) -> None:
    """Start a new generation of this reader's answers (they wrote something)."""
    cache.set(_generation_key(user_id), time.time_ns(), None)


def owns_something_on(user: Any, article_id: int) -> bool:
    """An annotation (of any visibility, hidden or not) or a reply of the user's own on
    the article: their cards carry their buttons and their private notes."""
    generation_key = _generation_key(user.pk)
    answer_key = f"annotations:own:{user.pk}:{article_id}"
    found = cache.get_many([generation_key, answer_key])  # one round trip when kept
    generation, kept = found.get(generation_key), found.get(answer_key)
    if generation is not None and kept is not None and kept[0] == generation:
        return bool(kept[1])
    if generation is None:
        cache.add(generation_key, time.time_ns(), None)
        generation = cache.get(generation_key)
    answer = (
        Annotation.objects.filter(article_id=article_id, author=user).exists()
        or Reply.objects.filter(annotation__article_id=article_id, author=user).exists()
    )
    cache.set(answer_key, (generation, answer), ANSWER_SECONDS)
    return answer
