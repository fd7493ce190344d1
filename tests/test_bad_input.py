"""The bad-input sweep (issue 14): hostile values in every URL pattern, query parameter
and form field, as anonymous, reader and staff, GET and POST; no answer may be a 5xx.

URL patterns are discovered from the URLconf and their converters filled with hostile
values; forms are discovered from the pages themselves (every <form> on every page the
user can open) and posted back with hostile values in every field. The client runs with
raise_request_exception=False, so a failure is the 500 production would send; the
exception behind it is recorded for the report.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from annotations.models import Reply
from tests import factories

pytestmark = pytest.mark.django_db

# Already percent-encoded, so bytes that are not UTF-8 (a lone surrogate as
# CESU bytes, 0xFF) reach the server as a browser or a script would send them.
HOSTILE = [
    "%00",
    "a%00b",
    "%ED%A0%80",  # U+D800, a lone surrogate, as UTF-8-style bytes
    "%FF%FE",
    "x" * 10_000,
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "9999-12-31",
    "0001-01-01",
    "1e308",
    "NaN",
    "%E2%80%AE" + quote("نص معكوس"),  # U+202E, right-to-left override
    quote("<script>alert(1)</script>"),
    quote("'; DROP TABLE x;--"),
    quote("../../etc/passwd"),
    "%EF%BF%BF",
    quote("٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩"),
]
# What fills path converters: the hostile values that can stand in a path segment.
PATH_VALUES = {
    "int": ["0", "99999999999999999999", "9" * 400],
    "default": ["%00", "%ED%A0%80", "%FF", "x" * 10_000, "%E2%80%AE", "..", "1"],
}
COMMON_PARAMS = ["page", "q", "date_from", "date_to", "published_at__year", "o", "p", "e"]
DEEP_JSON = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
BODIES = [
    ("application/json", DEEP_JSON),
    ("application/json", '{"comment": "\\ud800", "exact": "\\udfff", "start": 1e999}'),
    ("application/json", "[" + "1," * 1000 + "1]"),
    ("application/json", '{"start": ' + "9" * 5000 + "}"),
    ("application/json; charset=utf-16", '{"a": 1}'),
    ("application/x-www-form-urlencoded; charset=utf-16", "a=b"),
    ("application/x-www-form-urlencoded", "a=%ED%A0%80&b=%FF"),
    ("multipart/form-data", "no boundary"),
    ("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data\r\n\r\nx"),
    ("text/plain", "\x00" * 100),
]
# Sign-out would end the session the sweep signs in with; the rest is fair game.
SKIP_NAMES = {"logout"}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def _patterns(resolvers=None, prefix: str = ""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        # Regex patterns (the admin's app index) are reached through the forms' links.
        elif (
            isinstance(entry, URLPattern)
            and entry.name not in SKIP_NAMES
            and isinstance(entry.pattern, RoutePattern)
        ):
            yield prefix + str(entry.pattern)


def _fill(route: str) -> list[str]:
    """The route with each converter in turn set to each hostile value, the others 1."""
    converters = list(CONVERTER.finditer(route))
    if not converters:
        return ["/" + route]
    urls = []
    for index, match in enumerate(converters):
        values = PATH_VALUES.get(match.group("kind") or "str", PATH_VALUES["default"])
        for value in values:
            parts, last = [], 0
            for other_index, other in enumerate(converters):
                parts.append(route[last : other.start()])
                parts.append(value if other_index == index else "1")
                last = other.end()
            parts.append(route[last:])
            urls.append("/" + "".join(parts))
    return urls


class _Forms(HTMLParser):
    """Each <form>: its action, method and field names (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or attrs.get("hx-post") or attrs.get("hx-get") or ""
            method = (attrs.get("method") or ("post" if "hx-post" in attrs else "get")).lower()
            self.forms.append({"action": action, "method": method, "fields": []})
        elif (
            tag in ("input", "select", "textarea")
            and self.forms
            and attrs.get("name")
            and attrs.get("type") not in ("submit", "file")
        ):
            self.forms[-1]["fields"].append(attrs["name"])


def _forms(page_url: str, html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        action = urlsplit(form["action"] or page_url)
        if action.netloc and action.netloc != "testserver":
            continue
        form["action"] = action.path or urlsplit(page_url).path
    return [f for f in parser.forms if f["action"].startswith("/")]


@pytest.fixture
def world(db):
    """A little of everything, so real-object URLs reach their forms."""
    reader = factories.make_user("reader")
    staff = factories.make_user("staff", is_staff=True, is_superuser=True)
    article = factories.make_article()
    claim = factories.annotate(article, reader, article.paragraphs[0].split()[0], kind="claim")
    quote_ = factories.annotate(
        article, reader, article.paragraphs[1].split()[0], kind="quote", comment="قال"
    )
    speaker = factories.make_speaker()
    # One reply each, so both can reach the edit form of theirs and the flag form of the other's.
    replies = [
        Reply.objects.create(annotation=claim, author=author, body="ردّ للاختبار")
        for author in (reader, staff)
    ]
    return {"reader": reader, "staff": staff, "article": article, "claim": claim,
            "quote": quote_, "speaker": speaker, "replies": replies}  # fmt: skip


def _seed_urls(world) -> list[str]:
    article, claim = world["article"], world["claim"]
    urls = [
        article.get_absolute_url(),
        f"/annotations/{claim.pk}/edit/",
        f"/annotations/{claim.pk}/replies/",
        f"/moderation/annotations/{claim.pk}/flag/",
        f"/editor/quotes/{world['quote'].pk}/",
        f"/speakers/{world['speaker'].pk}/",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:annotations_annotation_change", args=[claim.pk]),
    ]
    for reply in world["replies"]:
        urls += [
            f"/replies/{reply.pk}/edit/",
            f"/replies/{reply.pk}/flag/",
            reverse("admin:annotations_reply_change", args=[reply.pk]),
        ]
    review = getattr(claim, "review", None)
    if review is not None:
        urls.append(f"/editor/claims/{review.pk}/")
    return urls


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff"])
def test_no_hostile_input_yields_a_server_error(who, world):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(world[who])
    errors: list[str] = []
    current: list[str] = [""]

    def record(sender, request=None, **kwargs):
        import sys

        errors.append(f"{current[0]}: {sys.exc_info()[0].__name__}: {sys.exc_info()[1]!s:.200}")

    failures: list[str] = []

    def check(response, what: str) -> None:
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {what}")

    def get(url: str) -> str:
        current[0] = f"GET {url[:200]}"
        response = client.get(url)
        check(response, current[0])
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            return response.content.decode()
        return ""

    def post(url: str, body: str, content_type: str) -> None:
        current[0] = f"POST {url[:200]} [{content_type}] {body[:80]}"
        check(
            client.generic("POST", url, body.encode("utf-8", "surrogatepass"), content_type),
            current[0],
        )

    got_request_exception.connect(record)
    try:
        routes = list(_patterns())
        pages: dict[str, str] = {}
        for route in routes:
            for url in _fill(route):
                html = get(url)
                if html and not CONVERTER.search(route):
                    pages[url] = html
                if len(url) < 500:  # one unsafe request per filled URL is enough
                    post(url, "x=%00", "application/x-www-form-urlencoded")
        for url in _seed_urls(world):
            if html := get(url):
                pages[url] = html
        # Every form on every page, its fields all set to each hostile value in turn.
        seen: set[tuple] = set()
        for page_url, html in pages.items():
            for form in _forms(page_url, html):
                key = (form["action"], form["method"], tuple(form["fields"]))
                if key in seen or "logout" in form["action"]:
                    continue
                seen.add(key)
                for value in HOSTILE:
                    fields = form["fields"] or COMMON_PARAMS
                    query = "&".join(f"{quote(name)}={value}" for name in fields)
                    if form["method"] == "post":
                        post(form["action"], query, "application/x-www-form-urlencoded")
                    else:
                        get(f"{form['action']}?{query}")
        # Listings and filters named by the common query parameters, and bad bodies.
        for url in [u for u in pages if "?" not in u]:
            for value in HOSTILE:
                get(f"{url}?" + "&".join(f"{name}={value}" for name in COMMON_PARAMS))
        post_urls = {
            form["action"] for html_url, html in pages.items() for form in _forms(html_url, html)
        }
        for url in sorted(post_urls | set(_seed_urls(world))):
            if "logout" in url:
                continue
            for content_type, body in BODIES:
                post(url, body, content_type)
    finally:
        got_request_exception.disconnect(record)
    assert not failures, "\n".join([*failures[:40], "--- exceptions:", *errors[:40]])
    # The sweep reached the site: many pages and forms were found and tried.
    assert len(pages) >= 10 and len(seen) >= 5
