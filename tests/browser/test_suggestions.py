"""In Chromium: an editor reviews the assistant's suggestions on the article page with the
keyboard (j to move, a to accept) and the quotation becomes an attributed quote."""

from __future__ import annotations

import pytest

from assistant import services
from assistant.models import Suggestion
from newsroom.models import QuoteAttribution
from tests import factories
from tests.browser.helpers import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_accepts_a_quote_with_the_keyboard(live_server, browser, artifacts_dir):
    article = factories.make_article(
        body='وقال وزير المالية أحمد سليم: "الموازنة متوازنة للمرة الأولى".\n\nأعتقد أن الجو جميل.'
    )
    speaker = factories.make_speaker("أحمد سليم")
    services.suggestions_compute(article=article)
    quote = Suggestion.objects.get(kind="quote")
    factories.make_editor("muharrir", password=PASSWORD)
    problems: list[str] = []

    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, live_server, "muharrir", article.get_absolute_url())
    items = page.locator("[data-suggestion]")
    assert page.locator(".suggestion--quote").count() == 1
    assert page.locator(".suggestion--claim").count() == 1
    # Suggestions are listed in text order: the claim (the whole sentence) first,
    # then the quotation inside it. The first j selects the first, the next j moves on.
    page.keyboard.press("j")
    assert "is-current" in items.nth(0).get_attribute("class")
    page.keyboard.press("j")
    assert items.nth(1).get_attribute("id") == f"suggestion-{quote.pk}"
    assert "is-current" in items.nth(1).get_attribute("class")
    assert "is-current" not in items.nth(0).get_attribute("class")
    page.screenshot(path=str(artifacts_dir / "suggestions-article.png"))
    with page.expect_navigation():
        page.keyboard.press("a")
    quote.refresh_from_db()
    assert quote.status == "accepted"
    assert QuoteAttribution.objects.get(annotation=quote.annotation).speaker == speaker
    assert page.locator(f"#suggestion-{quote.pk}").count() == 0
    assert problems == []
    context.close()
