"""The stored index: writes keep keys and frequencies right; matching finds the same claim in few queries."""

import pytest

from assistant.matching.models import ClaimKey, IndexedClaim, KeyFrequency
from assistant.matching.queries import match_statements
from assistant.matching.services import Statement, claim_index, claim_unindex, claims_index_many
from assistant.similarity import candidate_keys, features, key_hash
from tests.factories import make_article

pytestmark = pytest.mark.django_db

WANTED = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."


def frequency(text: str) -> dict[int, int]:
    keys = [key_hash(k) for k in candidate_keys(features(text))]
    return dict(KeyFrequency.objects.filter(key__in=keys).values_list("key", "claims"))


def test_many_and_one_index_alike_and_frequencies_count_claims():
    article = make_article()
    claims_index_many(statements=[Statement(article_id=article.pk, text=WANTED)] * 3, batch_size=2)
    claim_index(article_id=article.pk, text=WANTED)
    assert IndexedClaim.objects.count() == 4
    assert set(frequency(WANTED).values()) == {4}
    assert ClaimKey.objects.count() == 4 * len(candidate_keys(features(WANTED)))
    claim_unindex(claim_ids=list(IndexedClaim.objects.values_list("pk", flat=True)[:2]))
    assert set(frequency(WANTED).values()) == {2}


def test_matching_finds_the_same_claim_and_ranks_it_first(django_assert_num_queries):
    article = make_article()
    distractors = [
        Statement(
            article_id=article.pk, text=f"ارتفعت صادرات القطن بنسبة {i + 20}% في {1990 + i % 30}"
        )
        for i in range(200)
    ]
    claims_index_many(statements=distractors)
    wanted = claim_index(article_id=article.pk, text=WANTED)
    other = claim_index(article_id=article.pk, text=WANTED.replace("7%", "9%"))
    texts = ["التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية.", "نص لا علاقة له بشيء", ""]
    # Three queries for any number of statements: frequencies, candidates, features.
    with django_assert_num_queries(3):
        results = match_statements(texts)
    assert results[0][0].claim_id == wanted.pk
    assert results[0][0].comparison.same
    assert all(m.claim_id != other.pk or not m.comparison.same for m in results[0])
    assert results[1] == [] and results[2] == []


def test_exclude_leaves_a_claim_out():
    article = make_article()
    entry = claim_index(article_id=article.pk, text=WANTED)
    assert match_statements([WANTED])[0][0].claim_id == entry.pk
    assert match_statements([WANTED], exclude=[entry.pk]) == [[]]


def test_reindexing_a_review_replaces_its_keys():
    from tests.factories import make_annotation

    annotation = make_annotation(kind="claim")
    review = annotation.review
    claim_index(article_id=review.article_id, text=WANTED, review_id=review.pk)
    claim_index(
        article_id=review.article_id, text="انخفضت البطالة إلى 6% في 2022", review_id=review.pk
    )
    assert IndexedClaim.objects.count() == 1
    assert not any(m.comparison.same for m in match_statements([WANTED])[0])
    assert KeyFrequency.objects.get(key=key_hash("n:7%")).claims == 0
    assert KeyFrequency.objects.get(key=key_hash("n:6%")).claims == 1
