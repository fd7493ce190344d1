"""An edit moves one annotation (fuzzily) and detaches another; in the browser the
first is drawn at its new place and the second is listed as detached and re-attached
by selecting new text, with the mouse on a desktop and the keyboard on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from editorial.services import article_text_update
from tests import factories
from tests.browser.helpers import PASSWORD, log_in, watch_console
from tests.browser.test_annotating import drag_select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEFORE = [
    "قررت البلدية توسيع الحديقة العامة في وسط المدينة خلال الصيف المقبل.",
    "وقال رئيس البلدية إن أسعار تذاكر الدخول ستبقى كما هي لكل الزوار.",
    "وسيفتتح المشروع بحفل موسيقي للأطفال في الساحة الكبرى.",
]
AFTER = [
    BEFORE[0],
    # One word inserted inside the quote: it moves, fuzzily.
    "وقال رئيس البلدية إن أسعار تذاكر الدخول الشهرية ستبقى كما هي لكل الزوار.",
    # The third paragraph rewritten: its annotation cannot be found again.
    "وتبدأ الأعمال بعد انتهاء موسم الأمطار بحسب جدول المقاول.",
]


@pytest.fixture
def edited(db):
    article = factories.make_article(title="توسيع الحديقة العامة", body="\n\n".join(BEFORE))
    reader = factories.make_user("qari", password=PASSWORD)
    moves = factories.annotate(
        article, reader, "أسعار تذاكر الدخول ستبقى كما هي", kind="comment", comment="وعد مهم"
    )
    detaches = factories.annotate(
        article, reader, "بحفل موسيقي للأطفال", kind="comment", comment="متى الحفل؟"
    )
    article_text_update(
        article=article, paragraphs=AFTER, editor=factories.make_user(is_staff=True)
    )
    moves.refresh_from_db()
    detaches.refresh_from_db()
    assert moves.anchor_method == "fuzzy" and detaches.is_detached
    return article, moves, detaches


def _mark_text(page, annotation) -> str:
    return page.locator(f'mark[data-annotations~="{annotation.pk}"]').all_inner_texts()


def test_moved_is_drawn_at_its_new_place_and_detached_is_reattached_by_mouse(
    live_server, page, edited, artifacts_dir
):
    article, moves, detaches = edited
    problems = watch_console(page)
    log_in(page, live_server, "qari", article.get_absolute_url())

    assert "".join(_mark_text(page, moves)) == "أسعار تذاكر الدخول الشهرية ستبقى كما هي"
    detached_card = page.locator(f".anno-detached #card-{detaches.pk}")
    expect(detached_card).to_contain_text("بحفل موسيقي للأطفال")
    assert _mark_text(page, detaches) == []

    detached_card.get_by_role("link", name="أعد ربطها بمقطع جديد").click()
    status = page.locator("#reattach-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text("«بحفل موسيقي للأطفال»")
    assert page.url.endswith(article.get_absolute_url())  # no navigation: JS took over

    drag_select(page, "#article-body > p:nth-of-type(3)", "بعد انتهاء موسم الأمطار")
    reattach = page.get_by_role("button", name="اربط الملاحظة بهذا المقطع")
    expect(reattach).to_be_visible()
    expect(page.locator("#annotate-toolbar [data-kind]").first).to_be_hidden()
    page.screenshot(path=str(artifacts_dir / "reattach-desktop.png"))
    reattach.click()

    expect(page.locator(f'mark[data-annotations~="{detaches.pk}"]').first).to_be_visible()
    assert "".join(_mark_text(page, detaches)) == "بعد انتهاء موسم الأمطار"
    expect(status).to_be_hidden()
    expect(page.locator(f".anno-detached #card-{detaches.pk}")).to_have_count(0)
    expect(page.locator(f"#card-{detaches.pk}")).to_contain_text("متى الحفل؟")
    detaches.refresh_from_db()
    assert (detaches.anchoring, detaches.anchor_method) == ("reanchored", "manual")
    assert detaches.exact == "بعد انتهاء موسم الأمطار" and detaches.comment == "متى الحفل؟"
    # Reloaded, it stays where it was put.
    page.reload()
    assert "".join(_mark_text(page, detaches)) == "بعد انتهاء موسم الأمطار"
    assert problems == []


def test_reattach_with_the_keyboard_on_a_phone(live_server, browser, edited, artifacts_dir):
    article, _moves, detaches = edited
    context = browser.new_context(locale="ar-EG", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        problems = watch_console(page)
        log_in(page, live_server, "qari", article.get_absolute_url())
        panel = page.locator("#annotations-panel")
        page.locator("#annotations-panel > summary").click()
        link = page.locator(f"#card-{detaches.pk}").get_by_role("link", name="أعد ربطها بمقطع جديد")
        link.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#reattach-status")).to_be_visible()
        expect(panel).not_to_have_attribute("open", "")  # folded: the text is in view
        # P selects a paragraph (the first one in view, then the next ones).
        page.keyboard.press("p")
        page.keyboard.press("p")
        page.keyboard.press("p")
        page.keyboard.press("Alt+a")
        button = page.get_by_role("button", name="اربط الملاحظة بهذا المقطع")
        expect(button).to_be_focused()
        page.screenshot(path=str(artifacts_dir / "reattach-phone.png"))
        page.keyboard.press("Enter")
        expect(page.locator(f'mark[data-annotations~="{detaches.pk}"]').first).to_be_visible()
        detaches.refresh_from_db()
        assert detaches.exact == AFTER[2]
        assert Annotation.objects.filter(anchoring="detached").count() == 0
        assert problems == []
    finally:
        context.close()
