"""The marks of an article are drawn once per (text, spans, panel page) and kept: the
same page again does not draw them, and any change to what they show is another key,
even a write that went around the services (no version to forget)."""

from __future__ import annotations

import pytest
from django.test import Client

from annotations.models import Annotation
from reading import panel
from tests import factories
from tests.annotations.fixtures import BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawings(monkeypatch):
    calls = []
    real = panel.render_paragraphs

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(panel, "render_paragraphs", counted)
    return calls


def _words(article, n):
    return BODY.split()[n]


def test_same_marks_drawn_once(article, user, drawings):
    factories.annotate(article, user, _words(article, 2), kind="comment", comment="ملاحظة")
    client = Client()
    client.force_login(user)  # a render of their own each time: no page cache
    first = client.get(article.get_absolute_url()).content
    second = client.get(article.get_absolute_url()).content
    assert len(drawings) == 1
    assert first.count(b"<mark ") == second.count(b"<mark ") >= 1


def test_changed_spans_are_drawn_anew(article, user, drawings):
    annotation = factories.annotate(article, user, _words(article, 2))
    client = Client()
    client.force_login(user)
    client.get(article.get_absolute_url())
    word = _words(article, 5)
    start = article.body.index(word)
    # Straight to the table: no service, no version bumped.
    Annotation.objects.filter(pk=annotation.pk).update(
        start=start, end=start + len(word), exact=word
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert len(drawings) == 2
    assert f'id="annotation-{annotation.pk}"' in page
    assert f">{word}</mark>" in page


def test_published_reviews_follow_each_verdict(article, user):
    """The reviews kept per annotations version: each verdict shows on the next render
    of a signed-in reader (a render of their own, no page cache)."""
    from newsroom import services as newsroom_services
    from newsroom.models import ReviewStatus, Verdict

    editor = factories.make_editor()
    claim = factories.annotate(article, user, _words(article, 3), kind="claim")
    client = Client()
    client.force_login(user)
    for verdict in (Verdict.FALSE, Verdict.TRUE):
        newsroom_services.claim_review_update(
            annotation=claim, editor=editor, status=ReviewStatus.REVIEWED, verdict=verdict
        )
        page = client.get(article.get_absolute_url()).content.decode()
        assert f'data-verdict="{int(verdict)}"' in page
        assert f"verdict-badge--{int(verdict)}" in page
