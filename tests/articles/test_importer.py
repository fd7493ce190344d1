import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from articles.importer import FileResult, ImportReport, import_paths, import_upload
from articles.models import Article, Publisher, Section
from articles.signals import articles_imported

TITLE = "افتتاح سوق جديدة للخضر في مدينة الواحة"
PARAGRAPHS = [
    "افتتح المحافظ صباح أمس سوقاً جديدة تضم 120 متجراً للخضر والفاكهة.",
    'وقال مدير السوق سامر عبد الحليم: "ستُراجع الأسعار كل أسبوع مع التجار".',
]


def article_file(
    *,
    title: str = TITLE,
    caption: str | None = "جانب من السوق صباح الافتتاح",
    section_line: str = "اقتصاد1-2-2022 | 21:14",
    publisher: str = "صحيفة الوادي",
    paragraphs: list[str] = PARAGRAPHS,
    encoding: str = "utf-8",
) -> bytes:
    blocks = ["السبت 1 يونيو 2024", title, caption, section_line, publisher, *paragraphs]
    return ("\n\n".join(b for b in blocks if b is not None) + "\n").encode(encoding)


def write(folder, name: str, data: bytes):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


pytestmark = pytest.mark.django_db


def test_imports_a_file_with_every_field(tmp_path):
    data = article_file()
    path = write(tmp_path, "a.txt", data)

    report = import_paths([path])

    assert [(r.name, r.outcome) for r in report.results] == [(str(path), "imported")]
    article = Article.objects.select_related("section", "publisher").get()
    assert report.results[0].article_id == article.pk
    assert article.title == TITLE
    assert article.caption == "جانب من السوق صباح الافتتاح"
    assert article.section.name == "اقتصاد"
    assert article.publisher.name == "صحيفة الوادي"
    assert article.paragraphs == PARAGRAPHS
    assert article.scraped_on == date(2024, 6, 1)
    assert article.status == Article.Status.PUBLISHED
    assert article.source_sha256 == hashlib.sha256(data).hexdigest()
    assert article.text_version == 1


def test_publication_time_is_in_the_site_time_zone(tmp_path):
    # Cairo is UTC+2 in winter and, since 2023, UTC+3 in summer.
    winter = write(tmp_path, "w.txt", article_file(section_line="اقتصاد1-2-2022 | 21:14"))
    summer = write(tmp_path, "s.txt", article_file(section_line="اقتصاد1-7-2024 | 10:00"))
    import_paths([winter, summer])
    times = sorted(Article.objects.values_list("published_at", flat=True))
    assert times == [
        datetime(2022, 2, 1, 19, 14, tzinfo=UTC),
        datetime(2024, 7, 1, 7, 0, tzinfo=UTC),
    ]


def test_folders_are_walked_recursively_and_other_files_skipped(tmp_path):
    write(tmp_path, "one.txt", article_file(title="خبر أول"))
    write(tmp_path, "2024/06/two.txt", article_file(title="خبر ثان"))
    write(tmp_path, "README.md", b"# not an article")
    write(tmp_path, ".hidden/three.txt", article_file(title="خبر مخفي"))

    report = import_paths([tmp_path])

    assert report.summary() == "imported 2, unchanged 0, updated 0, failed 0"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["خبر أول", "خبر ثان"]


def test_sections_and_publishers_are_created_once(tmp_path):
    for i in range(3):
        write(tmp_path, f"{i}.txt", article_file(title=f"خبر رقم {i}"))
    write(tmp_path, "x.txt", article_file(title="خبر آخر", section_line="رياضة1-2-2022 | 21:14"))
    import_paths([tmp_path])
    assert sorted(Section.objects.values_list("name", flat=True)) == ["اقتصاد", "رياضة"]
    assert list(Publisher.objects.values_list("name", flat=True)) == ["صحيفة الوادي"]
    assert Section.objects.get(name="رياضة").slug == "رياضة"


