import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from tests import factories

from .test_backends import NASTY

pytestmark = pytest.mark.django_db
URL = reverse("search:search")
CAIRO = ZoneInfo("Africa/Cairo")


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def hit_titles(response) -> list[str]:
    return [hit.article.title for hit in response.context["hits"]]


def test_header_has_a_labelled_search_form(client):
    html = html_of(client.get(reverse("articles:home")))
    form = re.search(r'<form class="site-search" role="search"[^>]*>.*?</form>', html, re.S).group()
    assert f'action="{URL}"' in form and 'method="get"' in form
    assert 'type="search"' in form and 'name="q"' in form
    assert '<label class="visually-hidden" for="site-search-q">' in form


def test_empty_search_page_explains_what_to_do(client):
    html = html_of(client.get(URL))
    assert "اكتب كلمة أو أكثر" in html
    assert 'role="search"' in html and 'type="search"' in html
    assert "search-hits" not in html


def test_results_show_headline_section_publisher_date_and_marked_snippet(client, corpus):
    response = client.get(URL, {"q": "الناتو"})
    html = html_of(response)
    assert hit_titles(response) == [corpus["nato"].title, corpus["diacritics"].title]
    nato = corpus["nato"]
    assert nato.get_absolute_url() in html
    # The seeded synonyms name حلف الناتو as one: the whole name is marked.
    assert "قمة <mark>حلف الناتو</mark> في بروكسل" in html
    assert nato.section.name in html and nato.publisher.name in html
    assert 'datetime="2024-03-10T09:00:00+02:00"' in html
    # The variant in the body is marked whole, diacritics included.
    assert "<mark>النَّاتُو</mark>" in html
    assert "عدد النتائج: 2" in html


def test_the_query_stays_in_the_box(client):
    html = html_of(client.get(URL, {"q": '"حلف الناتو" -روسيا'}))
    assert 'value="&quot;حلف الناتو&quot; -روسيا"' in html


def test_user_text_is_escaped(client, corpus):
    html = html_of(client.get(URL, {"q": "<script>alert(1)</script> الناتو"}))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_inline_script_or_style(client, corpus):
    html = html_of(client.get(URL, {"q": "الناتو"}))
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_drafts_are_not_found_even_by_staff(client, corpus, staff_user):
    client.force_login(staff_user)
    response = client.get(URL, {"q": "الناتو"})
    assert corpus["draft"].title not in hit_titles(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"section": "اقتصاد"}, ["security"]),
        ({"publisher": "وكالة-الشرق"}, ["nato"]),
        ({"date_from": "2024-04-01"}, ["security"]),
        ({"date_to": "2024-04-01"}, ["nato"]),
        ({"date_from": "2024-03-10", "date_to": "2024-03-10"}, ["nato"]),
        ({"date_from": "2024-03-11", "date_to": "2024-05-01"}, []),
    ],
)
def test_filters(client, corpus, params, expected):
    response = client.get(URL, {"q": "الأمن", **params})
    assert hit_titles(response) == [corpus[key].title for key in expected]


def test_no_results_with_filters_offers_to_drop_them(client, corpus):
    html = html_of(client.get(URL, {"q": "الناتو", "section": "اقتصاد"}))
    assert "لا نتائج" in html and "مع المرشِّحات المختارة" in html
    assert f'href="{URL}?q=%D8%A7%D9%84%D9%86%D8%A7%D8%AA%D9%88"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"section": "لا-يوجد"}, "هذا القسم غير موجود."),
        ({"publisher": "\x00"}, "الأحرف الخالية غير مسموح بها."),
        ({"date_from": "أمس"}, "أدخل تاريخًا صحيحًا"),
        ({"date_to": "0001-01-01"}, "اختر تاريخًا بين"),
        ({"date_from": "9999-12-31"}, "اختر تاريخًا بين"),
        ({"date_from": "2024-05-01", "date_to": "2024-04-01"}, "يجب ألا يسبق تاريخ النهاية"),
        ({"tab": "users"}, "انتق خياراً صحيحاً"),
    ],
)
def test_bad_filters_show_arabic_errors(client, corpus, params, message):
    response = client.get(URL, {"q": "الأمن", **params})
    html = html_of(response)
    assert message in html
    assert response.context["hits"] == []


def test_pagination_keeps_the_query_and_filters(client):
    section = factories.make_section("اقتصاد")
    for i in range(45):
        factories.make_article(title=f"خبر الاقتصاد رقم {i}", section=section)
    response = client.get(URL, {"q": "الاقتصاد", "section": section.slug, "page": "3"})
    html = html_of(response)
    assert len(response.context["hits"]) == 5
    assert "عدد النتائج: 45" in html
    query = "?q=%D8%A7%D9%84%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"
    assert f'rel="prev" href="{query}&amp;section=' in html
    assert "&amp;page=2" in html
    last = client.get(URL, {"q": "الاقتصاد", "page": "999"})
    assert last.context["page_obj"].number == 3
    junk = client.get(URL, {"q": "الاقتصاد", "page": "'; --"})
    assert junk.context["page_obj"].number == 1


def _fill(n: int) -> None:
    for i in range(n):
        factories.make_article(
            title=f"خبر الاقتصاد {i}",
            section=factories.make_section(f"قسم {i % 4}"),
            publisher=factories.make_publisher(f"ناشر {i % 3}"),
        )


