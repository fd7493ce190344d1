"""core.publicurl: evidence links must point at the public web, as written."""

import pytest

from core.publicurl import public_url_problem


@pytest.mark.parametrize(
    "url",
    ["https://example.org/report", "http://news.example.com:8080/a?b=c", "https://93.184.216.34/",
     "https://[2606:4700::1111]/", "https://مثال.إختبار/"],
)  # fmt: skip
def test_public_links_pass(url):
    assert public_url_problem(url) is None


@pytest.mark.parametrize(
    "url,word",
    [
        ("https://user:pass@example.org/", "اسم مستخدم"),
        ("https://example.org@evil.example/", "اسم مستخدم"),
        ("http://127.0.0.1/", "محلي"),
        ("http://localhost:8000/", "محلي"),
        ("http://printer.local/", "محلي"),
        ("http://10.0.0.5/", "خاص"),
        ("http://192.168.1.1/", "خاص"),
        ("http://172.16.0.1/", "خاص"),
        ("http://169.254.169.254/latest/", "خاص"),
        ("http://[::1]/", "خاص"),
        ("http://[::ffff:127.0.0.1]/", "خاص"),
        ("http://0.0.0.0/", "خاص"),
        ("http://intranet/", "محلي"),
        ("https://example.org/\u202egpj.exe", "اتجاه"),
        ("https://example.org/%E2%80%AEfdp", "اتجاه"),
    ],
)
def test_unsafe_links_are_refused_with_a_reason(url, word):
    assert word in public_url_problem(url)