def test_existing_sections_are_reused(tmp_path):
    section = Section.objects.create(name="اقتصاد")
    import_paths([write(tmp_path, "a.txt", article_file())])
    assert Article.objects.get().section == section


def test_names_that_slugify_alike_get_distinct_slugs(tmp_path):
    write(tmp_path, "a.txt", article_file(title="أ", section_line="اقتصاد1-2-2022 | 21:14"))
    write(tmp_path, "b.txt", article_file(title="ب", section_line="اقتصادٌ1-2-2022 | 21:14"))
    assert import_paths([tmp_path]).summary().startswith("imported 2,")
    assert sorted(Section.objects.values_list("slug", flat=True)) == ["اقتصاد", "اقتصاد-2"]


def test_draft(tmp_path):
    import_paths([write(tmp_path, "a.txt", article_file())], draft=True)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_same_content_again_is_unchanged_and_writes_nothing(tmp_path):
    path = write(tmp_path, "a.txt", article_file())
    import_paths([path])
    before = Article.objects.values().get()

    with CaptureQueriesContext(connection) as queries:
        report = import_paths([path])

    assert report.summary() == "imported 0, unchanged 1, updated 0, failed 0"
    assert report.results[0].article_id == before["id"]
    assert writes(queries.captured_queries) == []
    assert Article.objects.values().get() == before


def test_same_article_in_another_encoding_is_unchanged(tmp_path):
    import_paths([write(tmp_path, "a.txt", article_file())])
    crlf = b"\xef\xbb\xbf" + article_file().replace(b"\n", b"\r\n")
    cp1256 = article_file(encoding="cp1256")
    report = import_paths([write(tmp_path, "b.txt", crlf), write(tmp_path, "c.txt", cp1256)])
    assert [r.outcome for r in report.results] == ["unchanged", "unchanged"]


def test_same_file_twice_in_one_run(tmp_path):
    write(tmp_path, "a.txt", article_file())
    write(tmp_path, "copy.txt", article_file())
    report = import_paths([tmp_path])
    assert [r.outcome for r in report.results] == ["imported", "unchanged"]
    assert Article.objects.count() == 1
    # The same identity twice in one chunk takes the file-by-file path: both name it.
    assert [r.article_id for r in report.results] == [Article.objects.get().pk] * 2