@pytest.mark.parametrize("n", [3, 30])
def test_query_count_does_not_grow_with_results(client, django_assert_num_queries, n):
    _fill(n)
    # count, page of articles with section and publisher, section and publisher choices,
    # and the header's section navigation.
    # +2: the synonym list and the speakers named by the query (search.synonyms).
    # PostgreSQL +1: the boundary of the newest articles walked first (search.backends.
    # WALK_WINDOW).
    with django_assert_num_queries(7 if connection.vendor == "sqlite" else 8):
        response = client.get(URL, {"q": "الاقتصاد"})
    assert len(response.context["hits"]) == min(n, 20)


def test_htmx_gets_only_the_results_partial(client, corpus):
    response = client.get(URL, {"q": "الناتو"}, headers={"HX-Request": "true"})
    html = html_of(response)
    assert "<html" not in html and "<form" not in html
    assert "الناتو</mark>" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, corpus):
    response = client.get(
        URL, {"q": "الناتو"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in html_of(response)


def test_search_box_is_wired_for_live_results(client):
    html = html_of(client.get(URL))
    field = re.search(r'<input type="search" name="q"[^>]*>', html, re.S).group()
    assert 'data-hx-trigger="input changed delay:300ms, search"' in field
    assert 'data-hx-push-url="true"' in field and 'data-hx-target="#search-results"' in field
    assert '<div id="search-results"' in html
    assert 'aria-label="البحث في الموقع"' not in html  # the header form steps aside


def test_a_long_query_is_cut_with_a_notice(client, corpus):
    html = html_of(client.get(URL, {"q": "الناتو " + "كلمة " * 60}))
    assert "فبحثنا عن أوله فقط" in html


def test_exclusions_alone_get_a_hint(client, corpus):
    assert "أضف كلمة تبحث عنها" in html_of(client.get(URL, {"q": "-الناتو"}))


def test_unsearchable_query_gets_a_hint(client, corpus):
    assert "كلمات يمكن البحث عنها" in html_of(client.get(URL, {"q": "؟!"}))


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_queries_never_fail(client, corpus, raw):
    html_of(client.get(URL, {"q": raw}))
    html_of(client.get(URL, {"q": raw}, headers={"HX-Request": "true"}))


def test_dates_are_whole_days_in_local_time(client):
    late = factories.make_article(
        title="خبر المساء", published_at=datetime(2024, 3, 10, 23, 30, tzinfo=CAIRO)
    )
    factories.make_article(
        title="خبر الصباح التالي", published_at=datetime(2024, 3, 11, 0, 30, tzinfo=CAIRO)
    )
    response = client.get(URL, {"q": "خبر", "date_to": "2024-03-10"})
    assert hit_titles(response) == [late.title]
    assert Article.objects.count() == 2


def test_a_capped_result_list_says_so(client, monkeypatch):
    monkeypatch.setattr("search.backends.MAX_RANKED", 3)
    for i in range(5):
        factories.make_article(title=f"خبر الاقتصاد {i}")
    response = client.get(URL, {"q": "الاقتصاد"})
    html = html_of(response)
    assert len(response.context["hits"]) == 3
    assert "أكثر من 3 نتيجة" in html and "أحدث 3" in html


def test_a_field_error_is_tied_to_its_field(client):
    html = html_of(client.get(URL, {"q": "الأمن", "date_from": "أمس"}))
    assert 'aria-invalid="true" aria-describedby="id_date_from_error"' in html
    assert '<span class="field-error" id="id_date_from_error">' in html


def test_the_htmx_partial_links_back_to_the_search_page(client, corpus):
    response = client.get(URL, {"q": "الناتو", "section": "اقتصاد"}, headers={"HX-Request": "true"})
    assert f'href="{URL}?q=' in html_of(response)


def test_no_results_offers_the_closest_indexed_word(client):
    from django.core.cache import cache

    cache.clear()  # the vocabulary is cached for ten minutes
    factories.make_article(title="افتتاح المستشفى الجامعي", caption="", body="نص الخبر.")
    response = client.get(URL, {"q": "افتتاخ المستشفى"})
    assert response.context["hits"] == []
    # The unknown word is replaced by the indexed term one edit away; the found word stays.
    assert response.context["suggestions"] == ["افتتاح المستشفى"]
    assert "هل تقصد" in html_of(response)


def test_a_typo_is_corrected_by_frequency(client):
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        factories.make_article(title="ارتفاع الأسعار", caption="", body="نص.")
    factories.make_article(title="ارتفاع الأسعد", caption="", body="نص.")
    response = client.get(URL, {"q": "الأسعاب"})
    assert response.context["hits"] == []
    # Both are one edit away; the commoner term comes first.
    assert response.context["suggestions"][0] == "اسعار"
    assert "?q=%D8%A7%D8%B3%D8%B9%D8%A7%D8%B1" in html_of(response)


def test_the_variants_searched_are_shown(client):
    factories.make_article(title="مشاريع الإسكان", caption="", body="نص.")
    html = html_of(client.get(URL, {"q": "مشروع"}))
    assert "صيغ أخرى بحثنا عنها" in html
    assert "<bdi>مشاريع</bdi>" in html


def test_synonyms_are_managed_in_the_arabic_admin(client):
    admin = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:search_synonym_changelist"))
    assert response.status_code == 200
    assert "الناتو / ناتو" in response.content.decode()
    response = client.post(reverse("admin:search_synonym_add"), {"expressions": "وحيد", "note": ""})
    assert "اكتب اسمين على الأقل" in response.content.decode()
