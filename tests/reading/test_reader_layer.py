"""Signed-in readers with nothing of their own on an article share one kept page per
version, with their own name and CSRF token put in: nobody's private note is ever in
it, and readers with their own annotations or replies, editors and staff get their own
render."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from annotations import services as annotations_services
from reading.views.article import CSRF_MARK, USERNAME_MARK
from tests import factories

pytestmark = pytest.mark.django_db

PHRASE = "الأسعار ستنخفض قريبًا"


@pytest.fixture
def page(article):
    return article.get_absolute_url()


def _kept() -> int:
    return sum(1 for key in cache._cache if "shared-page:reader:" in key)  # locmem in tests


def _signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_readers_share_the_page_with_their_own_name_and_token(article, page):
    factories.annotate(article, factories.make_user(), PHRASE, kind="comment", comment="عام")
    salma, karim = factories.make_user("salma"), factories.make_user("karim")
    first = _signed_in(salma).get(page)
    assert _kept() == 1
    second = _signed_in(karim).get(page)
    assert _kept() == 1
    for response, name, other in [(first, "salma", "karim"), (second, "karim", "salma")]:
        html = response.content.decode()
        assert response.status_code == 200
        assert f"<bdi>{name}</bdi>" in html
        assert f"<bdi>{other}</bdi>" not in html
        assert CSRF_MARK not in html and USERNAME_MARK not in html
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
        # The toolbar is there: a signed-in reader can annotate.
        assert 'name="csrfmiddlewaretoken"' in html


def test_the_token_put_in_is_valid(article, page):
    reader = factories.make_user()
    client = _signed_in(reader, enforce_csrf_checks=True)
    _signed_in(factories.make_user()).get(page)  # another reader fills the kept page
    html = client.get(page).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    header = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    assert token == header
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # signed out: the token was accepted


def test_a_private_note_is_never_shown_to_another_reader(article, page):
    author, other = factories.make_user("author"), factories.make_user("other")
    factories.annotate(
        article, author, PHRASE, kind="comment", visibility="private", comment="سري جدًا"
    )
    # The author first: their page is their own render, never kept.
    mine = _signed_in(author).get(page).content.decode()
    assert "سري جدًا" in mine
    assert _kept() == 0
    theirs = _signed_in(other).get(page).content.decode()
    assert "سري جدًا" not in theirs
    assert _kept() == 1
    # And the author, after the page is kept, still sees their own note.
    assert "سري جدًا" in _signed_in(author).get(page).content.decode()
    assert "سري جدًا" not in Client().get(page).content.decode()


def test_a_page_rendered_while_the_reader_writes_holds_only_public_notes(article, page):
    # A private note saved around the services (no new version, as a race would leave it):
    # the kept page is drawn from what everyone may see, so it never carries it.
    reader, other = factories.make_user(), factories.make_user()
    note = factories.make_annotation(
        article=article, author=reader, kind="comment", exact=PHRASE, visibility="private"
    )
    note.comment = "ملاحظة لم تُعلن"
    note.save()
    # Pretend the reader had nothing of their own when the page was rendered.
    from reading.views import article as view

    original = view.owns_something_on
    view.owns_something_on = lambda user, article_id: False
    try:
        _signed_in(reader).get(page)
    finally:
        view.owns_something_on = original
    assert _kept() == 1
    assert "ملاحظة لم تُعلن" not in _signed_in(other).get(page).content.decode()


def test_own_annotation_or_reply_means_own_render(article, page):
    reader, other = factories.make_user("reader"), factories.make_user("other")
    mine = factories.annotate(article, reader, PHRASE, kind="comment", comment="تعليقي")
    html = _signed_in(reader).get(page).content.decode()
    assert "تعليقي" in html
    assert "anno-card__delete" in html  # the author's buttons
    assert _kept() == 0
    theirs = _signed_in(other).get(page).content.decode()
    assert "تعليقي" in theirs
    assert "anno-card__delete" not in theirs
    assert _kept() == 1
    replier = factories.make_user("replier")
    annotations_services.reply_create(annotation=mine, author=replier, body="ردي هنا")
    cache.clear()
    _signed_in(replier).get(page)
    assert _kept() == 0


def test_editors_and_staff_get_their_own_render(article, page, staff_user):
    claim = factories.annotate(article, factories.make_user(), PHRASE, kind="claim")
    editor = factories.make_editor()
    editor_html = _signed_in(editor).get(page).content.decode()
    assert "مراجعة الادعاء" in editor_html
    _signed_in(staff_user).get(page)
    assert _kept() == 0
    reader_html = _signed_in(factories.make_user()).get(page).content.decode()
    assert "مراجعة الادعاء" not in reader_html
    assert claim.pk


def test_a_new_annotation_shows_to_readers_at_once(article, page):
    reader = _signed_in(factories.make_user())
    reader.get(page)
    factories.annotate(article, factories.make_user(), PHRASE, kind="comment", comment="جديد")
    assert "جديد" in reader.get(page).content.decode()


def test_kept_page_costs_a_few_queries(article, page, django_assert_num_queries):
    factories.annotate(article, factories.make_user(), PHRASE, kind="comment")
    _signed_in(factories.make_user()).get(page)
    reader = _signed_in(factories.make_user())
    # Session, user, editor role; then whether they own anything on it: annotations,
    # replies. The role and the answer are asked once, then kept (until they change).
    with django_assert_num_queries(5):
        reader.get(page)
    with django_assert_num_queries(2):
        response = reader.get(page)
    assert response.status_code == 200


def test_a_note_written_any_way_gives_the_reader_their_own_page_at_once(article, page):
    reader = factories.make_user()
    client = _signed_in(reader)
    client.get(page)
    assert _kept() == 1  # nothing of theirs: the shared page, and "nothing" is kept
    # Written around the services (the admin, a script): the receiver still tells.
    note = factories.make_annotation(
        article=article, author=reader, kind="comment", exact=PHRASE, visibility="private"
    )
    note.comment = "ملاحظتي وحدي"
    note.save()
    html = client.get(page).content.decode()
    assert "ملاحظتي وحدي" in html
    assert "anno-card__delete" in html


def test_a_reply_written_gives_the_reader_their_own_page_at_once(article, page):
    public = factories.annotate(article, factories.make_user(), PHRASE, kind="comment")
    reader = factories.make_user()
    client = _signed_in(reader)
    assert "ردي الأول" not in client.get(page).content.decode()
    annotations_services.reply_create(annotation=public, author=reader, body="ردي الأول")
    html = client.get(page).content.decode()
    assert "ردي الأول" in html


def test_filters_and_messages_are_rendered_for_the_reader(article, page):
    reader = _signed_in(factories.make_user())
    reader.get(page + "?kind=comment")
    assert _kept() == 0