def test_new_articles_are_inserted_in_bulk_and_announced_once_per_chunk(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.models import SearchDocument

    for n in range(12):
        write(tmp_path, f"{n:02}.txt", article_file(title=f"{TITLE} رقم {n}"))
    announced = []

    def receiver(sender, articles, **kwargs):
        announced.append([a.pk for a in articles])

    articles_imported.connect(receiver, sender=Article, dispatch_uid="test_announced")
    try:
        with CaptureQueriesContext(connection) as queries:
            report = import_paths([tmp_path])
    finally:
        articles_imported.disconnect(sender=Article, dispatch_uid="test_announced")
    # One INSERT per table, or on PostgreSQL one COPY (core.bulk).
    inserts = [
        q["sql"].split(" (")[0].replace("COPY ", "INSERT INTO ", 1)
        for q in queries
        if q["sql"].startswith(("INSERT", "COPY"))
    ]
    assert inserts.count('INSERT INTO "articles_article"') == 1
    assert inserts.count('INSERT INTO "search_searchdocument"') == 1
    ids = [r.article_id for r in report.results]
    assert [r.outcome for r in report.results] == ["imported"] * 12
    assert announced == [ids]
    assert sorted(ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert [Article.objects.get(pk=pk).title for pk in ids] == [
        f"{TITLE} رقم {n}" for n in range(12)
    ]
    assert set(SearchDocument.objects.values_list("article_id", flat=True)) == set(ids)


def test_identity_is_publisher_time_and_headline(tmp_path):
    write(tmp_path, "a.txt", article_file())
    write(tmp_path, "b.txt", article_file(publisher="وكالة أنباء الشرق"))
    write(tmp_path, "c.txt", article_file(section_line="اقتصاد1-2-2022 | 21:15"))
    write(tmp_path, "d.txt", article_file(title=TITLE + " اليوم"))
    assert import_paths([tmp_path]).summary() == "imported 4, unchanged 0, updated 0, failed 0"


def test_changed_body_is_reported_and_left_alone(tmp_path):
    import_paths([write(tmp_path, "a.txt", article_file())])
    changed = article_file(paragraphs=[*PARAGRAPHS, "فقرة أضيفت لاحقاً."])

    with CaptureQueriesContext(connection) as queries:
        report = import_paths([write(tmp_path, "b.txt", changed)])

    (result,) = report.results
    assert result.outcome == "changed"
    assert "النص" in result.message
    assert writes(queries.captured_queries) == []
    article = Article.objects.get()
    assert article.paragraphs == PARAGRAPHS
    assert article.text_version == 1
    assert report.summary() == "imported 0, unchanged 0, updated 0, failed 0, changed 1"


def test_changed_caption_is_a_change_too(tmp_path):
    import_paths([write(tmp_path, "a.txt", article_file())])
    report = import_paths([write(tmp_path, "b.txt", article_file(caption=None))])
    assert report.results[0].outcome == "changed"
    assert "تعليق الصورة" in report.results[0].message


def test_update_replaces_the_text_and_bumps_text_version(tmp_path):
    import_paths([write(tmp_path, "a.txt", article_file())])
    # Curation done in the admin survives an update.
    Article.objects.update(status=Article.Status.DRAFT, featured=True)
    new_paragraphs = [PARAGRAPHS[0], "فقرة جديدة بعد التصحيح."]
    data = article_file(paragraphs=new_paragraphs, section_line="محافظات1-2-2022 | 21:14")

    report = import_paths([write(tmp_path, "b.txt", data)], update=True)

    assert [r.outcome for r in report.results] == ["updated"]
    assert report.summary() == "imported 0, unchanged 0, updated 1, failed 0"
    article = Article.objects.select_related("section").get()
    assert article.paragraphs == new_paragraphs
    assert article.section.name == "محافظات"
    assert article.text_version == 2
    assert article.source_sha256 == hashlib.sha256(data).hexdigest()
    assert article.status == Article.Status.DRAFT
    assert article.featured is True
    # Updating with the same content again changes nothing.
    assert import_paths([tmp_path / "b.txt"], update=True).results[0].outcome == "unchanged"
    assert Article.objects.get().text_version == 2


def test_malformed_file_fails_alone_with_name_line_and_reason(tmp_path):
    write(tmp_path, "a_good.txt", article_file())
    bad = write(tmp_path, "b_bad.txt", article_file(paragraphs=[]))
    write(tmp_path, "c_good.txt", article_file(title="خبر آخر سليم"))

    report = import_paths([tmp_path])

    assert [r.outcome for r in report.results] == ["imported", "failed", "imported"]
    failed = report.results[1]
    assert failed.name == str(bad)
    assert failed.line == 9
    assert "لا يوجد نص" in failed.message
    assert report.has_failures
    assert report.summary() == "imported 2, unchanged 0, updated 0, failed 1"
    assert Article.objects.count() == 2


def test_undecodable_file_imports_nothing(tmp_path):
    write(tmp_path, "bad.txt", article_file()[:40] + b"\xff\xfe\xfa" + article_file()[40:])
    report = import_paths([tmp_path])
    assert report.results[0].outcome == "failed"
    assert report.results[0].line == 3  # byte 40 is in the headline
    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_too_long_headline_fails_with_its_line(tmp_path):
    report = import_paths([write(tmp_path, "a.txt", article_file(title="خبر " * 200))])
    assert (report.results[0].outcome, report.results[0].line) == ("failed", 3)
    assert "أطول من 500" in report.results[0].message


def test_missing_path_fails():
    report = import_paths(["/nonexistent/articles"])
    assert report.results == [
        FileResult("/nonexistent/articles", "failed", None, "لا يوجد ملف أو مجلد بهذا المسار")
    ]


@pytest.fixture
def explode_on():
    """Make storing an article with a given headline fail after its INSERT, the way a
    failing receiver (say, the search index) would: of articles_imported on the bulk
    fast path, of post_save on the file-by-file path."""
    titles: set[str] = set()

    def saved(sender, instance, **kwargs):
        if instance.title in titles:
            raise RuntimeError("index unavailable")

    def imported(sender, articles, **kwargs):
        for article in articles:
            saved(sender, article)

    post_save.connect(saved, sender=Article, dispatch_uid="test_explode_on")
    articles_imported.connect(imported, sender=Article, dispatch_uid="test_explode_on")
    yield titles
    post_save.disconnect(sender=Article, dispatch_uid="test_explode_on")
    articles_imported.disconnect(sender=Article, dispatch_uid="test_explode_on")


def jsonl(*records: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def record(title: str, **overrides) -> dict:
    fields = {
        "title": title,
        "caption": None,
        "section": "ثقافة",
        "publisher": "مجلة الأفق",
        "published_at": "2023-05-04T18:30:00+03:00",
        "scraped_on": "2024-06-01",
        "paragraphs": ["افتتح المعرض أبوابه للزوار.", "ويستمر حتى نهاية الشهر."],
        "status": "published",
        "source_sha256": None,
    }
    return fields | overrides


def test_failure_while_saving_rolls_back_that_file_only(tmp_path, explode_on):
    explode_on.add("خبر ثان يفشل")
    write(tmp_path, "a.txt", article_file())
    bad = write(tmp_path, "b.jsonl", jsonl(record("خبر أول ينجح"), record("خبر ثان يفشل")))
    # A later file in the same run creates the section the failed file had created.
    write(tmp_path, "c.txt", article_file(title="خبر ثالث", section_line="ثقافة1-2-2022 | 21:14"))

    report = import_paths([tmp_path])

    assert [r.outcome for r in report.results] == ["imported", "failed", "imported"]
    failed = report.results[1]
    assert (failed.name, failed.line) == (str(bad), 2)
    assert "index unavailable" in failed.message
    assert sorted(Article.objects.values_list("title", flat=True)) == [TITLE, "خبر ثالث"]
    assert not Publisher.objects.filter(name="مجلة الأفق").exists()
    assert Article.objects.get(title="خبر ثالث").section.name == "ثقافة"


def test_zip_archive(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("batch/one.txt", article_file(title="خبر من الأرشيف"))
        archive.writestr("batch/two.txt", article_file(title="خبر آخر من الأرشيف"))
        archive.writestr("batch/bad.txt", article_file(section_line="ثقافة"))
        archive.writestr("notes.md", "not an article")
        archive.writestr("__MACOSX/batch/._one.txt", b"\x00\x05junk")
    path = write(tmp_path, "articles.zip", buffer.getvalue())

    report = import_paths([path])

    assert [(r.name, r.outcome) for r in report.results] == [
        (f"{path}/batch/bad.txt", "failed"),
        (f"{path}/batch/one.txt", "imported"),
        (f"{path}/batch/two.txt", "imported"),
    ]
    assert Article.objects.count() == 2


def test_broken_zip_fails(tmp_path):
    report = import_paths([write(tmp_path, "broken.zip", b"PK\x03\x04 not really")])
    assert report.results[0].outcome == "failed"
    assert "zip" in report.results[0].message


def test_jsonl_records_are_reported_by_line(tmp_path):
    data = jsonl(record("خبر أول"), record("خبر ثان", caption="صورة المعرض", status="draft"))
    path = write(tmp_path, "export.jsonl", b"\n" + data)
    report = import_paths([path])
    assert [(r.line, r.outcome) for r in report.results] == [(2, "imported"), (3, "imported")]
    second = Article.objects.get(title="خبر ثان")
    assert second.caption == "صورة المعرض"
    assert second.status == Article.Status.DRAFT
    # Without a source hash in the record, the record's own bytes are hashed.
    assert len(second.source_sha256) == 64


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "JSON غير صالح"),
        ("[1, 2]", "ليس كائن JSON"),
        (json.dumps(record("")), "title"),
        (json.dumps(record("خبر", paragraphs=[])), "paragraphs"),
        (json.dumps(record("خبر", paragraphs=["", "نص"])), "paragraphs"),
        (json.dumps(record("خبر", published_at="أمس")), "published_at"),
        (json.dumps(record("خبر", scraped_on="2024-13-01")), "scraped_on"),
        (json.dumps(record("خبر", status="archived")), "حالة غير معروفة"),
        (json.dumps(record("خبر", source_sha256="abc")), "source_sha256"),
    ],
)
def test_bad_jsonl_record_fails_the_whole_file(line, reason):
    data = jsonl(record("خبر سليم")) + line.encode() + b"\n"
    report = import_upload(name="export.jsonl", data=data)
    (result,) = report.results
    assert (result.outcome, result.line) == ("failed", 2)
    assert reason in result.message
    assert not Article.objects.exists()


def test_import_upload_by_name():
    assert import_upload(name="a.txt", data=article_file()).results[0].outcome == "imported"
    assert import_upload(name="C:\\Users\\x\\a.txt", data=article_file()).results[0].name == "a.txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", article_file(title="خبر مرفوع"))
    report = import_upload(name="upload.zip", data=buffer.getvalue(), draft=True)
    assert [(r.name, r.outcome) for r in report.results] == [("upload.zip/b.txt", "imported")]
    assert Article.objects.get(title="خبر مرفوع").status == Article.Status.DRAFT


