import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import services
from newsroom.models import Verdict
from tests import factories
from tests.factories import make_annotation, make_speaker
from tests.newsroom.helpers import review_of

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- End to end on the article page ----------------------------------------------------------


def test_reader_sees_the_verdict_on_the_article_page_and_search_engines_the_claimreview(
    client, editor, reader, claim
):
    url = claim.article.get_absolute_url()
    assert "verdict-badge" not in client.get(url).content.decode()
    services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=Verdict.FALSE
    )
    client.force_login(reader)
    html = client.get(url).content.decode()
    card = html[html.index(f'id="card-{claim.pk}"') :]
    assert 'class="verdict-badge verdict-badge--2"' in card[: card.index("</article>")]
    client.logout()
    html = client.get(url).content.decode()
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    [reviews] = [b for b in blocks if isinstance(b, list)]
    assert reviews[0]["reviewRating"]["alternateName"] == "خاطئ"
    assert reviews[0]["url"].endswith(f"#annotation-{claim.pk}")


def test_hidden_annotation_end_to_end(client, reader, staff, claim):
    url = claim.article.get_absolute_url()
    client.force_login(reader)
    client.post(reverse("newsroom:annotation_flag", args=[claim.pk]), {"category": "abuse"})
    services.annotation_hide(annotation=claim, moderator=staff, reason="يخالف قواعد النقاش")
    for user in (None, reader):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert f'id="card-{claim.pk}"' not in html
        assert "يخالف قواعد النقاش" not in html
    for user in (claim.author, staff):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert f'id="card-{claim.pk}"' in html
        assert "والسبب: <bdi>يخالف قواعد النقاش</bdi>" in html
    services.annotation_unhide(annotation=claim, moderator=staff)
    client.force_login(reader)
    assert f'id="card-{claim.pk}"' in client.get(url).content.decode()


def test_inline_update_sets_the_verdict_and_leaves_absent_fields_alone(client, editor, claim):
    client.force_login(editor)
    url = reverse("newsroom:claim_inline_update", args=[claim.pk])
    client.post(url, {"status": "reviewed", "verdict": "2", "assignee": editor.pk})
    client.post(url, {"status": "in_review"})  # an older form without verdict/assignee
    review = review_of(claim)
    assert (review.status, review.verdict, review.assignee) == ("in_review", 2, editor)


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_claim_page_query_count_does_not_grow_with_history_and_evidence(
    client, editor, claim, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("newsroom:claim_detail", args=[claim.pk])
    services.evidence_add(annotation=claim, editor=editor, title="م", url="https://a.example/")
    one = page_queries(client, url)
    for i in range(15):
        services.evidence_add(
            annotation=claim, editor=editor, title=f"م{i}", url=f"https://a.example/{i}"
        )
        services.claim_review_update(annotation=claim, editor=editor, rationale=f"تعليل {i}")
    with django_assert_num_queries(one):
        client.get(url)


def test_speaker_page_query_count_does_not_grow_with_quotes(
    client, editor, django_assert_num_queries
):
    speaker = make_speaker()
    article = factories.make_article()
    quote = make_annotation(article=article, kind="quote")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    one = page_queries(client, speaker.get_absolute_url())
    for i in range(15):
        other = factories.make_article(publisher=factories.make_publisher(f"ن{i}"))
        services.quote_attribute(
            annotation=make_annotation(article=other, kind="quote"), editor=editor, speaker=speaker
        )
    with django_assert_num_queries(one):
        response = client.get(speaker.get_absolute_url())
    assert response.content.decode().count('class="speaker-quote"') == 16


def test_my_annotations_show_verdicts_and_speakers_in_two_queries(client, reader, editor):
    articles = [
        factories.make_article(body="قال الوزير إن النمو بلغ خمسة بالمئة هذا العام.")
        for _ in range(3)
    ]
    mine = reverse("annotations:mine")

    def claim_and_quote(article):
        claim = make_annotation(article=article, author=reader, exact="النمو بلغ خمسة بالمئة")
        quote = make_annotation(article=article, author=reader, kind="quote", exact="قال الوزير")
        return claim, quote

    claim, quote = claim_and_quote(articles[0])
    services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=Verdict.MISLEADING
    )
    services.quote_attribute(
        annotation=quote, editor=editor, speaker=make_speaker("<i>وزير</i> المالية")
    )
    client.force_login(reader)
    client.get(mine)  # the reader's editor role is asked once, then kept
    with CaptureQueriesContext(connection) as few:
        html = client.get(mine).content.decode()
    assert html.count('class="verdict-badge verdict-badge--3"') == 1
    assert "&lt;i&gt;وزير&lt;/i&gt; المالية</bdi>" in html
    for article in articles * 3:
        claim, quote = claim_and_quote(article)
        services.claim_review_update(
            annotation=claim, editor=editor, status="reviewed", verdict=Verdict.TRUE
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(mine).content.decode()
    assert html.count('class="verdict-badge verdict-badge--5"') == 9
    assert len(many) == len(few)


def test_reader_opens_a_published_verdict_to_its_rationale_sources_and_date(
    client, editor, reader, claim
):
    url = claim.article.get_absolute_url()
    services.evidence_add(
        annotation=claim,
        editor=editor,
        title="بيان الجهاز المركزي للإحصاء",
        url="https://example.org/b",
    )
    services.claim_review_update(
        annotation=claim, editor=editor, status="in_review", verdict=3, rationale="الأرقام قديمة"
    )
    client.force_login(reader)
    html = client.get(url).content.decode()
    # In review: nothing of the verdict reaches readers, in the card or in the text.
    assert "الأرقام قديمة" not in html and "data-verdict" not in html
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed")
    html = client.get(url).content.decode()
    assert 'data-verdict="3"' in html and 'data-verdict-end="3"' in html
    assert '<details class="verdict-details verdict-details--3">' in html
    assert "الأرقام قديمة" in html
    assert '<a href="https://example.org/b"' in html and "بيان الجهاز المركزي للإحصاء" in html
    assert "تاريخ المراجعة" in html and "<time datetime=" in html


def test_the_claims_author_sees_awaiting_review_until_it_is_published(client, editor, claim):
    url = claim.article.get_absolute_url()
    pending = '<p class="anno-newsroom verdict-pending" role="note">بانتظار المراجعة</p>'
    client.force_login(claim.author)
    assert pending in client.get(url).content.decode()
    client.force_login(editor)
    # Someone else's claim: no such note.
    assert pending not in client.get(url).content.decode()
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed", verdict=5)
    client.force_login(claim.author)
    html = client.get(url).content.decode()
    assert pending not in html and "verdict-badge--5" in html
