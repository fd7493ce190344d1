"""Reading pages through the Django test client: status, RTL, escaping, drafts, pagination,
archives, constant query counts, CSP, Arabic dates and metadata."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import factories

CAIRO = ZoneInfo("Africa/Cairo")
SCRIPT = '<script>alert("x")</script>'

pytestmark = pytest.mark.django_db


class PageParser(HTMLParser):
    """Collects what the CSP and accessibility checks need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.scripts: list[dict[str, str | None]] = []
        self.script_bodies: list[str] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.event_handlers: list[str] = []
        self.h1: list[str] = []
        self._in_script = False
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_attrs = attributes
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
            self.script_bodies.append("")
        if tag == "style":
            self.style_elements += 1
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        for name, _ in attrs:
            if name == "style":
                self.style_attributes.append(tag)
            if name.startswith("on"):
                self.event_handlers.append(f"{tag}[{name}]")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_script:
            self.script_bodies[-1] += data
        if self._in_h1:
            self.h1[-1] += data


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def make_many(count: int, **overrides) -> list[Article]:
    section = overrides.pop("section", None) or factories.make_section("اقتصاد")
    publisher = overrides.pop("publisher", None) or factories.make_publisher("دار الهلال")
    start = datetime(2022, 2, 1, 9, 0, tzinfo=CAIRO)
    return [
        factories.make_article(
            section=section,
            publisher=publisher,
            published_at=start + timedelta(hours=n),
            featured=n % 5 == 0,
            **overrides,
        )
        for n in range(count)
    ]


def list_urls(article: Article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "list-page-2": reverse("articles:list") + "?page=2",
        "section": article.section.get_absolute_url(),
        "publisher": article.publisher.get_absolute_url(),
        "archive-year": reverse("articles:archive_year", kwargs={"year": 2022}),
        "archive-month": reverse("articles:archive_month", kwargs={"year": 2022, "month": 2}),
    }


# --- Status, language and direction ------------------------------------------------


def test_every_reading_page_is_arabic_rtl_with_one_h1(client, article) -> None:
    for name, url in {**list_urls(article), "detail": article.get_absolute_url()}.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = parse(response)
        assert page.html_attrs.get("lang") == "ar", name
        assert page.html_attrs.get("dir") == "rtl", name
        assert len(page.h1) == 1, name


def test_article_page_shows_headline_caption_section_publisher_date_and_paragraphs(
    client,
) -> None:
    article = factories.make_article(
        title="ارتفاع أسعار القطن في الأسواق المحلية",
        caption="حقل قطن في الدلتا",
        section=factories.make_section("عرب وعالم"),
        publisher=factories.make_publisher("دار الهلال"),
        published_at=datetime(2022, 2, 1, 21, 14, tzinfo=CAIRO),
        body="الفقرة الأولى.\n\nالفقرة الثانية.\n\nالفقرة الثالثة.",
    )
    response = client.get(article.get_absolute_url())
    page = parse(response)
    html = response.content.decode()
    assert page.h1 == ["ارتفاع أسعار القطن في الأسواق المحلية"]
    assert "حقل قطن في الدلتا" in html
    assert "عرب وعالم" in html
    assert "دار الهلال" in html
    assert "الثلاثاء 1 فبراير 2022 - 21:14" in html
    assert 'datetime="2022-02-01T21:14:00+02:00"' in html
    assert "دقيقة واحدة" in html
    assert re.findall(r'<p id="p-(\d+)"[^>]*>([^<]*)</p>', html) == [
        ("1", "الفقرة الأولى."),
        ("2", "الفقرة الثانية."),
        ("3", "الفقرة الثالثة."),
    ]


def test_article_without_caption_renders_no_caption_block(client) -> None:
    article = factories.make_article(caption="")
    assert "article__caption" not in client.get(article.get_absolute_url()).content.decode()


