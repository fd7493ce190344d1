"""The browser fixtures' policy when Chromium is missing: a loud skip locally, a failure in CI."""

from __future__ import annotations

import pytest

from tests.browser import conftest


def test_missing_chromium_is_a_loud_skip_outside_ci(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="BROWSER TESTS SKIPPED: .*Chromium"):
        conftest._unavailable("Chromium not found at /usr/bin/chromium")


def test_missing_chromium_fails_in_ci(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: Chromium"):
        conftest._unavailable("Chromium not found at /usr/bin/chromium")
