from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from newsroom import services
from newsroom.models import Verdict
from tests.factories import make_annotation, make_speaker

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- The newsroom part of annotation cards ---------------------------------------------------


def render_card(annotation, user, request=None) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    return Template("{% load newsroom %}{% newsroom_card annotation %}").render(
        Context({"annotation": annotation, "user": user or AnonymousUser(), "request": request})
    )


def test_card_shows_the_verdict_badge_only_once_reviewed(claim, editor, reader):
    assert "verdict-badge" not in render_card(claim, reader)
    services.claim_review_update(
        annotation=claim, editor=editor, status="in_review", verdict=Verdict.MOSTLY_TRUE
    )
    assert "verdict-badge" not in render_card(
        claim, reader
    )  # a verdict under review is not published
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed")
    html = render_card(claim, None)
    assert 'class="verdict-badge verdict-badge--4"' in html
    assert "صحيح إلى حد كبير" in html


def test_card_names_the_speaker(quote, editor):
    speaker = make_speaker("سعاد")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    html = render_card(quote, None)
    assert f'قائل الاقتباس: <a href="{speaker.get_absolute_url()}"><bdi>سعاد</bdi></a>' in html


def test_card_links_depend_on_the_role(claim, editor, reader):
    assert "إبلاغ" not in render_card(claim, None)
    assert "إبلاغ" not in render_card(claim, claim.author)  # nobody flags their own
    reader_html = render_card(claim, reader)
    assert reverse("newsroom:annotation_flag", args=[claim.pk]) in reader_html
    assert "مراجعة الادعاء" not in reader_html
    editor_html = render_card(claim, editor)
    assert reverse("newsroom:claim_detail", args=[claim.pk]) in editor_html
    assert reverse("newsroom:quote_attribute", args=[claim.pk]) in editor_html


def test_card_tells_the_author_and_staff_why_it_was_hidden(claim, reader, staff):
    services.annotation_hide(annotation=claim, moderator=staff, reason="<b>لغة</b> مسيئة")
    claim.refresh_from_db()
    for user in (claim.author, staff):
        assert "والسبب: <bdi>&lt;b&gt;لغة&lt;/b&gt; مسيئة</bdi>" in render_card(claim, user)
    assert "والسبب" not in render_card(claim, reader)


def test_cards_cost_three_queries_per_article_whatever_their_number(
    article, editor, rf, django_assert_num_queries
):
    claims = [make_annotation(article=article) for _ in range(10)]
    for c in claims:
        services.claim_review_update(annotation=c, editor=editor, status="reviewed", verdict=2)
        services.quote_attribute(annotation=c, editor=editor, speaker=make_speaker())
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    # Reviews, speakers, and the reviews' sources (one prefetch for all of them).
    with django_assert_num_queries(3):
        html = "".join(render_card(c, AnonymousUser(), request) for c in claims)
    assert html.count("verdict-badge--2") == 10
