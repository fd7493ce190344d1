"""The assistant's suggestions drawn in the article text: editors see them and decide from
there (htmx or a plain post); readers, signed in or not, never do, nor are they served a
page an editor saw."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article
from assistant import services
from assistant.models import Suggestion
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    'وقال وزير المالية أحمد سليم: "بلغ العجز 4 بالمئة من الناتج هذا العام".\n\n'
    "وارتفعت الصادرات إلى 46 مليار دولار في 2024.\n\n"
    "أعتقد أن الطقس جميل."
)


@pytest.fixture
def article(db):
    article = factories.make_article(body=BODY)
    factories.make_speaker("أحمد سليم")
    services.suggestions_compute(article=article)
    return article


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(factories.make_editor())
    return client


class _BodyText(HTMLParser):
    """The text of the article body's paragraphs, as annotate.js reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "p" and dict(attrs).get("id", "").startswith("p-"):
            self.inside = True
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.paragraphs[-1] += data


def body_text(html: str) -> str:
    parser = _BodyText()
    parser.feed(html)
    return "\n\n".join(parser.paragraphs)


def _cached_pages() -> int:
    # The anonymous page and the one readers share; versions and counts live beside them.
    return sum(
        1 for key in cache._cache if "shared-page:html:" in key or "shared-page:reader:" in key
    )  # locmem in tests


def test_editors_see_every_pending_suggestion_in_the_text(editor_client, article):
    page = editor_client.get(article.get_absolute_url()).content.decode()
    pending = list(Suggestion.objects.pending())
    assert len(pending) == 3
    for s in pending:
        assert page.count(f'data-sg="{s.pk}"') >= 1
        # The tag's buttons submit the list's forms: both are on the page.
        assert f'form="sg-accept-{s.pk}"' in page and f'id="sg-accept-{s.pk}"' in page
        assert f'form="sg-reject-{s.pk}"' in page and f'id="sg-reject-{s.pk}"' in page
    assert page.count('class="sg-tag ') == 3
    assert 'data-label="اقتباس مقترح · أحمد سليم"' in page
    # The marks add no text: what annotate.js measures is the article's text.
    assert body_text(page) == BODY


def test_readers_and_visitors_never_see_them_nor_a_page_an_editor_saw(editor_client, article):
    url = article.get_absolute_url()
    assert "sg-tag" in editor_client.get(url).content.decode()
    assert _cached_pages() == 0  # an editor's page is never kept
    anonymous = Client()
    reader = Client()
    reader.force_login(factories.make_user())
    for client in (anonymous, anonymous, reader):  # the second from the page cache
        page = client.get(url).content.decode()
        assert "data-sg" not in page and "sg-tag" not in page and "مقترح" not in page
    # Kept: the anonymous page and the one signed-in readers share, neither the editor's.
    assert _cached_pages() == 2
    # The cached reader's page is not served to the editor either.
    response = editor_client.get(url)
    assert "sg-tag" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "ETag" not in response


def test_suggestions_for_another_text_version_are_listed_not_drawn(editor_client, article):
    stale = Suggestion.objects.get(kind="quote")
    Suggestion.objects.filter(pk=stale.pk).update(text_version=article.text_version + 1)
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert f'id="suggestion-{stale.pk}"' in page
    assert f'data-sg="{stale.pk}"' not in page


def test_the_page_costs_the_same_queries_with_many_suggestions(editor_client, article):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    queries(article.get_absolute_url())  # the editor's role is asked once, then kept
    one = queries(article.get_absolute_url())
    long_body = "\n\n".join(
        f'وقال الوزير: "ارتفع الدين إلى {n} بالمئة في {2000 + n}".' for n in range(40)
    )
    many = factories.make_article(body=long_body)
    services.suggestions_compute(article=many)
    annotated = Annotation.objects.count()
    assert many.suggestions.count() >= 40
    page = editor_client.get(many.get_absolute_url()).content.decode()
    assert page.count('class="sg-tag ') == many.suggestions.count()
    assert queries(many.get_absolute_url()) == one
    assert Annotation.objects.count() == annotated


def test_accepting_from_the_text_with_htmx_draws_the_annotation(editor_client, article):
    quote = Suggestion.objects.get(kind="quote")
    url = article.get_absolute_url()
    htmx = {"hx-request": "true", "hx-target": "article-body"}
    response = editor_client.post(
        reverse("assistant:suggestion_accept", args=[quote.pk]),
        {"next": url},
        headers=htmx,
    )
    # htmx follows the redirect and picks the body, the panel and the list from the page.
    assert response.status_code == 302 and response["Location"] == url
    page = editor_client.get(url, headers=htmx).content.decode()
    quote.refresh_from_db()
    assert quote.status == "accepted"
    assert f'data-sg="{quote.pk}"' not in page
    assert re.search(rf'<mark id="annotation-{quote.annotation_id}" class="anno anno--quote', page)
    assert 'id="annotations-panel"' in page and 'id="article-suggestions"' in page
    claim = Suggestion.objects.filter(kind="claim").first()
    editor_client.post(reverse("assistant:suggestion_reject", args=[claim.pk]), {"next": url})
    page = editor_client.get(url).content.decode()
    assert f'data-sg="{claim.pk}"' not in page and body_text(page) == BODY


def test_a_refused_decision_with_htmx_reloads_the_page_to_show_why(editor_client, article):
    quote = Suggestion.objects.get(kind="quote")
    response = editor_client.post(
        reverse("assistant:suggestion_accept", args=[quote.pk]),
        {"start": 5, "end": 2, "next": article.get_absolute_url()},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert 'class="message message--error"' in page
    quote.refresh_from_db()
    assert quote.status == "pending" and Article.objects.count() == 1
