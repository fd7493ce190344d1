"""In Chromium: an editor reviews the assistant's suggestions on the article page with the
keyboard (j to move, a to accept) and the quotation becomes an attributed quote; from the
marks drawn in the text, accepts one and rejects another with htmx; a reader sees none."""

from __future__ import annotations

import pytest

from assistant import services
from assistant.models import Suggestion
from newsroom.models import QuoteAttribution
from tests import factories
from tests.browser.helpers import PASSWORD, log_in, watch_console

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
    page.on(
        "console",
        lambda m: problems.append(m.text + str(m.location)) if m.type == "error" else None,
    )
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
    # htmx swaps the text, the panel and the list in place.
    page.keyboard.press("a")
    page.locator(f"#suggestion-{quote.pk}").wait_for(state="detached")
    quote.refresh_from_db()
    assert quote.status == "accepted"
    assert QuoteAttribution.objects.get(annotation=quote.annotation).speaker == speaker
    assert page.locator(f"#suggestion-{quote.pk}").count() == 0
    assert problems == []
    context.close()


def test_editor_decides_from_the_marks_in_the_text_and_readers_see_none(
    live_server, browser, artifacts_dir
):
    body = (
        'وقال وزير المالية أحمد سليم: "الموازنة متوازنة للمرة الأولى".\n\n'
        "وارتفعت الصادرات إلى 46 مليار دولار في 2024.\n\nأعتقد أن الجو جميل."
    )
    article = factories.make_article(body=body)
    factories.make_speaker("أحمد سليم")
    services.suggestions_compute(article=article)
    quote = Suggestion.objects.get(kind="quote")
    exports = Suggestion.objects.get(kind="claim", text__contains="الصادرات")
    factories.make_editor("muharrir", password=PASSWORD)
    factories.make_user("qari")

    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = watch_console(page)
    log_in(page, live_server, "muharrir", article.get_absolute_url())
    marks = page.locator("#article-body .sg")
    assert marks.count() == Suggestion.objects.pending().count() == 3
    quote_mark = page.locator(f'#article-body [data-sg="{quote.pk}"]')
    assert "sg--quote" in quote_mark.get_attribute("class")
    tag = quote_mark.locator(".sg-tag")
    assert tag.get_attribute("data-label") == "اقتباس مقترح · أحمد سليم"
    # The outline is not a highlight: no background, unlike the annotations' marks.
    style = quote_mark.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).backgroundColor]"
    )
    assert style == ["dashed", "rgba(0, 0, 0, 0)"]
    # The tags add no text: the paragraph reads as the article does.
    assert page.locator("#p-1").text_content() == body.split("\n\n")[0]
    page.screenshot(path=str(artifacts_dir / "suggestions-inline.png"))

    # Keyboard: Tab reaches the tag's accept button; Enter accepts, in place (htmx).
    accept = tag.get_by_role("button", name="قبول اقتباس مقترح · أحمد سليم")
    accept.focus()
    page.keyboard.press("Enter")
    quote_mark.wait_for(state="detached")
    quote.refresh_from_db()
    assert quote.status == "accepted"
    drawn = page.locator(f"#article-body mark#annotation-{quote.annotation_id}")
    assert "anno--quote" in drawn.get_attribute("class")
    assert page.locator(f"#card-{quote.annotation_id}").count() == 1
    assert QuoteAttribution.objects.get(annotation=quote.annotation).speaker.name == "أحمد سليم"
    # Focus stays in the text, on the next suggestion's tag.
    assert page.evaluate("document.activeElement.className") == "sg-tag__accept"

    page.locator(f'[data-sg="{exports.pk}"] .sg-tag__reject').click()
    page.locator(f'#article-body [data-sg="{exports.pk}"]').wait_for(state="detached")
    exports.refresh_from_db()
    assert exports.status == "rejected"
    assert page.locator(f"#suggestion-{exports.pk}").count() == 0
    assert page.locator("#article-body .sg").count() == 1
    page.screenshot(path=str(artifacts_dir / "suggestions-inline-decided.png"))
    assert problems == []
    context.close()

    for reader in (None, "qari"):
        context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems = watch_console(page)
        if reader:
            log_in(page, live_server, reader, article.get_absolute_url())
        else:
            page.goto(live_server.url + article.get_absolute_url())
        assert page.locator("#article-body mark.anno--quote").count() == 1
        assert page.locator(".sg, .sg-tag, [data-suggestion]").count() == 0
        assert problems == []
        context.close()