def test_upload_update():
    import_upload(name="a.txt", data=article_file())
    changed = article_file(paragraphs=["نص مصحح بالكامل."])
    assert import_upload(name="a.txt", data=changed).results[0].outcome == "changed"
    assert import_upload(name="a.txt", data=changed, update=True).results[0].outcome == "updated"
    assert Article.objects.get().paragraphs == ["نص مصحح بالكامل."]


def test_report_summary_and_problems():
    report = ImportReport()
    for outcome in ["imported", "imported", "unchanged", "updated", "failed", "changed"]:
        report.add(FileResult(f"{outcome}.txt", outcome))
    assert report.summary() == "imported 2, unchanged 1, updated 1, failed 1, changed 1"
    assert [r.outcome for r in report.problems()] == ["updated", "failed", "changed"]
    assert str(FileResult("a.txt", "failed", 3, "سبب")) == "a.txt:3: failed: سبب"


def test_progress_bar_only_for_many_files(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("articles.importer.PROGRESS_MIN_FILES", 3)
    write(tmp_path, "few/a.txt", article_file(title="خبر 1"))
    import_paths([tmp_path / "few"], progress=True)
    assert capsys.readouterr().err == ""

    for i in range(3):
        write(tmp_path, f"many/{i}.txt", article_file(title=f"خبر كثير {i}"))
    import_paths([tmp_path / "many"], progress=True)
    assert "3/3" in capsys.readouterr().err

    import_paths([tmp_path / "many"], progress=False)
    assert capsys.readouterr().err == ""


def test_a_single_path_string_is_one_path(tmp_path):
    write(tmp_path, "a.txt", article_file())
    assert import_paths(str(tmp_path)).summary().startswith("imported 1,")


def test_benchmark_generator_is_deterministic_and_importable(tmp_path):
    from bench.generate import generate_files, iter_articles

    assert list(iter_articles(40)) == list(iter_articles(40))
    assert list(iter_articles(5, seed=1)) != list(iter_articles(5, seed=2))
    paths = generate_files(tmp_path, 40)
    report = import_paths(paths)
    assert report.summary() == "imported 40, unchanged 0, updated 0, failed 0"
    assert Section.objects.count() > 1 and Publisher.objects.count() > 1