def test_arabic_indic_digits_setting_switches_dates_and_counts(client, settings) -> None:
    settings.NEWSREADER_ARABIC_INDIC_DIGITS = True
    make_many(25)
    article = Article.objects.first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "٢٠٢٢" in html
    listing = client.get(reverse("articles:list")).content.decode()
    assert "الصفحة ١ من ٢" in listing
    assert ">٢</a>" in listing


def test_western_digits_by_default(client, article) -> None:
    html = client.get(article.get_absolute_url()).content.decode()
    assert "الثلاثاء 1 فبراير 2022 - 21:14" in html
    assert not re.search("[٠-٩]", html)


# --- Escaping -------------------------------------------------------------------------------


def test_script_in_article_text_is_escaped_everywhere(client) -> None:
    article = factories.make_article(
        title=f"عنوان {SCRIPT}",
        caption=f"تعليق {SCRIPT}",
        body=f"فقرة أولى {SCRIPT}\n\n</script><script>alert(1)</script>",
        section=factories.make_section(f"قسم {SCRIPT}"),
        publisher=factories.make_publisher(f"ناشر {SCRIPT}"),
    )
    for url in [*list_urls(article).values(), article.get_absolute_url()]:
        response = client.get(url)
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url
    detail = parse(client.get(article.get_absolute_url()))
    (json_ld,) = [
        body
        for attrs, body in zip(detail.scripts, detail.script_bodies)
        if attrs.get("type") == "application/ld+json"
    ]
    assert "<" not in json_ld and ">" not in json_ld and "&" not in json_ld
    assert json.loads(json_ld)["headline"] == f"عنوان {SCRIPT}"


# --- Metadata -------------------------------------------------------------------------------


def test_article_page_has_canonical_open_graph_and_news_article_json_ld(client, article) -> None:
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    canonical = "http://testserver" + article.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    page = parse(response)
    data = json.loads(
        next(
            body
            for attrs, body in zip(page.scripts, page.script_bodies)
            if attrs.get("type") == "application/ld+json"
        )
    )
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2022-02-01T21:14:00+02:00"
    assert data["publisher"]["name"] == article.publisher.name
    assert data["articleSection"] == article.section.name
    assert data["mainEntityOfPage"] == canonical


# --- Slugs ----------------------------------------------------------------------------------


def test_unicode_slug_url_and_redirects_from_old_or_missing_slug(client) -> None:
    article = factories.make_article(title="مباراة القمة تنتهي بالتعادل")
    assert article.slug == "مباراة-القمة-تنتهي-بالتعادل"
    assert client.get(article.get_absolute_url()).status_code == 200

    for url in [
        reverse("articles:detail_noslug", kwargs={"pk": article.pk}),
        reverse("articles:detail", kwargs={"pk": article.pk, "slug": "عنوان-قديم"}),
    ]:
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == article.get_absolute_url()


def test_unknown_article_is_an_arabic_404(client) -> None:
    response = client.get(reverse("articles:detail", kwargs={"pk": 999999, "slug": "x"}))
    assert response.status_code == 404
    html = response.content.decode()
    assert "الصفحة غير موجودة" in html
    assert 'lang="ar" dir="rtl"' in html


def test_unknown_url_uses_the_arabic_404_handler(client, settings) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


# --- Drafts -------------------------------------------------------------------------------


