"""In Chromium on a phone (390 px): an inline save in the claims queue updates the status
chips (htmx out-of-band swap), and a reader then sees the published verdict in the text,
with its own line style and sign, and opens the card to the rationale and sources."""

from __future__ import annotations

import pytest

from newsroom import services
from tests import factories
from tests.browser.helpers import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_queue_chips_follow_an_inline_save_and_the_reader_opens_the_verdict(live_server, browser):
    article = factories.make_article(
        body="قال المتحدث إن المصنع الجديد وفّر ألف وظيفة.\n\nولم تنشر الشركة أرقامها."
    )
    claim = factories.make_annotation(article=article, exact="المصنع الجديد وفّر ألف وظيفة")
    editor = factories.make_editor("murajie", password=PASSWORD)
    factories.make_user("qariaa", password=PASSWORD)
    services.evidence_add(
        annotation=claim, editor=editor, title="سجل الوظائف الرسمي", url="https://example.org/j"
    )
    services.claim_review_update(
        annotation=claim, editor=editor, rationale="السجل الرسمي يذكر ثلاثمئة وظيفة فقط."
    )
    problems: list[str] = []
    phone = {"width": 390, "height": 844}

    context = browser.new_context(locale="ar-EG", viewport=phone)
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, live_server, "murajie", "/editor/claims/")
    chip = page.locator('#status-counts [data-status="reviewed"]')
    assert chip.inner_text() == "0"
    row = page.locator(f"#claim-{claim.pk}")
    row.get_by_label(f"حالة الادعاء {claim.pk}").select_option(label="تمت المراجعة")
    row.get_by_label(f"حكم الادعاء {claim.pk}").select_option(label="خاطئ")
    row.get_by_role("button", name="حفظ").click()
    page.locator(f"#claim-{claim.pk} .queue-row__saved").wait_for()
    # The chips were swapped out of band: no reload, the counts moved.
    page.wait_for_function(
        "document.querySelector('#status-counts [data-status=reviewed]').textContent === '1'"
    )
    assert page.locator('#status-counts [data-status="unreviewed"]').inner_text() == "0"
    context.close()

    context = browser.new_context(locale="ar-EG", viewport=phone)
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, live_server, "qariaa", article.get_absolute_url())
    mark = page.locator(f'mark#annotation-{claim.pk}[data-verdict="2"]')
    assert mark.is_visible()
    style = mark.evaluate(
        "m => [getComputedStyle(m).textDecorationStyle, getComputedStyle(m, '::after').content]"
    )
    assert style[0] == "wavy" and "✗" in style[1]
    # On a phone the panel starts folded: the reader unfolds it, then the verdict.
    panel = page.locator("#annotations-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary.anno-panel__summary").click()
    details = page.locator(f"#card-{claim.pk} details.verdict-details")
    details.scroll_into_view_if_needed()
    details.locator("summary").click()
    assert details.get_by_text("السجل الرسمي يذكر ثلاثمئة وظيفة فقط.").is_visible()
    link = details.get_by_role("link", name="سجل الوظائف الرسمي")
    assert link.get_attribute("href") == "https://example.org/j"
    assert details.locator("time").is_visible()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    assert problems == []
