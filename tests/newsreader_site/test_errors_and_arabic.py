"""Issue 15 without a browser: Arabic error pages, no debug handler that erases the
page, and the project's ar catalogue (six plural forms, relative times, admin strings,
Arabic-order dates)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from newsreader import views
from tests import factories


@pytest.mark.django_db
def test_someone_elses_annotation_edit_is_an_arabic_403_with_the_site_header(client):
    annotation = factories.make_annotation(kind="comment", comment="رأي")
    client.force_login(factories.make_user())
    response = client.get(reverse("annotations:edit", args=[annotation.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "لا تملك صلاحية هذه الصفحة" in html
    assert 'class="site-header"' in html and 'lang="ar"' in html
    assert reverse("articles:home") in html  # a way back


@pytest.mark.django_db
def test_400_and_500_pages_are_arabic():
    request = RequestFactory().get("/")
    request.user = None
    bad = views.server_error(request)
    assert bad.status_code == 500
    assert "حدث خطأ في الخادم" in bad.content.decode()
    assert 'dir="rtl"' in bad.content.decode()


@pytest.mark.django_db
def test_bad_request_page(client):
    response = views.bad_request(client.get("/").wsgi_request, Exception("x"))
    assert response.status_code == 400
    assert "طلب غير صالح" in response.content.decode()


@pytest.mark.django_db
def test_debug_mode_does_not_load_the_handler_that_replaces_the_page(client, settings):
    settings.DEBUG = True
    html = client.get(reverse("articles:home")).content.decode()
    assert "django-htmx.js" not in html
    assert "htmx-2.min.js" in html
    # 400 and 422 error partials are swapped in place, not dropped.
    assert '"code":"400|422","swap":true,"error":false' in html


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "لا مقالات"),
        (1, "مقال واحد"),
        (2, "مقالان"),
        (3, "3 مقالات"),
        (10, "10 مقالات"),
        (11, "11 مقالًا"),
        (99, "99 مقالًا"),
        (100, "100 مقال"),
        (103, "103 مقالات"),
    ],
)
def test_six_arabic_plural_forms(n, expected):
    with translation.override("ar"):
        assert ngettext("%(n)s مقال", "%(n)s مقالات", n) % {"n": n} == expected


def test_feminine_nouns_agree():
    with translation.override("ar"):
        assert ngettext("%(n)s ملاحظة", "%(n)s ملاحظات", 1) % {"n": 1} == "ملاحظة واحدة"
        assert ngettext("%(n)s ملاحظة", "%(n)s ملاحظات", 2) % {"n": 2} == "ملاحظتان"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=2), "منذ ثانيتين"),
        (timedelta(minutes=3), "منذ 3\u00a0دقائق"),
        (timedelta(minutes=1), "منذ دقيقة"),
        (timedelta(hours=2), "منذ ساعتين"),
        (timedelta(days=3), "منذ 3\u00a0أيام"),
        (timedelta(days=2), "منذ يومين"),
    ],
)
def test_relative_times_read_as_arabic(delta, expected):
    now = timezone.now()
    with translation.override("ar"):
        assert naturaltime(now - delta) == expected


def test_admin_strings_and_arabic_date_order():
    with translation.override("ar"):
        assert gettext("Run") == "نفّذ"
        assert gettext("Filter by %(field_name)s") % {"field_name": "التاريخ"} == (
            "التصفية حسب التاريخ"
        )
        assert gettext("- Select an option -") == "- اختر -"
        moment = datetime(2025, 9, 17, 12, 0, tzinfo=timezone.get_current_timezone())
        assert formats.date_format(moment, "DATETIME_FORMAT") == "17 سبتمبر 2025، 12:00 م"


def _plural_msgids() -> set[str]:
    """Every singular msgid the code hands to ngettext or {% blocktranslate count %}."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found: set[str] = set()
    for path in [*root.glob("[a-z]*/**/*.py"), *root.glob("templates/**/*.html")]:
        if path.parts[len(root.parts)] in {"tests", "bench"} or ".venv" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        found.update(re.findall(r'ngettext\(\s*"([^"]*)"', source))
        for text in re.findall(r"{% blocktranslate count [^%]*%}(.*?){% plural", source, re.S):
            # Django's msgid for {{ n }} is %(n)s.
            found.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", text.strip()))
    return found


def test_every_plural_in_the_code_has_its_six_arabic_forms():
    # Without an entry, ngettext falls back to two forms: «2 ملاحظات» for «ملاحظتان».
    from django.utils.translation import trans_real

    catalog = trans_real.translation("ar")._catalog
    msgids = _plural_msgids()
    assert {"%(n)s ملاحظة", "%(n)d ساعة"} <= msgids  # the scan finds both kinds
    missing = sorted(m for m in msgids if not all((m, i) in catalog for i in range(6)))
    assert missing == []
