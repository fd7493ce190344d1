"""Reading in a real browser: RTL, the Arabic web font, a clean CSP, screenshots."""

from __future__ import annotations

import pytest

from articles.models import Article
from tests import factories
from tests.browser.helpers import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = [
    "أعلنت وزارة الزراعة أمس عن خطة جديدة لترشيد استهلاك المياه في الري، تعتمد على تقنيات "
    "التنقيط والاستشعار عن بعد، وتستهدف مئة ألف فدان في محافظات الدلتا خلال العامين المقبلين.",
    "وقال المتحدث باسم الوزارة إن المرحلة الأولى تبدأ في الربيع المقبل بالتعاون مع الجمعيات "
    "الزراعية، وإن المزارعين سيحصلون على قروض ميسرة لشراء المعدات.",
    "ويرى خبراء أن نجاح الخطة يتوقف على تدريب المزارعين ومتابعة الصيانة، مشيرين إلى تجارب سابقة "
    "لم تحقق أهدافها بسبب ضعف المتابعة الميدانية.",
    "وتأتي الخطة في وقت تشهد فيه المنطقة موجات حر متكررة رفعت الطلب على المياه إلى مستويات غير "
    "مسبوقة، بحسب بيانات رسمية نشرت الشهر الماضي.",
]


@pytest.fixture
def articles(db) -> list[Article]:
    economy = factories.make_section("اقتصاد")
    sport = factories.make_section("رياضة")
    publisher = factories.make_publisher("دار الهلال")
    made = [
        factories.make_article(
            title="الحكومة تطلق خطة لترشيد مياه الري في محافظات الدلتا",
            caption="مزارعون يعملون في حقل قمح قرب المنصورة",
            section=economy,
            publisher=publisher,
            featured=True,
            body="\n\n".join(BODY),
        )
    ]
    for n, section in enumerate([sport, economy, sport, economy, sport], start=1):
        made.append(
            factories.make_article(
                title=f"عنوان خبر تجريبي رقم {n} عن تطورات الأسبوع",
                section=section,
                publisher=publisher,
                featured=n == 1,
            )
        )
    return made


def test_home_then_article_reads_rtl_with_the_arabic_font(
    live_server, page, articles, artifacts_dir
) -> None:
    problems = watch_console(page)
    lead = articles[0]

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=artifacts_dir / "home-desktop.png", full_page=True)
    page.get_by_role("link", name=lead.title).first.click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")

    assert page.locator("h1").inner_text() == lead.title
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('.article__body')).direction"
    )
    assert direction == "rtl"
    font_ok = page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px \"Noto Naskh Arabic\"'))"
    )
    assert font_ok is True
    used = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("Noto Naskh Arabic" in family for family in used), used
    page.screenshot(path=artifacts_dir / "article-desktop.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.evaluate("document.fonts.ready")
    # Nothing wider than the phone screen: no sideways scrolling while reading.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts_dir / "article-phone.png", full_page=True)
    page.goto(live_server.url + "/")
    page.screenshot(path=artifacts_dir / "home-phone.png", full_page=True)

    assert problems == []


def test_font_size_control_persists_without_layout_shift(live_server, page, articles) -> None:
    problems = watch_console(page)
    url = live_server.url + articles[0].get_absolute_url()
    page.goto(url)
    control = page.get_by_role("group", name="حجم الخط")
    assert control.is_visible()
    before = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article__body')).fontSize)"
    )
    page.get_by_role("button", name="تكبير الخط").click()
    after = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article__body')).fontSize)"
    )
    assert after > before

    # On the next page load the size is there before first paint: no layout shift.
    page.evaluate("""() => { window.__shifts = 0; }""")
    page.goto(url)
    size_on_load = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article__body')).fontSize)"
    )
    assert size_on_load == after
    shift = page.evaluate(
        """() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => {
              for (const entry of list.getEntries()) total += entry.value;
            }).observe({type: 'layout-shift', buffered: true});
            setTimeout(() => resolve(total), 300);
        })"""
    )
    assert shift < 0.01
    assert problems == []


def test_font_size_control_is_hidden_without_javascript(live_server, browser, articles) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + articles[0].get_absolute_url())
        assert page.locator(".font-size-control").is_hidden()
        assert page.locator("h1").inner_text() == articles[0].title
    finally:
        context.close()


def test_phone_header_does_not_shift_after_load(live_server, browser, articles) -> None:
    """At 412 px the header wraps: a control shown only once site.js ran pushed the whole
    page down (Lighthouse measured a layout shift of 0.54)."""
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True, locale="ar-EG"
    )
    try:
        page = context.new_page()
        page.add_init_script(
            "window.__shift = 0; new PerformanceObserver((l) => { for (const e of l.getEntries())"
            " window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
        )
        page.goto(live_server.url + articles[0].get_absolute_url())
        page.wait_for_timeout(800)
        assert page.get_by_role("group", name="حجم الخط").is_visible()
        assert page.evaluate("window.__shift") < 0.01
    finally:
        context.close()
