"""Moved to core.arabic (the pure Arabic matching form every layer compares text in).

Kept so code written against search.arabic keeps working: the same functions, the same
meaning. New code imports core.arabic.
"""

from core.arabic import (  # noqa: F401  (re-exported)
    WORD_RE,
    analyse,
    analyse_word,
    bare_seats,
    clitic_readings,
    is_known,
    lexicon,
    normalise,
    number_term,
    plural_forms,
    plural_variants,
    prefixed_terms,
    seat_variants,
    split_compound_name,
    strip_clitics,
    word_spans,
)
