"""Candidate generation: the in-memory index finds the same claim among many."""

from assistant.similarity import ClaimIndex, candidate_keys, features, key_hash, rarest_keys


def test_keys_hold_terms_figures_and_years():
    keys = candidate_keys(features("ارتفعت صادرات الغاز بنسبة 12% في 2021"))
    assert {"n:12%", "y:2021"} <= keys
    assert any(k.startswith("t:") for k in keys)


def test_key_hash_is_stable_and_64_bit():
    assert key_hash("t:غاز") == key_hash("t:غاز")
    assert key_hash("t:غاز") != key_hash("t:نفط")
    assert -(2**63) <= key_hash("n:7%") < 2**63


def test_rarest_keys_skip_absent_ones():
    assert rarest_keys(["a", "b", "c", "d"], {"a": 9, "b": 1, "c": 0, "d": 4}, count=2) == [
        "b",
        "d",
    ]


def test_index_finds_the_reworded_claim_among_distractors():
    index = ClaimIndex()
    for i in range(300):
        index.add(("other", i), features(f"ارتفعت صادرات القطن بنسبة {i + 20}% في {1990 + i % 30}"))
    index.add("wanted", features("قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023"))
    index.add("other figure", features("قال وزير المالية إن التضخم ارتفع إلى 9% في عام 2023"))
    hits = index.search(features("التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية"))
    assert hits[0][0] == "wanted"
    assert hits[0][1].same
    assert all(not c.same for claim, c in hits[1:])
    assert len(index) == 302
