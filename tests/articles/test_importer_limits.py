"""Importer limits (issue 14, part 4): unsafe zip paths are failures, a zip bomb is
stopped by the total cap, a bad file is its own failure and the run goes on, and
.jsonl follows the .txt rule for NUL, control characters and lone surrogates."""

import io
import json
import tracemalloc
import zipfile

import pytest

from articles.importer import import_paths, sources
from articles.models import Article
from tests.articles.test_importer import PARAGRAPHS, article_file, write

pytestmark = pytest.mark.django_db


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_leaving_the_archive_are_reported_as_failures(tmp_path):
    data = _zip(
        {
            "ok.txt": article_file(title="خبر سليم داخل الأرشيف"),
            "../evil.txt": article_file(title="خبر أول خارج الأرشيف"),
            "a/../../evil2.txt": article_file(title="خبر ثان خارج الأرشيف"),
            "..\\evil3.txt": article_file(title="خبر ثالث خارج الأرشيف"),
        }
    )
    report = import_paths([write(tmp_path, "a.zip", data)])
    failed = [r for r in report.results if r.outcome == "failed"]
    assert len(failed) == 3
    assert all("مسار غير آمن" in r.message for r in failed)
    assert report.has_failures
    assert Article.objects.count() == 1


def test_a_generated_zip_bomb_stops_at_the_total_cap(tmp_path, monkeypatch):
    # 10 members of 20 MB of zeros: about 200 KB compressed, 200 MB uncompressed.
    member = 20 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(10):
            archive.writestr(f"bomb{n}.txt", bytes(member))
    assert len(buffer.getvalue()) < 1024 * 1024
    path = write(tmp_path, "bomb.zip", buffer.getvalue())
    del buffer
    monkeypatch.setattr(sources, "MAX_ARCHIVE_BYTES", 2 * member)
    tracemalloc.start()
    try:
        results = []
        for item in sources.zip_sources(str(path), path):
            # Keep only what each item was, as the importer does once it has parsed it.
            results.append(type(item).__name__ if isinstance(item, sources.Source) else item)
            del item
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert results[:2] == ["Source", "Source"]
    assert [r.message for r in results[2:]] == ["تجاوز الأرشيف الحجم الكلي المسموح بعد فك ضغطه"] * 8
    # One member at a time in memory, never the whole archive's contents.
    assert peak < 3 * member


def test_the_default_total_cap_is_below_ten_members_at_the_member_cap():
    assert sources.MAX_ARCHIVE_BYTES < 10 * sources.MAX_MEMBER_BYTES


def _record(n: int, **overrides) -> str:
    record = {
        "title": f"خبر رقم {n} عن السوق",
        "section": "اقتصاد",
        "publisher": "صحيفة الوادي",
        "published_at": f"2022-02-{n % 27 + 1:02d}T10:00:00",
        "paragraphs": PARAGRAPHS,
        **overrides,
    }
    return json.dumps(record, ensure_ascii=True)


@pytest.mark.parametrize(
    "bad",
    [
        {"paragraphs": ["فقرة فيها \ud800 محرف بديل"]},
        {"title": "عنوان فيه \x00"},
        {"publisher": "ناشر\x07"},
        {"caption": "تعليق \ufffd"},
    ],
)
def test_jsonl_follows_the_text_rule_and_the_run_goes_on(tmp_path, bad):
    for n in range(1, 6):
        lines = [_record(n * 10 + k) for k in range(3)]
        if n == 4:
            lines[1] = _record(41, **bad)
        write(tmp_path, f"f{n}.jsonl", ("\n".join(lines) + "\n").encode())
    report = import_paths([tmp_path])
    failed = [r for r in report.results if r.outcome == "failed"]
    assert len(failed) == 1 and failed[0].name.endswith("f4.jsonl")
    assert "محرف غير صالح U+" in failed[0].message
    # The other files all imported, the ones after the bad one included.
    assert Article.objects.count() == 4 * 3


def test_a_deeply_nested_jsonl_line_is_a_failure_not_a_crash(tmp_path):
    write(tmp_path, "deep.jsonl", b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
    write(tmp_path, "ok.jsonl", (_record(1) + "\n").encode())
    report = import_paths([tmp_path])
    assert [r.outcome for r in report.results if r.name.endswith("deep.jsonl")] == ["failed"]
    assert Article.objects.count() == 1


def test_text_files_keep_refusing_nul(tmp_path):
    data = article_file(paragraphs=["فقرة فيها \x00 محرف"])
    report = import_paths([write(tmp_path, "a.txt", data)])
    assert report.results[0].outcome == "failed"
    assert "U+0000" in report.results[0].message
