"""In Chromium: an editor sets a verdict from the claims queue (htmx row swap) and a
reader then sees the verdict badge on the claim's card."""

from __future__ import annotations

import pytest

from newsroom.models import ClaimReview
from tests import factories
from tests.browser.helpers import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_sets_a_verdict_in_the_queue_and_a_reader_sees_the_badge(live_server, browser):
    article = factories.make_article(
        body="قال الوزير إن البطالة انخفضت إلى النصف في عام واحد.\n\nوشكك خبراء في الرقم."
    )
    claim = factories.make_annotation(article=article, exact="البطالة انخفضت إلى النصف")
    factories.make_editor("muharrir", password=PASSWORD)
    factories.make_user("qari", password=PASSWORD)
    problems: list[str] = []

    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, live_server, "muharrir", "/editor/claims/")
    row = page.locator(f"#claim-{claim.pk}")
    row.get_by_label(f"حالة الادعاء {claim.pk}").select_option(label="تمت المراجعة")
    row.get_by_label(f"حكم الادعاء {claim.pk}").select_option(label="مضلل")
    url_before = page.url
    row.get_by_role("button", name="حفظ").click()
    page.locator(f"#claim-{claim.pk} .queue-row__saved").wait_for()
    assert page.url == url_before  # swapped in place by htmx, no reload
    assert page.locator(f"#claim-{claim.pk} .verdict-badge").inner_text() == "مضلل"
    review = ClaimReview.objects.get(pk=claim.pk)
    assert (review.status, review.verdict) == ("reviewed", 3)
    context.close()

    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "qari", article.get_absolute_url())
    badge = page.locator(f"#card-{claim.pk} .verdict-badge")
    assert badge.inner_text() == "الحكم: مضلل"
    assert badge.is_visible()
    context.close()
    assert problems == []
