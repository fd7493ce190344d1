"""core.bulk.insert_new: bulk_create's contract, by COPY on PostgreSQL."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction

from articles.models import Article, ArticleRevision
from core.bulk import insert_new
from tests import factories

CAIRO = ZoneInfo("Africa/Cairo")
# What COPY's text format must escape: tabs, newlines, backslashes, \N, quotes.
AWKWARD = "سطر\tعمود\\N و\\ شرطة\nسطر ثانٍ\r\n\"اقتباس\" 'و' ; --"


def _article(n: int, **fields) -> Article:
    values = {
        "title": f"عنوان {n}",
        "slug": f"slug-{n}",
        "caption": "",
        "published_at": datetime(2022, 2, 1, 21, n, tzinfo=CAIRO),
        "body": f"نص {n}",
        "status": Article.Status.PUBLISHED,
        **fields,
    }
    return Article(**values)


def test_rows_come_back_saved_with_ids_and_exact_values(db):
    section, publisher = factories.make_section(), factories.make_publisher()
    before = factories.make_article(section=section, publisher=publisher)
    articles = [
        _article(1, section=section, publisher=publisher, body=AWKWARD, caption=AWKWARD),
        _article(2, section=section, publisher=publisher, scraped_on=date(2022, 2, 3)),
        _article(3, section=section, publisher=publisher, featured=True, source_sha256="ab" * 32),
    ]
    created = insert_new(articles)
    assert created == articles
    ids = [a.pk for a in articles]
    assert all(isinstance(pk, int) for pk in ids) and len(set(ids)) == 3
    assert before.pk not in ids
    assert all(not a._state.adding and a._state.db == "default" for a in articles)
    stored = {a.pk: a for a in Article.objects.filter(pk__in=ids)}
    for article in articles:
        row = stored[article.pk]
        for field in ("title", "slug", "caption", "body", "status", "featured", "source_sha256"):
            assert getattr(row, field) == getattr(article, field), field
        assert row.published_at == article.published_at
        assert row.scraped_on == article.scraped_on
        assert row.section_id == section.pk and row.publisher_id == publisher.pk
        assert row.text_version == 1  # the field's default
        assert row.created_at is not None and row.created_at == article.created_at
    # The identity sequence moved past the ids drawn: the next save does not collide.
    after = factories.make_article(section=section, publisher=publisher)
    assert after.pk not in ids


def test_a_failed_insert_raises_djangos_error_and_leaves_the_objects_unsaved(db):
    section, publisher = factories.make_section(), factories.make_publisher()
    first = factories.make_article(section=section, publisher=publisher)
    revision = ArticleRevision(article=first, number=1, title="أ", body="ب")
    insert_new([revision])
    clash = ArticleRevision(article=first, number=1, title="أ", body="ب")  # same number
    fine = _article(9, section=section, publisher=publisher)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new([fine])
        insert_new([clash])
    assert clash.pk is None
    assert not Article.objects.filter(title=fine.title).exists()  # rolled back with it
    assert ArticleRevision.objects.filter(article=first).count() == 1


def test_postgresql_takes_one_copy_per_call(db):
    from django.test.utils import CaptureQueriesContext

    section, publisher = factories.make_section(), factories.make_publisher()
    with CaptureQueriesContext(connection) as queries:
        insert_new([_article(n, section=section, publisher=publisher) for n in range(5)])
    statements = [q["sql"].split(" ")[0] for q in queries]
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "COPY"]  # the ids, then the rows
    else:
        assert statements == ["INSERT"]
