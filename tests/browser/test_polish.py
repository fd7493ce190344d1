"""Issue 15, the last pieces in a real browser at 1366 and 390 px, light and dark: flag
reasons and the "already flagged" state, undo after delete, the toolbar that never
covers the lines after the selection, and the annotation admin list at 1366 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from annotations.models import Annotation, Reply
from newsroom.models import ClaimReview, Flag
from tests import test_valid_html
from tests.browser.helpers import PASSWORD, log_in, watch_console

newsroom_data = test_valid_html.newsroom_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1366, 900, "light"), (1366, 900, "dark"), (390, 844, "light"), (390, 844, "dark")]


def _context(browser, width, height, scheme):
    phone = width < 768
    return browser.new_context(
        locale="ar-EG",
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
    )


def _open_panel(page) -> None:
    # On phones the panel is a folded bottom sheet.
    if page.locator("#annotations-panel").get_attribute("open") is None:
        page.locator(".anno-panel__summary").click()


@pytest.mark.parametrize(("width", "height", "scheme"), SIZES)
def test_flag_with_a_listed_reason_then_already_flagged(
    live_server, browser, newsroom_data, artifacts_dir, width, height, scheme
) -> None:
    context = _context(browser, width, height, scheme)
    page = context.new_page()
    problems = watch_console(page)
    claim, article = newsroom_data["claim"], newsroom_data["article"]
    log_in(page, live_server, "editor", article.get_absolute_url(), PASSWORD)
    _open_panel(page)
    card = page.locator(f"#card-{claim.pk}")
    card.get_by_role("link", name="إبلاغ").click()
    page.wait_for_url(f"**/moderation/annotations/{claim.pk}/flag/")

    # «أخرى» without words: one message, next to the words' field.
    reasons = page.get_by_role("group", name="سبب البلاغ")
    expect(reasons.get_by_role("radio")).to_have_count(5)
    reasons.get_by_label("أخرى").check()
    page.get_by_role("button", name="إرسال البلاغ").click()
    error = page.locator(".field--error .field__errors")
    expect(error).to_have_text("اكتب سبب البلاغ حين تختار «أخرى».")
    assert page.get_by_role("group", name="سبب البلاغ").get_by_label("أخرى").is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts_dir / f"flag-form-error-{width}-{scheme}.png"))

    page.get_by_label("معلومات مضللة").check()
    page.get_by_label("تفاصيل (اختيارية، ومطلوبة مع «أخرى»)").fill("الرقم لا يطابق الموازنة")
    page.get_by_role("button", name="إرسال البلاغ").click()
    page.wait_for_url(f"**{article.get_absolute_url()}*")
    flag = Flag.objects.get()
    assert (flag.category, flag.reason) == ("misleading", "الرقم لا يطابق الموازنة")

    # The card says it is flagged; its link shows the earlier flag, no second form.
    _open_panel(page)
    flagged = page.locator(f"#card-{claim.pk} .anno-flagged")
    expect(flagged).to_have_text("أبلغت عنه")
    expect(page.locator(f"#card-{claim.pk}").get_by_role("link", name="إبلاغ")).to_have_count(0)
    flagged.click()
    expect(page.get_by_role("heading", name="أبلغت عن هذا التعليق من قبل")).to_be_visible()
    expect(page.locator(".flag-done")).to_contain_text("معلومات مضللة")
    expect(page.get_by_role("radio")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / f"flag-already-{width}-{scheme}.png"))
    assert [p for p in problems if "status of 400" not in p] == []
    context.close()


@pytest.mark.parametrize(("width", "height", "scheme"), SIZES)
def test_delete_then_undo_from_the_toast(
    live_server, browser, newsroom_data, artifacts_dir, width, height, scheme
) -> None:
    context = _context(browser, width, height, scheme)
    page = context.new_page()
    problems = watch_console(page)
    claim, article = newsroom_data["claim"], newsroom_data["article"]
    pk = claim.pk
    log_in(page, live_server, "reader", article.get_absolute_url(), PASSWORD)
    _open_panel(page)
    card = page.locator(f"#card-{pk}")
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="احذف", exact=True).click()
    expect(card).to_have_count(0)
    expect(page.locator(f"mark[data-annotations~='{pk}']")).to_have_count(0)
    assert not Annotation.objects.filter(pk=pk).exists()

    toast = page.locator(".toast", has_text="حُذفت الملاحظة.")
    undo = toast.get_by_role("button", name="تراجع")
    expect(undo).to_be_visible()
    # Focus was on the removed card's button: it waits on «تراجع».
    expect(undo).to_be_focused()
    page.screenshot(path=str(artifacts_dir / f"undo-toast-{width}-{scheme}.png"))
    undo.click()

    expect(card).to_be_visible()
    expect(card).to_contain_text("لا يطابق الموازنة المنشورة.")  # the review's rationale
    expect(card.locator(".anno-reply")).to_have_count(1)
    expect(page.locator(f"mark[data-annotations~='{pk}']").first).to_be_attached()
    expect(page.locator(".toast", has_text="استُرجعت الملاحظة.")).to_be_visible()
    assert ClaimReview.objects.filter(annotation_id=pk, verdict__isnull=False).exists()
    assert Reply.objects.filter(annotation_id=pk).count() == 1
    page.screenshot(path=str(artifacts_dir / f"undo-restored-{width}-{scheme}.png"))
    assert [p for p in problems if "status of 400" not in p] == []
    context.close()


def test_delete_without_javascript_offers_undo_on_its_page(
    live_server, browser, newsroom_data
) -> None:
    context = browser.new_context(locale="ar-EG", java_script_enabled=False)
    page = context.new_page()
    claim, article = newsroom_data["claim"], newsroom_data["article"]
    pk = claim.pk
    log_in(page, live_server, "reader", article.get_absolute_url(), PASSWORD)
    page.locator(f"#card-{pk}").get_by_role("button", name="احذف", exact=True).click()
    page.wait_for_url(f"**/annotations/{pk}/restore/")
    expect(page.get_by_role("heading", name="حُذفت الملاحظة")).to_be_visible()
    page.get_by_role("button", name="تراجع عن الحذف").click()
    page.wait_for_url(f"**{article.get_absolute_url()}#annotation-{pk}")
    expect(page.locator(f"#card-{pk}")).to_be_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_toolbar_below_the_selection_never_covers_the_lines_after_it(
    live_server, browser, newsroom_data, artifacts_dir, scheme
) -> None:
    context = _context(browser, 1366, 900, scheme)
    page = context.new_page()
    problems = watch_console(page)
    article = newsroom_data["article"]
    log_in(page, live_server, "reader", article.get_absolute_url(), PASSWORD)
    # The first paragraph, at the top of the page: no room above for the comment form.
    page.keyboard.press("p")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    page.locator("#annotate-toolbar [data-kind=comment]").click()
    page.locator("#annotate-comment").wait_for(state="visible")

    def overlaps() -> list[str]:
        return page.evaluate(
            """() => {
              const box = document.getElementById('annotate-toolbar').getBoundingClientRect();
              const hit = [];
              for (const p of document.querySelectorAll('#article-body p[data-offset]')) {
                for (const r of p.getClientRects()) {
                  if (r.bottom > box.top && r.top < box.bottom
                      && r.right > box.left && r.left < box.right) hit.push(p.id);
                }
              }
              return hit;
            }"""
        )

    box = toolbar.bounding_box()
    first = page.locator("#article-body p[data-offset]").first.bounding_box()
    assert box["y"] >= first["y"] + first["height"], (box, first)  # below, as it must be
    assert overlaps() == []
    page.screenshot(path=str(artifacts_dir / f"toolbar-below-1366-{scheme}.png"))
    # A longer form (an error under it) moves the text further, still uncovered.
    page.locator("#annotate-comment").fill("   ")
    page.locator("#annotate-toolbar button[type=submit]").click()
    page.locator("#annotate-errors li").first.wait_for()
    assert overlaps() == []
    # Closing it gives the paragraph its own spacing back, with no style attribute left
    # (htmx would copy one onto the redrawn paragraph, which the CSP refuses).
    page.keyboard.press("Escape")
    assert not page.evaluate(
        "document.querySelector('#article-body p[data-offset]').hasAttribute('style')"
    )
    assert [p for p in problems if "status of 400" not in p] == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_annotation_admin_list_is_readable_at_1366(
    live_server, browser, newsroom_data, artifacts_dir, scheme
) -> None:
    context = _context(browser, 1366, 900, scheme)
    page = context.new_page()
    url = reverse("admin:annotations_annotation_changelist")
    log_in(page, live_server, "staff", url, PASSWORD)
    page.screenshot(
        path=str(artifacts_dir / f"admin-annotations-1366-{scheme}.png"), full_page=True
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Every column is on screen: the table is no wider than the results box around it.
    assert page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; })()"
    )
    # No column is squeezed to a word per line: each header fits on one line and the
    # quoted text gets room.
    heights = page.evaluate(
        "[...document.querySelectorAll('#result_list thead th')]"
        ".map((th) => [th.textContent.trim(), th.getBoundingClientRect().height])"
    )
    assert all(height < 40 for _, height in heights), heights
    width = page.evaluate(
        "document.querySelector('#result_list td.field-short_exact').getBoundingClientRect().width"
    )
    assert width >= 200, width
    context.close()
