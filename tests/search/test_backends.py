"""The index on the database in use: run on SQLite and on PostgreSQL (DATABASE_URL).

Expectations are written out as sets of corpus keys, so passing on both
databases means both give the same result set for every query below.
"""

import pytest
from django.db import connection

from articles.models import Article
from search.backends import fts5_expression, search_articles, tsquery_expression
from search.query import parse
from tests import factories
from tests.core.arabic_variants import ALL_PAIRS

pytestmark = pytest.mark.django_db


def found(raw: str, articles=None) -> set[str]:
    articles = Article.objects.published() if articles is None else articles
    ids = search_articles(parse(raw), articles).ids
    return set(Article.objects.filter(pk__in=ids).values_list("title", flat=True))


def keys(corpus, raw: str) -> set[str]:
    by_title = {article.title: key for key, article in corpus.items()}
    return {by_title[title] for title in found(raw)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Clitics, hamza, diacritics in the text (النَّاتُو) and in the query.
        ("الناتو", {"nato", "diacritics"}),
        ("ناتو", {"nato", "diacritics"}),
        ("النّاتو", {"nato", "diacritics"}),
        ("NATO", {"nato"}),
        ("nato", {"nato"}),
        ("الامن", {"nato", "security"}),
        ("أمن", {"nato", "security"}),
        # Taa marbuta and alef maqsura both ways.
        ("مدرسة", {"school", "security"}),  # المدارس: a broken plural
        ("القاهرة", {"school"}),
        ("مستشفى", {"hospital"}),
        ("مستشفي", {"hospital"}),
        # Hamza seat variants.
        ("مسؤول", {"hospital"}),
        # Diacritics and tatweel in the text.
        ("محمد", {"diacritics"}),
        ("المكتبة", {"diacritics"}),
        ("كتاب", {"diacritics"}),
        # Digits.
        ("2024", {"digits"}),
        ("٥٠٠", {"digits"}),
        ("12", {"digits"}),
        # Several words: all must be present.
        ("الأمن الغذائي", {"security"}),
        ("الأمن مصر", {"security"}),
        ("الامن الأطفال", set()),
        # Phrases: words in order, within one field.
        ('"الأمن الغذائي"', {"security"}),
        ('"الغذائي الأمن"', set()),
        ('"مستشفى الأطفال"', {"hospital"}),
        ('"الأطفال مستشفى"', set()),
        ('"الأطفال زار"', set()),  # end of title + start of body: not a phrase
        ('"حلف الناتو"', {"nato"}),
        # Exclusions.
        ("الأمن -مصر", {"nato"}),
        ('الأمن -"الأمن الغذائي"', {"nato"}),
        ("الناتو -NATO", {"diacritics"}),
        # Broken plural: المدارس is found for مدرسة.
        ("مدرسة -افتتاح", {"security"}),
    ],
)
def test_result_sets(corpus, raw, expected):
    assert keys(corpus, raw) == expected


def test_drafts_and_scheduled_articles_are_never_found(corpus):
    titles = found("الناتو")
    assert corpus["draft"].title not in titles
    assert corpus["future"].title not in titles


def test_title_matches_rank_above_body_matches(corpus):
    results = search_articles(parse("الناتو"), Article.objects.published())
    assert results.ids == [corpus["nato"].pk, corpus["diacritics"].pk]
    assert not results.capped


def test_only_the_newest_matches_are_ranked_and_the_cap_is_reported(db):
    section, publisher = factories.make_section(), factories.make_publisher()
    articles = [
        factories.make_article(
            title=f"خبر {i}", body="اجتمع الناتو اليوم.", section=section, publisher=publisher
        )
        for i in range(5)
    ]
    # The oldest article would rank first (the word is in its title) but is beyond the cap.
    articles[0].title = "الناتو يجتمع"
    articles[0].save()
    results = search_articles(parse("الناتو"), Article.objects.all(), limit=3)
    assert results.capped
    assert set(results.ids) == {a.pk for a in articles[2:]}
    everything = search_articles(parse("الناتو"), Article.objects.all(), limit=5)
    assert not everything.capped
    assert everything.ids[0] == articles[0].pk


def test_equal_ranks_show_the_latest_arrival_first(db):
    old = factories.make_article(title="قمة الناتو")
    new = factories.make_article(title="قمة الناتو")
    assert search_articles(parse("الناتو"), Article.objects.all()).ids == [new.pk, old.pk]


