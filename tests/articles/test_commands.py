import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from articles.importer import import_paths
from articles.models import Article, Publisher, Section
from tests import factories
from tests.articles.test_importer import PARAGRAPHS, article_file, write

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CAIRO = ZoneInfo("Africa/Cairo")


def run(*args) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


# --- import_articles ---------------------------------------------------------------------


def test_import_prints_the_summary_last(tmp_path):
    write(tmp_path, "a.txt", article_file())
    lines, err = run("import_articles", str(tmp_path))
    assert lines == ["imported 1, unchanged 0, updated 0, failed 0"]
    assert err == ""  # no progress bar when stderr is not a terminal


def test_import_failure_names_file_and_line_and_exits_with_status_1(tmp_path):
    write(tmp_path, "a.txt", article_file())
    bad = write(tmp_path, "b.txt", article_file(paragraphs=[]))
    out = io.StringIO()

    with pytest.raises(CommandError) as info:
        call_command("import_articles", str(tmp_path), stdout=out)

    assert info.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{bad}:9: failed: لا يوجد نص")
    assert lines[-1] == "imported 1, unchanged 0, updated 0, failed 1"
    assert Article.objects.count() == 1


def test_import_draft(tmp_path):
    run("import_articles", str(write(tmp_path, "a.txt", article_file())), "--draft")
    assert Article.objects.get().status == Article.Status.DRAFT


def test_import_reports_changed_then_updates_with_flag(tmp_path):
    run("import_articles", str(write(tmp_path, "a.txt", article_file())))
    changed = write(tmp_path, "a.txt", article_file(paragraphs=["نص جديد للخبر بعد التصحيح."]))

    lines, _ = run("import_articles", str(changed))
    assert lines[0].startswith(f"{changed}: changed: ")
    assert lines[-1] == "imported 0, unchanged 0, updated 0, failed 0, changed 1"
    assert Article.objects.get().paragraphs == PARAGRAPHS

    lines, _ = run("import_articles", str(changed), "--update")
    assert lines[0].startswith(f"{changed}: updated: ")
    assert lines[-1] == "imported 0, unchanged 0, updated 1, failed 0"
    article = Article.objects.get()
    assert article.paragraphs == ["نص جديد للخبر بعد التصحيح."]
    assert article.text_version == 2


def test_update_report_says_what_happened_to_each_files_annotations(tmp_path):
    paragraphs = ["وحضر الافتتاح عدد من نواب المحافظة.", *PARAGRAPHS]
    path = write(tmp_path, "a.txt", article_file(paragraphs=paragraphs))
    run("import_articles", str(path))
    article = Article.objects.get()
    author = factories.make_user()
    stays = factories.annotate(article, author, "سوقاً جديدة")
    moves = factories.annotate(article, author, "الأسعار كل أسبوع مع التجار")
    detaches = factories.annotate(article, author, "عدد من نواب المحافظة")
    # One word inserted inside the quote; the first paragraph deleted.
    edited = [PARAGRAPHS[0], PARAGRAPHS[1].replace("مع التجار", "مع كبار التجار")]
    write(tmp_path, "a.txt", article_file(paragraphs=edited))

    lines, _ = run("import_articles", str(path), "--update")

    assert lines[0].startswith(f"{path}: updated: ")
    assert "في مواضعها: ملاحظة واحدة." in lines[0]
    assert "تنتقل إلى نص معدَّل: ملاحظة واحدة." in lines[0]
    assert "تنفصل عن النص: ملاحظة واحدة." in lines[0]
    assert (
        f"#{moves.pk} «الأسعار كل أسبوع مع التجار» ← «الأسعار كل أسبوع مع كبار التجار»" in lines[0]
    )
    assert f"#{detaches.pk} «عدد من نواب المحافظة»" in lines[0]
    assert f"#{stays.pk}" not in lines[0]
    assert lines[-1] == "imported 0, unchanged 0, updated 1, failed 0"


def test_import_needs_a_path():
    with pytest.raises(CommandError):
        call_command("import_articles")


# --- samples ---------------------------------------------------------------------------------


def test_samples_import_cleanly_and_idempotently():
    first, _ = run("import_articles", str(SAMPLES))
    assert first == ["imported 13, unchanged 0, updated 0, failed 0"]
    second, _ = run("import_articles", str(SAMPLES))
    assert second == ["imported 0, unchanged 13, updated 0, failed 0"]
    assert Section.objects.count() >= 5
    assert Publisher.objects.count() >= 2
    assert Article.objects.filter(caption="").exists()
    for article in Article.objects.all():
        assert 4 <= len(article.paragraphs) <= 7
        assert "\ufffd" not in article.body


