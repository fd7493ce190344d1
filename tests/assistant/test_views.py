"""Editors review suggestions; readers and visitors never see them."""

import pytest
from django.urls import reverse

from assistant import services
from assistant.models import Suggestion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggested(detected_article):
    services.suggestions_compute(article=detected_article)
    return detected_article


def urls(article, suggestion):
    return [
        ("get", reverse("assistant:suggestion_queue")),
        ("get", reverse("assistant:suggestion_article", args=[article.pk])),
        ("post", reverse("assistant:suggestion_accept", args=[suggestion.pk])),
        ("post", reverse("assistant:suggestion_reject", args=[suggestion.pk])),
        ("post", reverse("assistant:suggestions_accept_article", args=[article.pk])),
    ]


def test_readers_get_403_and_visitors_are_sent_to_log_in(client, suggested):
    suggestion = Suggestion.objects.first()
    for method, url in urls(suggested, suggestion):
        assert getattr(client, method)(url).status_code == 302
    client.force_login(factories.make_user())
    for method, url in urls(suggested, suggestion):
        assert getattr(client, method)(url).status_code == 403
    assert Suggestion.objects.pending().count() == 3


def test_readers_never_see_suggestions_on_the_article_page(client, suggested):
    page = client.get(suggested.get_absolute_url()).content.decode()
    assert "suggestion" not in page and "اقتراح" not in page
    client.force_login(factories.make_user())
    page = client.get(suggested.get_absolute_url()).content.decode()
    assert "suggestion" not in page and "اقتراح" not in page


def test_editors_see_them_on_the_article_page_in_constant_queries(client, suggested, editor):
    client.force_login(editor)
    page = client.get(suggested.get_absolute_url()).content.decode()
    assert page.count("data-suggestion ") == 3 and "suggestion--quote" in page
    more = factories.make_article(body=suggested.body)
    services.suggestions_compute(article=more)
    services.suggestions_compute(
        article=factories.make_article(body=suggested.body + "\n\nوارتفع الدين إلى 90 بالمئة.")
    )
    # The same number of queries whatever the number of suggestions.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(more.get_absolute_url())
    last = Suggestion.objects.order_by("-article_id").first().article
    with CaptureQueriesContext(connection) as second:
        client.get(last.get_absolute_url())
    assert len(first) == len(second)


def test_the_queue_lists_and_filters(client, suggested, editor, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("assistant:suggestion_queue")).content.decode()
    assert page.count("data-suggestion ") == 3
    page = client.get(reverse("assistant:suggestion_queue"), {"kind": "quote"}).content.decode()
    assert page.count("data-suggestion ") == 1 and "أحمد سليم" in page
    page = client.get(reverse("assistant:suggestion_queue"), {"min_score": "2"}).content.decode()
    assert "أدخل رقماً بين 0 و1." in page and page.count("data-suggestion ") == 0
    other = factories.make_section()
    page = client.get(reverse("assistant:suggestion_queue"), {"section": other.pk}).content.decode()
    assert page.count("data-suggestion ") == 0


def test_the_article_review_page_draws_quotes_and_claims_apart(client, suggested, editor):
    client.force_login(editor)
    page = client.get(reverse("assistant:suggestion_article", args=[suggested.pk])).content.decode()
    assert 'class="sg sg--claim sg--quote"' in page or 'class="sg sg--quote sg--claim"' in page
    assert 'class="sg sg--claim"' in page


def test_accept_edit_and_reject_through_the_views(client, suggested, editor):
    client.force_login(editor)
    quote = Suggestion.objects.get(kind="quote")
    response = client.post(
        reverse("assistant:suggestion_accept", args=[quote.pk]),
        {"start": quote.start, "end": quote.start + 9, "new_speaker_name": "أحمد سليم"},
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == "accepted" and quote.annotation.exact == "بلغ العجز"
    claim = Suggestion.objects.filter(kind="claim").first()
    client.post(reverse("assistant:suggestion_reject", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "rejected"


def test_bad_input_is_refused_without_a_5xx(client, suggested, editor):
    client.force_login(editor)
    s = Suggestion.objects.first()
    url = reverse("assistant:suggestion_accept", args=[s.pk])
    for data in (
        {"start": "x"},
        {"start": 5, "end": 2},
        {"start": 0, "end": 10**6},
        {"speaker": 999},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
    s.refresh_from_db()
    assert s.status == "pending"
    response = client.post(
        reverse("assistant:suggestions_accept_article", args=[suggested.pk]), {"kind": "nope"}
    )
    assert response.status_code == 302
    assert client.post(reverse("assistant:suggestion_reject", args=[10**6])).status_code == 404
