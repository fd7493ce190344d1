"""Search in a real browser: results follow typing (htmx), the URL follows the results,
Back restores them, and the page works the same without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles(db):
    return [
        factories.make_article(
            title="قمة حلف الناتو في بروكسل",
            body="قال الأمين العام للحلف إن بالأمن الأوروبي أولوية.\n\nوالناتو يدرس الخطط.",
        ),
        factories.make_article(
            title="الأمن الغذائي في مصر", body="ناقشت الحكومة خطط الأمن الغذائي."
        ),
    ]


def test_results_follow_typing_and_the_url_follows_the_results(
    live_server, page, articles, artifacts_dir
) -> None:
    problems = watch_console(page)
    page.goto(live_server.url + "/search/")
    box = page.get_by_role("searchbox", name="ابحث")
    requests: list[str] = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "/search/" in request.url else None,
    )

    box.press_sequentially("الامن", delay=40)
    hits = page.locator(".search-hit")
    hits.first.wait_for()
    assert hits.count() == 2
    assert re.search(r"[?&]q=", page.url)
    assert page.locator("#search-results mark").first.inner_text() in {"بالأمن", "الأمن"}
    # Debounced: one request for the whole word, not one per key.
    assert len([url for url in requests if "q=" in url]) == 1
    # The page itself was not reloaded: the form and its typed value are still there.
    assert box.input_value() == "الامن"

    box.fill("والناتو")
    page.locator(".search-hit").filter(has_text="بروكسل").wait_for()
    expect(page.locator(".search-hit")).to_have_count(1)

    page.go_back()
    expect(page.locator(".search-hit")).to_have_count(2)
    # The box shows the query of the restored results (static/js/search.js).
    expect(box).to_have_value("الامن")
    assert problems == []
    # Last: Playwright's screenshot injects a style of its own, which the CSP reports.
    page.screenshot(path=str(artifacts_dir / "search-live.png"), full_page=True)


def test_without_javascript_the_form_submits(live_server, browser, articles) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ar-EG")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("searchbox", name="ابحث في الأخبار").fill("الناتو")
        page.get_by_role("button", name="بحث").click()
        page.wait_for_url(re.compile(r"/search/\?q="))
        assert page.locator(".search-hit").count() == 1
        assert "قمة حلف" in page.locator(".search-hit__title").inner_text()
    finally:
        context.close()


def test_search_page_fits_a_phone(live_server, page, articles) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/search/?q=الامن&date_from=2020-01-01")
    expect(page.locator(".search-hit")).to_have_count(2)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