def test_filters_combine_with_the_match(corpus):
    economy = Article.objects.published().filter(section__name="اقتصاد")
    assert found("الأمن", economy) == {corpus["security"].title}


def test_every_variant_pair_is_found_in_the_database(db):
    # Recall on the written-down variant list, measured through the real index.
    section, publisher = factories.make_section(), factories.make_publisher()
    pairs = {}
    for index, (query, text) in enumerate(ALL_PAIRS):
        article = factories.make_article(
            title=f"مقال رقم {index}",
            body=f"تمهيد {text} ختام",
            section=section,
            publisher=publisher,
        )
        pairs[article.pk] = query
    misses = [
        (query, pk)
        for pk, query in pairs.items()
        if pk not in search_articles(parse(query), Article.objects.all()).ids
    ]
    assert misses == []


NASTY = [
    # The new readings: name heads, separators, seat letters, long runs of clitic letters.
    "عبد",
    "عبد -عبد",
    "-عبد الستار",
    "عبد عبد عبد عبد",
    "1,2,3,4,5,6,7,8,9",
    "١٤٫",
    "٫١",
    "1..2",
    "وووووووووووووووو",
    "يييييييييييييييييي",
    "مؤؤؤؤئئئئئئئئئؤؤؤؤؤ",
    "وبالللللللل",
    '"حلف شمال الأطلسي" -الناتو',
    "",
    " ",
    "!!!",
    "؟،؛.",
    "ًٌٍَُِّْ",
    '"',
    '""',
    '"""',
    "*",
    "الناتو*",
    ":",
    "title:الناتو",
    "(",
    ")",
    "(الناتو",
    "NEAR",
    "NEAR(الناتو الأمن)",
    "AND",
    "OR",
    "NOT",
    "الناتو NOT الأمن",
    "-",
    "--",
    "'",
    "'; DROP TABLE articles_article; --",
    "\\",
    "&|!<->:*",
    "'a':A & !b",
    "\u202e\u2066\u200f\u061c",
    "\u202eالناتو\u202c",
    "\x00",
    "a\x00b",
    "ا" * 5000,
    "الناتو " * 1000,
    "😀 🇪🇬",
    "½ ² ﷺ ﻻ",
]


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_queries_never_fail(corpus, raw):
    search_articles(parse(raw), Article.objects.published())


def test_nul_character_in_a_query(corpus):
    assert found("\x00الناتو") == found("الناتو")


def test_expressions_quote_every_term():
    query = parse('الناتو -"حلف شمال" x')
    assert fts5_expression(query) == '"ناتو" AND "x" NOT "حلف شمال"'
    assert tsquery_expression(query) == (
        "'ناتو' & 'x' & !(('حلف':A <-> 'شمال':A) | ('حلف':B <-> 'شمال':B))"
    )


def test_backend_in_use_is_one_we_support():
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_postgresql_walks_articles_in_one_process():
    # search/migrations/0007: a newest-first walk that stops early gains nothing from
    # parallel workers (a quoted phrase took twice as long with them).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage parameter")
    with connection.cursor() as cursor:
        for table in ("articles_article", "search_searchdocument"):
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
            assert "parallel_workers=0" in cursor.fetchone()[0]


def test_a_pair_of_single_words_is_one_phrase_test_per_field():
    from search.backends import pair_expression
    from search.query import Group

    left = Group(phrases=(("ميناء",), ("موان",)))
    right = Group(phrases=(("صيد",),))
    assert pair_expression(left, right, weights="AB") == (
        "(('ميناء':A | 'موان':A) <-> ('صيد':A)) | (('ميناء':B | 'موان':B) <-> ('صيد':B))"
    )
    # A multi-word alternative is spelled out, each combination a phrase in one field.
    named = Group(phrases=(("عبد", "ستار"), ("عبدستار",)))
    assert "'عبد':A <-> 'ستار':A <-> 'صيد':A" in pair_expression(named, right, weights="AB")


