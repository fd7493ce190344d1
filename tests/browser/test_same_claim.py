"""In Chromium: on a claim's page an editor sees the earlier, reviewed claim among the
similar claims (loaded by htmx) and links the two; the earlier verdict is copied."""

from __future__ import annotations

import pytest

from assistant.matching.models import ClaimLink
from assistant.matching.services import claim_index
from newsroom import services as newsroom_services
from newsroom.models import ClaimReview, ReviewStatus
from tests import factories
from tests.browser.helpers import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
LATER = "التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية."


def test_editor_links_a_claim_to_an_earlier_one_from_the_claim_page(live_server, browser):
    editor = factories.make_editor("muharrir", password=PASSWORD)
    earlier = factories.make_annotation(
        article=factories.make_article(body=EARLIER), exact=EARLIER
    ).review
    newsroom_services.claim_review_update(
        annotation=earlier.annotation, editor=editor, status=ReviewStatus.REVIEWED, verdict=3
    )
    later = factories.make_annotation(
        article=factories.make_article(body=LATER), exact=LATER
    ).review
    for review in (earlier, later):
        claim_index(article_id=review.article_id, text=review.annotation.exact, review_id=review.pk)
    problems: list[str] = []
    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, live_server, "muharrir", later.get_absolute_url())
    section = page.locator("#similar-claims")
    button = section.get_by_role(
        "button", name=f"هذا الادعاء نفسه الادعاء {earlier.pk}: انسخ مراجعته"
    )
    button.wait_for()  # the partial replaced the no-JS link
    button.click()
    page.wait_for_url(f"**{later.get_absolute_url()}")
    page.get_by_text("رُبط الادعاء بالادعاء السابق").wait_for()
    # The claim's history says where its review came from.
    history = page.locator(".claim-history")
    history.get_by_text(f"نُسخت المراجعة من الادعاء {earlier.pk}").wait_for()
    review = ClaimReview.objects.get(pk=later.pk)
    assert (review.status, review.verdict) == ("reviewed", 3)
    assert ClaimLink.objects.get(review=later).earlier_id == earlier.pk
    context.close()
    assert problems == []
