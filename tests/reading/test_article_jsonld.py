"""The article page's ClaimReview JSON-LD follows every claim the reader may see, not only
the cards on the current panel page (the bug: a reviewed claim after a full page of
highlights, or a panel filtered to highlights, emitted no ClaimReview)."""

import json
import re

import pytest

from newsroom import services as newsroom_services
from reading.panel import PANEL_PAGE_SIZE
from tests import factories


def claim_reviews(html: str) -> list[dict]:
    found = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        items = data if isinstance(data, list) else [data]
        found += [item for item in items if item.get("@type") == "ClaimReview"]
    return found


@pytest.fixture
def article_with_late_claim(db):
    words = [f"كلمة{n}" for n in range(PANEL_PAGE_SIZE + 4)]
    article = factories.make_article(body=" ".join(words) + " والادعاء الأخير هنا.")
    author, editor = factories.make_user(), factories.make_editor()
    for word in words[: PANEL_PAGE_SIZE + 2]:  # more highlights than one panel page
        factories.annotate(article, author, word)
    claim = factories.annotate(article, author, "والادعاء الأخير", kind="claim")
    newsroom_services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=2
    )
    return article, claim


@pytest.mark.parametrize("query", ["", "?kind=highlight"])
def test_claim_review_is_embedded_whatever_the_panel_shows(client, article_with_late_claim, query):
    article, claim = article_with_late_claim
    html = client.get(article.get_absolute_url() + query).content.decode()
    assert f'id="card-{claim.pk}"' not in html  # not on this panel page
    reviews = claim_reviews(html)
    assert [review["claimReviewed"] for review in reviews] == [claim.exact]


def test_no_claim_review_without_claims(client, db):
    article = factories.make_article()
    factories.annotate(article, factories.make_user(), article.paragraphs[0].split()[0])
    assert claim_reviews(client.get(article.get_absolute_url()).content.decode()) == []
