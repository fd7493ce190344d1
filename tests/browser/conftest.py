"""Browser fixtures shared by every browser test: Debian's Chromium driven by Playwright.

`browser` is one Chromium per test session; `page` is a fresh context and page per
test, closed afterwards. Without /usr/bin/chromium the tests skip LOUDLY, except in CI
(env CI=true), where a missing browser is a failure: CI must never pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# next to one unless told that this (test-only) use is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


# One Playwright driver and one Chromium per test session, however many modules
# declare the fixture (tests outside tests/browser/ import it from here): a second
# sync_playwright() in the same thread fails ("Sync API inside the asyncio loop").
_shared: dict[str, object] = {}


def _acquire_browser():
    if not _shared:
        from playwright.sync_api import sync_playwright

        driver = sync_playwright().start()
        try:
            chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception:
            driver.stop()
            raise
        _shared.update(driver=driver, browser=chromium, users=0)
    _shared["users"] += 1
    return _shared["browser"]


def _release_browser() -> None:
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared["browser"].close()
        _shared["driver"].stop()
        _shared.clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:  # pragma: no cover - playwright is pinned
        _unavailable(f"Playwright is not installed ({error}); Chromium cannot be driven")
    chromium = _acquire_browser()
    try:
        yield chromium
    finally:
        _release_browser()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="ar-EG", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where browser tests save screenshots (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    Session fixtures are set up before function ones, so without this the server
    would start before the in-memory SQLite test database is configured, would not
    share its connection, and every request thread would open (and leak) its own.
    """
    return live_server
