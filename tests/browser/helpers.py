"""Steps that many browser tests take: watching the console, logging in."""

from __future__ import annotations

PASSWORD = "pass-1234-word"  # tests.factories.make_user's default


def watch_console(page) -> list[str]:
    """Collect script errors and CSP violations the page reports, to assert none occurred."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def log_in(page, live_server, username: str, next_url: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="دخول").click()
    page.wait_for_url(f"**{next_url}")
