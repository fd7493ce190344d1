"""Issue 15 in a real browser: errors keep the page, the annotating basics (painted
selection, toolbar above it or a sheet, keyboard selection, shortcuts, loading bar,
copy-link), and no page wider than a 360 px phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import test_valid_html
from tests.browser.helpers import PASSWORD, log_in, watch_console

# The same pages and data the HTML validation test renders.
newsroom_data = test_valid_html.newsroom_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("width", "height", "scheme"),
    [(1366, 900, "light"), (1366, 900, "dark"), (390, 844, "light"), (390, 844, "dark")],
)
def test_comment_error_keeps_the_page_and_the_annotating_basics(
    live_server,
    browser,
    newsroom_data,
    artifacts_dir,
    width,
    height,
    scheme,
) -> None:
    context = browser.new_context(
        locale="ar-EG", viewport={"width": width, "height": height}, color_scheme=scheme
    )
    page = context.new_page()
    problems = watch_console(page)
    url = newsroom_data["article"].get_absolute_url()
    log_in(page, live_server, "reader", url, PASSWORD)

    # Keyboard: P selects the first paragraph on screen and opens the toolbar.
    page.keyboard.press("p")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    selected = page.evaluate("getSelection().toString()")
    assert selected.startswith("قال وزير النقل"), selected
    page.locator("#annotate-toolbar [data-kind=comment]").click()
    comment = page.locator("#annotate-comment")
    comment.fill("   ")
    page.locator("#annotate-toolbar button[type=submit]").click()
    errors = page.locator("#annotate-errors li")
    errors.first.wait_for()

    # The page is still the article; one message, announced, focus on the field.
    assert page.locator("#article-body").is_visible()
    assert errors.count() == 1
    assert page.locator("#annotate-errors").get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "annotate-comment"
    assert comment.get_attribute("aria-invalid") == "true"
    # The passage stays painted while the form has focus.
    assert page.evaluate("CSS.highlights.has('annotate-selection')")
    box = toolbar.bounding_box()
    top, bottom = page.evaluate(
        "(() => { const r = CSS.highlights.get('annotate-selection').values().next().value;"
        " const b = r.getBoundingClientRect(); return [b.top, b.bottom]; })()"
    )
    if width < 768:
        # A bottom sheet, not a popup over the text.
        assert box["y"] + box["height"] == pytest.approx(height, abs=2)
        assert "is-sheet" in toolbar.get_attribute("class")
    else:
        # Above the passage when there is room, else below it: never over it.
        assert box["y"] + box["height"] <= top + 1 or box["y"] >= bottom - 1, (box, top, bottom)
    page.screenshot(path=str(artifacts_dir / f"ui-error-{width}-{scheme}.png"))

    # Escape closes the toolbar and its highlight; ? opens the shortcuts sheet.
    page.keyboard.press("Escape")
    assert not page.evaluate("CSS.highlights.has('annotate-selection')")
    page.locator("#main").focus()
    page.keyboard.press("?")
    sheet = page.locator("#shortcuts-sheet")
    sheet.wait_for(state="visible")
    assert "اختصارات" in sheet.inner_text()
    page.keyboard.press("Escape")
    # Each card has a copy-link button once JS runs, and a loading bar exists.
    assert page.locator(".anno-card [data-copy-link]:not([hidden])").count() >= 1
    assert page.locator("#page-loading").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not [p for p in problems if "400" not in p], problems
    context.close()


def test_no_page_is_wider_than_a_360px_phone(
    live_server,
    browser,
    newsroom_data,
    artifacts_dir,
) -> None:
    data = newsroom_data
    article, claim, quote = data["article"], data["claim"], data["quote"]
    published = article.published_at
    public = [
        reverse("articles:home"),
        reverse("articles:list"),
        reverse("articles:section", args=[data["section"].slug]),
        reverse("articles:publisher", args=[data["publisher"].slug]),
        reverse("articles:archive_year", args=[published.year]),
        reverse("articles:archive_month", args=[published.year, published.month]),
        reverse("articles:detail_noslug", args=[article.pk]),
        article.get_absolute_url(),
        reverse("search:search") + "?q=الخطة",
        reverse("newsroom:speaker_list"),
        data["speaker"].get_absolute_url(),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
        "/no-such-page/",
    ]
    signed_in = [
        reverse("annotations:mine"),
        reverse("annotations:permalink", args=[claim.pk]),
        reverse("annotations:edit", args=[claim.pk]),
        reverse("annotations:reply", args=[claim.pk]),
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("newsroom:annotation_flag", args=[claim.pk]),
    ]
    editor = [
        reverse("newsroom:claim_queue"),
        reverse("newsroom:claim_detail", args=[claim.pk]),
        reverse("newsroom:quote_attribute", args=[quote.pk]) + "?q=وزير",
        reverse("newsroom:claim_detail", args=[claim.pk]),
        reverse("admin:index"),
        reverse("admin:annotations_annotation_changelist"),
        reverse("admin:articles_article_changelist"),
    ]
    context = browser.new_context(locale="ar-EG", viewport={"width": 360, "height": 780})
    page = context.new_page()
    wide: list[str] = []

    def visit(paths):
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{path}: {width}px")

    visit(public)
    log_in(page, live_server, "reader", reverse("annotations:mine"))
    visit(signed_in)
    page.context.clear_cookies()
    log_in(page, live_server, "staff", reverse("annotations:mine"))
    visit(editor)
    page.goto(f"{live_server.url}{reverse('newsroom:claim_detail', args=[claim.pk])}")
    page.screenshot(path=str(artifacts_dir / "ui-claim-360.png"), full_page=True)
    context.close()
    assert not wide, wide
