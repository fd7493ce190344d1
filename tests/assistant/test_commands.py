"""The detection commands' output contracts (issue #11), on the real sample files."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_detect_annotations_prints_one_object_per_file_and_never_touches_the_database():
    # No django_db mark: pytest-django fails any database access in this test.
    files = sorted(SAMPLES.glob("*.txt"))[:3]
    out = run("detect_annotations", "--format", "jsonl", *map(str, files))
    lines = out.splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert set(first) == {"file", "quotes", "claims"}
    assert first["file"] == files[0].name
    # The Windows-1256 sample is read as the importer reads it.
    assert first["quotes"][0]["speaker"] == "عادل فرج الله"
    for q in first["quotes"]:
        assert set(q) == {"text", "speaker", "start", "end"}
    for c in first["claims"]:
        assert set(c) == {"text", "score", "start", "end"}


def test_detect_annotations_offsets_slice_the_canonical_body():
    from assistant.articlefiles import read_articles

    (article,) = read_articles([SAMPLES / "08-economy-imf-review.txt"])
    record = json.loads(run("detect_annotations", str(SAMPLES / "08-economy-imf-review.txt")))
    assert record["quotes"]
    for item in record["quotes"] + record["claims"]:
        assert article.body[item["start"] : item["end"]] == item["text"]


def test_detect_annotations_reports_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("ليس مقالاً")
    with pytest.raises(CommandError):
        run("detect_annotations", str(bad))


def test_evaluate_detection_prints_every_figure_and_the_misses(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            [
                {
                    "file": "02-sports-handball-juniors.txt",
                    "quotes": [{"text": "نص لم يقله أحد", "speaker": "مراد الشناوي"}],
                    "claims": [],
                }
            ],
            ensure_ascii=False,
        )
    )
    out = run(
        "evaluate_detection",
        "--answers",
        str(answers),
        str(SAMPLES / "02-sports-handball-juniors.txt"),
    )
    assert "quotes:   precision 0.000  recall 0.000" in out
    assert "speakers: accuracy" in out
    assert "claims:   precision 0.000  recall 1.000" in out
    assert "quote not found: «نص لم يقله أحد»" in out


def test_evaluate_detection_on_the_labelled_set_meets_the_targets():
    out = run(
        "evaluate_detection",
        "--answers",
        str(ROOT / "bench" / "detection" / "ANSWERS.json"),
        str(SAMPLES),
        str(ROOT / "bench" / "detection" / "articles"),
    )
    figures = {}
    for line in out.splitlines()[:3]:
        parts = line.replace(":", " ").split()
        figures[parts[0]] = [float(p) for p in parts if p.replace(".", "").isdigit() and "." in p]
    assert figures["quotes"][0] >= 0.97 and figures["quotes"][1] >= 0.95
    assert figures["speakers"][0] >= 0.92
    assert figures["claims"][0] >= 0.85 and figures["claims"][1] >= 0.90


def test_evaluate_detection_refuses_malformed_answers(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{}")
    with pytest.raises(CommandError):
        run("evaluate_detection", "--answers", str(answers), str(SAMPLES))
