"""Signing up and in through the real pages (Django's auth forms, Arabic errors)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_shows_arabic_errors_then_signs_in(live_server, page, artifacts_dir) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="إنشاء حساب").click()
    page.get_by_label("اسم المستخدم").fill("qariaa")
    page.get_by_label("كلمة المرور:", exact=True).fill("short")
    page.get_by_label("تأكيد كلمة المرور").fill("different")
    page.get_by_role("button", name="أنشئ الحساب").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "accounts-signup-errors.png", full_page=True)
    page.get_by_label("كلمة المرور:", exact=True).fill("a-Long-passw0rd")
    page.get_by_label("تأكيد كلمة المرور").fill("a-Long-passw0rd")
    page.get_by_role("button", name="أنشئ الحساب").click()
    expect(page.locator(".account-nav")).to_contain_text("qariaa")
    page.get_by_role("button", name="خروج").click()
    expect(page.get_by_role("link", name="دخول")).to_be_visible()
    assert problems == []