def test_samples_carry_the_quirks():
    raw = {p.name: p.read_bytes() for p in SAMPLES.glob("*.txt")}
    assert any(data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data for data in raw.values())
    cp1256 = [name for name, data in raw.items() if not _is_utf8(data)]
    assert cp1256 == ["01-economy-wheat-harvest.txt"]
    import_paths([SAMPLES])
    titles = {a.title for a in Article.objects.all()}
    bodies = "\n".join(Article.objects.values_list("body", flat=True))
    assert any("٦٠" in t for t in titles)  # Arabic-Indic digits kept as written
    assert "الوِقَايَةُ خَيْرٌ" in bodies and "افحـــــص" in bodies
    assert "NATO" in bodies and "IMF" in bodies
    water = Article.objects.get(title__startswith="افتتاح محطة مياه")
    assert water.published_at == datetime(2024, 8, 23, 16, 15, tzinfo=CAIRO)  # ٤:١٥ م
    grain = Article.objects.get(title__startswith="وزراء الزراعة العرب")
    assert grain.scraped_on == date(2024, 11, 5)  # تشرين الثاني


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- export_articles ---------------------------------------------------------------------


def test_export_format():
    article = factories.make_article(
        title="خبر للتصدير",
        caption="",
        body="فقرة أُولى.\n\nفقرة ثانية فيها <script>.",
        published_at=datetime(2022, 2, 1, 21, 14, tzinfo=CAIRO),
        scraped_on=date(2024, 6, 1),
        source_sha256="ab" * 32,
    )
    lines, _ = run("export_articles", "--format", "jsonl")
    assert len(lines) == 1
    assert json.loads(lines[0]) == {
        "title": "خبر للتصدير",
        "caption": None,
        "section": article.section.name,
        "publisher": article.publisher.name,
        "published_at": "2022-02-01T21:14:00+02:00",
        "scraped_on": "2024-06-01",
        "paragraphs": ["فقرة أُولى.", "فقرة ثانية فيها <script>."],
        "status": "published",
        "source_sha256": "ab" * 32,
    }
    assert "\\u" not in lines[0]  # Arabic written as is, not escaped


def test_export_summer_time_offset_and_order():
    factories.make_article(title="ثان", published_at=datetime(2024, 7, 1, 10, 0, tzinfo=CAIRO))
    factories.make_article(title="أول", published_at=datetime(2021, 1, 1, 9, 0, tzinfo=CAIRO))
    records = [json.loads(line) for line in run("export_articles")[0]]
    assert [r["title"] for r in records] == ["أول", "ثان"]
    assert records[1]["published_at"] == "2024-07-01T10:00:00+03:00"
    assert records[0]["scraped_on"] is None


def test_export_to_a_file(tmp_path):
    factories.make_article()
    target = tmp_path / "out.jsonl"
    lines, err = run("export_articles", "--output", str(target))
    assert lines == []
    assert "exported 1 articles" in err
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1


def test_export_then_import_into_an_empty_database_gives_the_same_articles(tmp_path):
    import_paths([SAMPLES])
    Article.objects.filter(title__startswith="بدء تشغيل").update(status=Article.Status.DRAFT)
    # Text edited in the admin after import is exported as stored.
    edited = Article.objects.get(title__startswith="عدّاءة شابة")
    edited.body += "\n\nفقرة أضافها المحرر.\nوسطر ثانٍ فيها."
    edited.save()
    fields = [
        "title", "caption", "section__name", "publisher__name", "published_at", "scraped_on",
        "body", "status", "source_sha256",
    ]  # fmt: skip
    before = sorted(Article.objects.values_list(*fields))
    export = tmp_path / "all.jsonl"
    run("export_articles", "--format", "jsonl", "--output", str(export))

    Article.objects.all().delete()
    Section.objects.all().delete()
    Publisher.objects.all().delete()
    lines, _ = run("import_articles", str(export))

    assert lines == ["imported 13, unchanged 0, updated 0, failed 0"]
    assert sorted(Article.objects.values_list(*fields)) == before
    # And importing the export again changes nothing.
    lines, _ = run("import_articles", str(export))
    assert lines == ["imported 0, unchanged 13, updated 0, failed 0"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_when_stderr_is_a_terminal(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "editorial.management.commands.import_articles.import_paths",
        lambda paths, **kwargs: calls.append(kwargs["progress"]) or import_paths(paths, **kwargs),
    )
    path = str(write(tmp_path, "a.txt", article_file()))
    call_command("import_articles", path, stdout=io.StringIO(), stderr=Terminal())
    call_command("import_articles", path, stdout=io.StringIO(), stderr=io.StringIO())
    assert calls == [True, False]