@pytest.mark.parametrize("window", [4, 10**9])  # within the walked window / all walked
def test_a_phrase_walked_among_the_newest_gives_the_planners_answer(monkeypatch, window):
    # search.backends.WALK_WINDOW: the newest articles are walked first, bitmap scans
    # off for that query (both databases answer; the walk runs on PostgreSQL).
    from search import backends

    for n in range(7):
        factories.make_article(
            title=f"خبر {n}", body=f"قال كريم عبد الهادي اليوم {n}.\n\nوكريم في عبد."
        )
    expected = found('"كريم عبد الهادي"')
    monkeypatch.setattr(backends, "WALK_WINDOW", window)
    ids = backends.search_articles(parse('"كريم عبد الهادي"'), Article.objects.published(), limit=3)
    assert ids.capped and len(ids.ids) == 3
    assert set(Article.objects.filter(pk__in=ids.ids).values_list("title", flat=True)) <= expected
    newest = Article.objects.published().order_by("-published_at", "-pk")[:3]
    assert set(ids.ids) == {a.pk for a in newest}
    _assert_planner_settings_put_back()


@pytest.mark.parametrize("budget", [0, 10**9])  # through GIN / the walk goes on
@pytest.mark.parametrize("phrase", ["الميناء", '"الميناء الجديد"', "الميناء بالقاهرة"])
def test_matches_older_than_the_window_are_the_planners_answer(monkeypatch, budget, phrase):
    # Few matches among the newest WALK_WINDOW articles: the walk goes on through the
    # older ones, or every match is read through GIN; the same ids in the same order
    # as without a window (and as SQLite's, which walks by id).
    from datetime import timedelta

    from django.utils import timezone

    from search import backends

    now = timezone.now()
    for n in range(12):
        body = "الميناء الجديد في القاهرة" if n in (1, 7, 8, 9, 10) else "خبر آخر"
        factories.make_article(
            title=f"خبر {n}", body=body, published_at=now - timedelta(hours=12 - n)
        )
    query, articles = parse(phrase), Article.objects.published()
    monkeypatch.setattr(backends, "WALK_WINDOW", 10**9)
    expected = backends.search_articles(query, articles, limit=3)
    monkeypatch.setattr(backends, "WALK_WINDOW", 4)
    monkeypatch.setattr(backends, "WALK_BUDGET", budget)
    for limit in (3, 10):
        ids = backends.search_articles(query, articles, limit=limit)
        whole = backends.search_articles(query, articles, limit=limit)
        assert ids == whole
    ids = backends.search_articles(query, articles, limit=3)
    assert ids == expected and ids.capped
    titles = list(Article.objects.filter(pk__in=ids.ids).values_list("title", flat=True))
    assert sorted(titles) == ["خبر 10", "خبر 8", "خبر 9"]
    everything = backends.search_articles(query, articles, limit=10)
    assert len(everything.ids) == 5 and not everything.capped
    # a word in no article: nothing, through GIN, quickly
    assert backends.search_articles(parse("الفيوم"), articles).ids == []
    _assert_planner_settings_put_back()


def _assert_planner_settings_put_back() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # put back for the rest of the transaction
            for name in ("enable_bitmapscan", "enable_seqscan", "enable_indexscan", "jit"):
                cursor.execute(f"SHOW {name}")
                assert cursor.fetchone()[0] == "on", name


def test_the_narrowest_bound_on_a_column_leads_the_where_clause():
    # search.backends._tightest_bounds_first: SQLite bounds its index range by the first
    # upper bound on a column; published() writes "<= now" before a reader's date filter.
    from datetime import timedelta

    from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
    from django.utils import timezone

    from search.backends import _tightest_bounds_first

    now = timezone.now()
    start, end = now - timedelta(days=60), now - timedelta(days=30)
    month = Article.objects.published().filter(published_at__gte=start, published_at__lt=end)
    ids = month.values("pk")
    before = list(ids.query.where.children)
    _tightest_bounds_first(ids)
    children = ids.query.where.children
    assert sorted(map(id, children)) == sorted(map(id, before))  # the same conditions
    assert {(type(child), child.rhs) for child in children[:2]} == {
        (LessThan, end),
        (GreaterThanOrEqual, start),
    }
    # A bound after now leaves published()'s own first.
    ids = Article.objects.published().filter(published_at__lt=now + timedelta(days=1)).values("pk")
    _tightest_bounds_first(ids)
    assert isinstance(ids.query.where.children[0], LessThanOrEqual)


def test_a_date_filtered_search_finds_the_same_articles(db):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for days in (3, 40, 45, 90):
        factories.make_article(
            title=f"الميناء {days}", body="الميناء الجديد", published_at=now - timedelta(days=days)
        )
    month = Article.objects.published().filter(
        published_at__gte=now - timedelta(days=60), published_at__lt=now - timedelta(days=30)
    )
    assert found("الميناء الجديد", month) == {"الميناء 40", "الميناء 45"}
