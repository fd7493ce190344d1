"""The compare_claims contract: JSON Lines in, one {"same", "score"} per line out, in order, no database."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assistant.similarity import compare

PAIRS = [
    {"a": "ارتفع التضخم إلى 7% في 2023.", "b": "التضخم بلغ سبعة في المئة خلال 2023."},
    {"a": "ارتفع التضخم إلى 7% في 2023.", "b": "ارتفع التضخم إلى 70% في 2023."},
    {"a": "لم ترتفع أسعار الخبز.", "b": "ارتفعت أسعار الخبز."},
]


def run(*args, stdin: str | None = None, monkeypatch=None) -> list[dict]:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("compare_claims", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def lines(pairs) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)


# No django_db mark: pytest-django fails any database access, so these tests
# also prove the command never touches the database.
def test_file_gives_one_line_per_pair_in_order(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(lines(PAIRS), encoding="utf-8")
    assert run(str(path)) == [
        {"same": True, "score": compare(**{"a": PAIRS[0]["a"], "b": PAIRS[0]["b"]}).score},
        {"same": False, "score": compare(PAIRS[1]["a"], PAIRS[1]["b"]).score},
        {"same": False, "score": compare(PAIRS[2]["a"], PAIRS[2]["b"]).score},
    ]


def test_output_keys_and_types_are_exact(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(lines(PAIRS[:1]), encoding="utf-8")
    (result,) = run(str(path))
    assert list(result) == ["same", "score"]
    assert isinstance(result["same"], bool)
    assert isinstance(result["score"], int | float)


def test_standard_input(monkeypatch):
    assert [r["same"] for r in run("-", stdin=lines(PAIRS), monkeypatch=monkeypatch)] == [
        True,
        False,
        False,
    ]


def test_blank_lines_are_no_pairs_and_a_bom_is_read(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text("\ufeff" + lines(PAIRS[:1]) + "\n" + lines(PAIRS[1:2]), encoding="utf-8")
    assert len(run(str(path))) == 2


@pytest.mark.parametrize(
    "bad", ["not json\n", '{"a": "x"}\n', '["a", "b"]\n', '{"a": 1, "b": "x"}\n']
)
def test_bad_lines_are_reported_with_their_number(tmp_path, bad):
    path = tmp_path / "pairs.jsonl"
    path.write_text(lines(PAIRS[:1]) + bad, encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run(str(path))


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "none.jsonl"))


@pytest.mark.django_db
def test_claim_index_command_rebuilds_and_flags():
    from assistant.matching.models import CheckedBefore, IndexedClaim
    from newsroom import services as newsroom_services
    from newsroom.models import ReviewStatus, Verdict
    from tests.factories import make_annotation, make_article, make_editor

    text = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
    annotation = make_annotation(article=make_article(body=text), exact=text)
    newsroom_services.claim_review_update(
        annotation=annotation,
        editor=make_editor(),
        status=ReviewStatus.REVIEWED,
        verdict=Verdict.choices[0][0],
    )
    repeat = make_article(body="التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية.")
    out = io.StringIO()
    call_command("claim_index", "--rebuild", "--flag", str(repeat.pk), stdout=out)
    assert "indexed 1 claims" in out.getvalue()
    assert IndexedClaim.objects.get().review_id == annotation.pk
    assert CheckedBefore.objects.get().article == repeat
    with pytest.raises(CommandError, match="no article"):
        call_command("claim_index", "--flag", "999999", stdout=io.StringIO())
    with pytest.raises(CommandError, match="nothing to do"):
        call_command("claim_index", stdout=io.StringIO())


@pytest.mark.django_db
def test_claim_index_rebuild_recomputes_the_queues_checked_before():
    """Claims made before the index existed (or under a task backend that lost them)
    get their similar claims and "checked before" from a rebuild."""
    from newsroom import services as newsroom_services
    from newsroom.models import ClaimReview, ReviewStatus, Verdict
    from tests.factories import make_annotation, make_article, make_editor

    earlier_text = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
    later_text = "التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية."
    earlier = make_annotation(article=make_article(body=earlier_text), exact=earlier_text)
    later = make_annotation(article=make_article(body=later_text), exact=later_text)
    newsroom_services.claim_review_update(
        annotation=earlier,
        editor=make_editor(),
        status=ReviewStatus.REVIEWED,
        verdict=Verdict.FALSE,
    )
    assert ClaimReview.objects.get(pk=later.pk).earlier_match_id is None  # no task ran
    out = io.StringIO()
    call_command("claim_index", "--rebuild", stdout=out)
    assert "matched 2 claims of the queue, 1 checked before" in out.getvalue()
    review = ClaimReview.objects.get(pk=later.pk)
    assert (review.earlier_match_id, review.similar_count) == (earlier.pk, 1)
    assert ClaimReview.objects.get(pk=earlier.pk).earlier_match_id is None
