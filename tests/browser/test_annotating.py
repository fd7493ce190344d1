"""Annotating in a real browser: mouse and keyboard selection, the toolbar, htmx
swaps, reload persistence, the phone bottom sheet and private annotations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from tests import factories
from tests.browser.helpers import PASSWORD, log_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "أعلن وزيرُ المالية أن عجز الموازنة تراجع إلى أدنى مستوى له منذ عشر سنوات، "
    "مؤكدًا أن الإصلاحات الضريبية بدأت تؤتي ثمارها.",
    "وقال المتحدث إن الحكومة ستخفض أسعار الوقود بنسبة عشرين بالمئة مطلع الشهر المقبل، "
    "وهو ما شكك فيه اقتصاديون مستقلون.",
    "واختُتم المؤتمر الصحفي بـــبيانٍ مشترك يدعو إلى الحوار.",
]


@pytest.fixture
def article(db):
    return factories.make_article(
        title="الحكومة تعلن تراجع عجز الموازنة", body="\n\n".join(PARAGRAPHS)
    )


@pytest.fixture
def reader(db):
    return factories.make_user("qari", password=PASSWORD)


def drag_select(page, paragraph: str, phrase: str) -> None:
    """Press the mouse on the phrase's first letter and release on its last (RTL)."""
    box = page.evaluate(
        """([selector, phrase]) => {
            const p = document.querySelector(selector);
            const node = [...p.childNodes].find(n => n.nodeType === 3 && n.data.includes(phrase));
            const at = node.data.indexOf(phrase);
            const rectOf = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
            const first = rectOf(at), last = rectOf(at + phrase.length - 1);
            return {x1: first.right - 1, y1: first.top + first.height / 2, x2: last.left + 1, y2: last.top + last.height / 2};
        }""",
        [paragraph, phrase],
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def test_mouse_select_make_a_claim_with_a_comment_and_reload(
    live_server, page, article, reader, artifacts_dir
) -> None:
    problems = watch_console(page)
    log_in(page, live_server, "qari", article.get_absolute_url())
    phrase = "ستخفض أسعار الوقود"
    drag_select(page, "#p-2", phrase)

    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    # The toolbar sits above the selection (below it only without room): it never
    # covers the selected words.
    top, bottom = page.evaluate(
        "(() => { const r = window.getSelection().getRangeAt(0).getBoundingClientRect();"
        " return [r.top, r.bottom]; })()"
    )
    box = toolbar.bounding_box()
    assert box["y"] + box["height"] <= top + 1 or box["y"] >= bottom - 1, (box, top, bottom)
    page.screenshot(path=artifacts_dir / "annotate-toolbar.png")

    toolbar.get_by_role("button", name="ادعاء").click()
    page.get_by_label("التعليق").fill("نسبة العشرين بالمئة تحتاج إلى مصدر رسمي")
    page.get_by_label("الوسوم").fill("وقود، أسعار")
    toolbar.get_by_role("button", name="احفظ").click()

    card = page.locator(".anno-card--claim")
    card.wait_for()
    annotation = Annotation.objects.get()
    assert annotation.kind == "claim" and annotation.exact == phrase
    assert annotation.tags == ["وقود", "أسعار"]
    assert page.locator(f"mark#annotation-{annotation.pk}").inner_text() == phrase
    expect(page.locator(f"#card-{annotation.pk}")).to_be_focused()
    assert toolbar.is_hidden()
    assert "تحتاج إلى مصدر رسمي" in card.inner_text()
    page.screenshot(path=artifacts_dir / "annotate-claim-desktop.png", full_page=True)

    page.reload()
    assert page.locator(f"mark#annotation-{annotation.pk}").inner_text() == phrase
    assert "تحتاج إلى مصدر رسمي" in page.locator(f"#card-{annotation.pk}").inner_text()

    # Clicking the card scrolls to and flashes the highlight.
    page.locator(f"#card-{annotation.pk} .anno-card__comment").click()
    page.wait_for_selector(f"mark#annotation-{annotation.pk}.anno--flash")
    assert problems == []


def test_selection_inside_a_word_snaps_to_the_whole_word(
    live_server, page, article, reader
) -> None:
    log_in(page, live_server, "qari", article.get_absolute_url())
    # Part of "بـــبيانٍ" (tatweel, tanween): the highlight must take the whole word.
    page.evaluate(
        """() => {
            const node = document.querySelector('#p-3').firstChild;
            const at = node.data.indexOf('بيانٍ');
            const range = document.createRange();
            range.setStart(node, at + 1); range.setEnd(node, at + 3);
            const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);
        }"""
    )
    page.locator("#annotate-toolbar").wait_for(state="visible")
    page.locator("#annotate-toolbar").get_by_role("button", name="تظليل").click()
    page.locator(".anno-card--highlight").wait_for()
    assert page.locator("#p-3 mark").inner_text() == "بـــبيانٍ"
    assert Annotation.objects.get().exact == "بـــبيانٍ"


def test_keyboard_path(live_server, page, article, reader, artifacts_dir) -> None:
    problems = watch_console(page)
    log_in(page, live_server, "qari", article.get_absolute_url())
    # Double-click a word, then extend the selection with Shift+arrows.
    word = page.evaluate(
        """() => {
            const node = document.querySelector('#p-1').firstChild;
            const at = node.data.indexOf('عجز');
            const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 1);
            const b = r.getBoundingClientRect();
            return {x: b.left + b.width / 2, y: b.top + b.height / 2};
        }"""
    )
    page.mouse.dblclick(word["x"], word["y"])
    for _ in range(len(" الموازنة")):
        page.keyboard.press("Shift+ArrowLeft")  # RTL: left is forward in the text
    assert page.evaluate("window.getSelection().toString()") == "عجز الموازنة"

    page.keyboard.press("Alt+A")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "تظليل"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "تعليق"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "annotate-comment"
    page.keyboard.type("رقم لافت")
    page.keyboard.press("Tab")  # tags
    page.keyboard.press("Tab")  # visibility
    page.keyboard.press("Tab")  # save
    assert page.evaluate("document.activeElement.textContent") == "احفظ"
    page.keyboard.press("Enter")
    page.locator(".anno-card--comment").wait_for()
    annotation = Annotation.objects.get()
    assert (annotation.kind, annotation.exact, annotation.comment) == (
        "comment", "عجز الموازنة", "رقم لافت",
    )  # fmt: skip
    expect(page.locator(f"#card-{annotation.pk}")).to_be_focused()

    # Tabbing onto the highlight shows (activates) its card.
    page.locator(f"mark#annotation-{annotation.pk}").focus()
    assert "anno-card--active" in page.locator(f"#card-{annotation.pk}").get_attribute("class")
    page.screenshot(path=artifacts_dir / "annotate-keyboard.png")

    # Escape closes the toolbar and gives focus back.
    page.mouse.dblclick(word["x"], word["y"])
    page.keyboard.press("Alt+A")
    expect(page.locator("#annotate-toolbar")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#annotate-toolbar")).to_be_hidden()
    assert page.evaluate(
        "!document.getElementById('annotate-toolbar').contains(document.activeElement)"
    )
    assert problems == []


def test_comment_without_text_shows_an_arabic_error_and_keeps_the_form(
    live_server, page, article, reader
) -> None:
    log_in(page, live_server, "qari", article.get_absolute_url())
    drag_select(page, "#p-1", "الإصلاحات الضريبية")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    toolbar.get_by_role("button", name="تعليق").click()
    # Bypass the browser's own "required" check: the server must answer too.
    page.evaluate("document.getElementById('annotate-comment').required = false")
    page.get_by_label("التعليق").fill("   ")
    toolbar.get_by_role("button", name="احفظ").click()
    errors = page.locator("#annotate-errors")
    errors.wait_for(state="visible")
    assert "مسافات فقط" in errors.inner_text()
    assert toolbar.is_visible()
    assert not Annotation.objects.exists()


def test_phone_layout_bottom_sheet_and_toolbar(
    live_server, browser, article, reader, artifacts_dir
) -> None:
    other = factories.make_user("katib", password=PASSWORD)
    start = article.body.index("عجز الموازنة")
    Annotation.objects.create(
        article=article, author=other, kind="quote", start=start, end=start + 12,
        exact="عجز الموازنة", text_version=1, anchored_version=1, comment="اقتباس مهم",
    )  # fmt: skip
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ar-EG"
    )
    try:
        page = context.new_page()
        problems = watch_console(page)
        log_in(page, live_server, "qari", article.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        aside = page.locator("#article-aside")
        assert (
            page.evaluate("getComputedStyle(document.getElementById('article-aside')).position")
            == "fixed"
        )
        # Folded at first so the text is readable; the handle opens it.
        assert page.locator("#annotations-panel").get_attribute("open") is None
        page.screenshot(path=artifacts_dir / "annotate-phone-folded.png")
        page.locator(".anno-panel__summary").tap()
        assert page.locator(".anno-card--quote").is_visible()
        assert aside.bounding_box()["height"] <= 844 * 0.66
        page.screenshot(path=artifacts_dir / "annotate-phone-sheet.png")
        page.locator(".anno-panel__summary").tap()
        # Tapping a highlight opens the sheet on its card.
        page.locator("#p-1 mark").tap()
        expect(page.locator("#annotations-panel")).to_have_attribute("open", "")
        expect(page.locator(".anno-card--quote")).to_have_class(re.compile("anno-card--active"))
        # Tapping a card's quote folds the sheet and flashes the highlight.
        page.locator(".anno-card--quote [data-goto]").tap()
        expect(page.locator("#annotations-panel")).not_to_have_attribute("open", "")
        expect(page.locator("#p-1 mark")).to_have_class(re.compile("anno--flash"))

        # A touch selection ends as a DOM selection; the toolbar fits the screen below it.
        page.evaluate(
            """() => {
                const node = document.querySelector('#p-2').firstChild;
                const at = node.data.indexOf('اقتصاديون مستقلون');
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + 'اقتصاديون مستقلون'.length);
                const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);
            }"""
        )
        toolbar = page.locator("#annotate-toolbar")
        toolbar.wait_for(state="visible")
        box = toolbar.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=artifacts_dir / "annotate-phone-toolbar.png")
        toolbar.get_by_role("button", name="اقتباس").tap()
        toolbar.get_by_role("button", name="احفظ").tap()
        page.locator(".anno-card--quote >> nth=1").wait_for()
        assert Annotation.objects.filter(author=reader, kind="quote").exists()
        assert problems == []
    finally:
        context.close()


def test_second_user_does_not_see_a_private_annotation(
    live_server, browser, page, article, reader, artifacts_dir
) -> None:
    log_in(page, live_server, "qari", article.get_absolute_url())
    drag_select(page, "#p-1", "أدنى مستوى")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    toolbar.get_by_role("button", name="تعليق").click()
    page.get_by_label("التعليق").fill("ملاحظة خاصة بي وحدي")
    page.get_by_label("من يراها").select_option("private")
    toolbar.get_by_role("button", name="احفظ").click()
    page.locator(".anno-card--comment").wait_for()
    annotation = Annotation.objects.get()
    assert annotation.visibility == "private"

    factories.make_user("akhar", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = context.new_page()
        log_in(other, live_server, "akhar", article.get_absolute_url())
        assert other.locator("mark").count() == 0
        assert other.locator(".anno-card").count() == 0
        assert "ملاحظة خاصة" not in other.content()
        other.screenshot(path=artifacts_dir / "annotate-other-user.png")
        response = other.goto(f"{live_server.url}/annotations/{annotation.pk}/")
        assert response.status == 404
    finally:
        context.close()


def test_without_javascript_annotations_are_still_drawn_and_listed(
    live_server, browser, article, reader
) -> None:
    start = article.body.index("عجز الموازنة")
    annotation = Annotation.objects.create(
        article=article, author=reader, kind="claim", start=start, end=start + 12,
        exact="عجز الموازنة", text_version=1, anchored_version=1, comment="بلا جافاسكربت",
    )  # fmt: skip
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url() + f"#annotation-{annotation.pk}")
        assert page.locator(f"mark#annotation-{annotation.pk}").inner_text() == "عجز الموازنة"
        assert "بلا جافاسكربت" in page.locator(f"#card-{annotation.pk}").inner_text()
        page.get_by_role("link", name="ادعاء").first.click()
        assert "kind=claim" in page.url
    finally:
        context.close()


def test_focusing_a_highlight_whose_card_is_on_another_panel_page_loads_it(
    live_server, page, article, reader
) -> None:
    from reading.panel import PANEL_PAGE_SIZE

    problems = watch_console(page)
    words = sorted({(m, w) for w in article.body.split() if (m := article.body.find(w)) >= 0})
    made = []
    for start, word in words[: PANEL_PAGE_SIZE + 5]:
        made.append(
            Annotation.objects.create(
                article=article,
                author=reader,
                kind="highlight",
                start=start,
                end=start + len(word),
                exact=word,
                text_version=1,
                anchored_version=1,
            )
        )
    last = made[-1]
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(f"#card-{last.pk}").count() == 0
    assert page.locator(f"mark#annotation-{last.pk}").get_attribute("aria-describedby") is None
    page.locator(f"mark#annotation-{last.pk}").focus()
    card = page.locator(f"#card-{last.pk}")
    card.wait_for()
    expect(card).to_have_class(re.compile(r"\banno-card--active\b"))
    expect(page.locator(f"mark#annotation-{last.pk}")).to_have_attribute(
        "aria-describedby", f"card-{last.pk}"
    )
    assert problems == []


def test_edit_reply_and_delete_inline(live_server, page, article, reader) -> None:
    problems = watch_console(page)
    start = article.body.index("الإصلاحات الضريبية")
    annotation = Annotation.objects.create(
        article=article, author=reader, kind="comment", start=start, end=start + 18,
        exact="الإصلاحات الضريبية", text_version=1, anchored_version=1, comment="قبل التعديل",
    )  # fmt: skip
    log_in(page, live_server, "qari", article.get_absolute_url())
    card = page.locator(f"#card-{annotation.pk}")

    card.get_by_role("link", name="تعديل").click()
    card.get_by_label("التعليق").fill("بعد التعديل")
    card.get_by_label("النوع").select_option("claim")
    card.get_by_role("button", name="احفظ التعديل").click()
    expect(card).to_contain_text("بعد التعديل")
    expect(page.locator(f"mark#annotation-{annotation.pk}")).to_have_class(
        re.compile("anno--claim")
    )

    card.get_by_role("link", name="ردّ").click()
    card.get_by_label("ردّك").fill("ما المصدر؟")
    card.get_by_role("button", name="أرسل الرد").click()
    expect(card.locator(".anno-reply")).to_contain_text("ما المصدر؟")

    card.get_by_role("link", name="تعديل").click()
    card.get_by_role("link", name="إلغاء").click()
    expect(card.get_by_role("link", name="تعديل")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="احذف", exact=True).click()
    expect(card).to_have_count(0)
    assert page.locator("mark").count() == 0
    assert not Annotation.objects.exists()
    assert problems == []


def test_my_annotations_page_and_download(
    live_server, page, article, reader, artifacts_dir
) -> None:
    problems = watch_console(page)
    start = article.body.index("عجز الموازنة")
    Annotation.objects.create(
        article=article, author=reader, kind="claim", start=start, end=start + 12,
        exact="عجز الموازنة", text_version=1, anchored_version=1, comment="ملاحظتي",
        visibility="private", tags=["موازنة"],
    )  # fmt: skip
    log_in(page, live_server, "qari", "/")
    page.get_by_role("link", name="ملاحظاتي").click()
    expect(page.locator("h1")).to_have_text("ملاحظاتي")
    expect(page.locator(".anno-card--claim")).to_contain_text("ملاحظتي")
    page.screenshot(path=artifacts_dir / "annotate-mine.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "my-annotations.csv"
    assert "ملاحظتي" in download.path().read_text(encoding="utf-8")
    assert problems == []