def test_draft_is_404_for_the_public_and_hidden_from_lists(client, user) -> None:
    draft = factories.make_article(title="مسودة سرية لم تنشر", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in list_urls(draft).values():
        assert "مسودة سرية لم تنشر" not in client.get(url).content.decode(), url


def test_future_article_is_not_public_yet(client) -> None:
    scheduled = factories.make_article(published_at=timezone.now() + timedelta(days=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_see_drafts_with_a_banner(client, staff_user) -> None:
    draft = factories.make_article(title="مسودة للمراجعة", status=Article.Status.DRAFT)
    published = factories.make_article(title="خبر منشور")
    client.force_login(staff_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="draft-banner"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'class="draft-banner"' not in client.get(published.get_absolute_url()).content.decode()
    assert "مسودة للمراجعة" in client.get(reverse("articles:list")).content.decode()


# --- Pagination ----------------------------------------------------------------------------


def test_list_is_newest_first_20_per_page_with_numbered_pager(client) -> None:
    articles = make_many(45)
    newest_first = sorted(articles, key=lambda a: a.published_at, reverse=True)

    first = client.get(reverse("articles:list"))
    assert [a.pk for a in first.context["page_obj"].object_list] == [
        a.pk for a in newest_first[:20]
    ]
    html = first.content.decode()
    assert '<nav class="pager" aria-label="الصفحات">' in html
    assert '<a href="?page=1" aria-current="page">1</a>' in html
    assert 'href="?page=2"' in html and 'href="?page=3"' in html
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html

    last = client.get(reverse("articles:list") + "?page=3")
    assert [a.pk for a in last.context["page_obj"].object_list] == [a.pk for a in newest_first[40:]]
    assert '<a href="?page=3" aria-current="page">3</a>' in last.content.decode()
    assert 'rel="prev" href="?page=2"' in last.content.decode()


def test_out_of_range_or_bad_page_numbers_still_render(client) -> None:
    make_many(25)
    assert client.get(reverse("articles:list") + "?page=99").context["page_obj"].number == 2
    assert client.get(reverse("articles:list") + "?page=abc").context["page_obj"].number == 1


def test_long_pagers_are_elided(client) -> None:
    make_many(20 * 12)
    html = client.get(reverse("articles:list") + "?page=6").content.decode()
    numbers = re.findall(
        r'href="\?page=(\d+)"(?: aria-current="page")?(?: aria-label="[^"]*")?>', html
    )
    assert {"1", "4", "5", "6", "7", "8", "12"} <= set(numbers)
    assert "10" not in numbers
    assert "…" in html


def test_section_and_publisher_pages_only_list_their_articles(client) -> None:
    economy, sport = factories.make_section("اقتصاد"), factories.make_section("رياضة")
    hilal, ahram = factories.make_publisher("دار الهلال"), factories.make_publisher("الأهرام")
    a = factories.make_article(title="خبر اقتصادي من الهلال", section=economy, publisher=hilal)
    b = factories.make_article(title="خبر رياضي من الأهرام", section=sport, publisher=ahram)

    section_page = client.get(economy.get_absolute_url())
    assert list(section_page.context["page_obj"].object_list) == [a]
    assert 'aria-current="page">اقتصاد</a>' in section_page.content.decode()
    assert list(client.get(ahram.get_absolute_url()).context["page_obj"].object_list) == [b]
    assert client.get(reverse("articles:section", kwargs={"slug": "لا-يوجد"})).status_code == 404


# --- Archive -------------------------------------------------------------------------------


def test_archive_uses_the_site_time_zone_for_month_bounds(client) -> None:
    # 23:30 on 31 January in Cairo is 21:30 UTC; 00:30 on 1 February is 22:30 UTC on 31 Jan.
    january = factories.make_article(published_at=datetime(2022, 1, 31, 23, 30, tzinfo=CAIRO))
    february = factories.make_article(published_at=datetime(2022, 2, 1, 0, 30, tzinfo=CAIRO))
    other_year = factories.make_article(published_at=datetime(2021, 12, 31, 23, 0, tzinfo=CAIRO))

    def listed(url: str) -> list[Article]:
        return list(client.get(url).context["page_obj"].object_list)

    assert listed(reverse("articles:archive_month", kwargs={"year": 2022, "month": 1})) == [january]
    assert listed(reverse("articles:archive_month", kwargs={"year": 2022, "month": 2})) == [
        february
    ]
    assert listed(reverse("articles:archive_year", kwargs={"year": 2022})) == [february, january]
    assert listed(reverse("articles:archive_year", kwargs={"year": 2021})) == [other_year]
    html = client.get(reverse("articles:archive_month", kwargs={"year": 2022, "month": 2})).content
    assert "أخبار فبراير 2022" in html.decode()


def test_archive_of_impossible_month_is_404(client) -> None:
    assert client.get("/archive/2022/13/").status_code == 404


# --- Query counts ---------------------------------------------------------------------------

# Anonymous visitors: sections nav + (count + page) or (featured + latest) + page's own
# object + when the next scheduled article comes out (how long the cached page holds).
EXPECTED_QUERIES = {
    "home": 4,
    "list": 4,
    "list-page-2": 4,
    "section": 5,
    "publisher": 5,
    "archive-year": 4,
    "archive-month": 4,
}


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("page", sorted(EXPECTED_QUERIES))
def test_list_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, page, count
) -> None:
    articles = make_many(count)
    for n in range(5):
        factories.make_section(f"قسم إضافي {n}")
    url = list_urls(articles[0])[page]
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200
    # Then the page comes from the cache (core.pagecache) without a query.
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == response.content


@pytest.mark.parametrize("count", [1, 50])
def test_article_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, count
) -> None:
    article = make_many(count)[0]
    # Rendered once (then kept by core.pagecache, with no query): the article with its
    # section and publisher, its visible annotations, the nav.
    with django_assert_num_queries(3):
        client.get(article.get_absolute_url())


# --- Content Security Policy ----------------------------------------------------------------


def test_pages_send_a_strict_csp_and_carry_no_inline_script_or_style(client, staff_user) -> None:
    draft = factories.make_article(status=Article.Status.DRAFT)
    article = factories.make_article()
    client.force_login(staff_user)
    urls = [*list_urls(article).values(), article.get_absolute_url(), draft.get_absolute_url()]
    for url in [*urls, "/no-such-page/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp
        page = parse(response)
        for attrs, body in zip(page.scripts, page.script_bodies):
            if attrs.get("type") == "application/ld+json":
                continue  # a data block, never executed
            assert attrs.get("src"), f"inline script on {url}"
            assert body.strip() == "", url
        assert page.style_attributes == [], url
        assert page.style_elements == 0, url
        assert page.event_handlers == [], url


def test_font_size_control_is_hidden_until_javascript_enables_it(client, article) -> None:
    html = client.get(article.get_absolute_url()).content.decode()
    # Not hidden by an attribute a script would lift after the first paint (a layout
    # shift): hidden by CSS unless prefs.js, render-blocking, marked <html class="js">.
    assert re.search(r'<div class="font-size-control"[^>]*>', html)
    assert not re.search(r'<div class="font-size-control"[^>]*\shidden>', html)
    assert '<script src="/static/js/prefs.js"></script>' in html
    assert '<a class="skip-link" href="#main">' in html


# --- Indexes -------------------------------------------------------------------------------


@pytest.mark.skipif(
    "not __import__('django.db').db.connection.vendor == 'sqlite'",
    reason="reads SQLite's EXPLAIN QUERY PLAN",
)
def test_list_page_queries_use_indexes_and_need_no_sort(client, staff_user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = make_many(30)
    factories.make_article(status=Article.Status.DRAFT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    urls = [*list_urls(articles[0]).values(), articles[0].get_absolute_url()]
    for who in ["public", "staff"]:
        if who == "staff":
            client.force_login(staff_user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            for query in queries.captured_queries:
                if "articles_article" not in query["sql"] or "django_session" in query["sql"]:
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                    plan = " | ".join(row[-1] for row in cursor.fetchall())
                assert not re.search(r"SCAN (articles_article|U0)(?! USING)", plan), (url, plan)
                assert "TEMP B-TREE FOR ORDER BY" not in plan.replace("RIGHT PART OF ", "X"), (
                    who,
                    url,
                    plan,
                )
