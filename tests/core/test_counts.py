"""CountCache: long counts kept until the next generation, short ones counted each time
unless the caller asks to keep every size."""

from core.counts import CACHE_COUNTS_FROM, CountCache


def counter(values):
    calls = []

    def count():
        calls.append(1)
        return values[len(calls) - 1]

    return count, calls


def test_short_counts_are_made_each_time_unless_kept_from_zero():
    counts = CountCache("test-short")
    count, calls = counter([3, 3, 3])
    assert counts.get("k", count) == 3 and counts.get("k", count) == 3
    assert len(calls) == 2
    kept = CountCache("test-kept")
    count, calls = counter([3, 4])
    assert kept.get("k", count, keep_from=0) == 3
    assert kept.get("k", count, keep_from=0) == 3 and len(calls) == 1


def test_a_new_generation_counts_again():
    counts = CountCache("test-generation")
    count, calls = counter([CACHE_COUNTS_FROM, CACHE_COUNTS_FROM + 1])
    assert counts.get("k", count) == CACHE_COUNTS_FROM
    assert counts.get("k", count) == CACHE_COUNTS_FROM
    counts.forget()
    assert counts.get("k", count) == CACHE_COUNTS_FROM + 1 and len(calls) == 2
