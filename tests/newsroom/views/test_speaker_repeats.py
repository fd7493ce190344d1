"""Speaker pages group a speaker's repeated claims: under the first claim of an
editor's "same claim" group for everyone; similarity guesses for editors only."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation
from newsroom import services
from newsroom.models import ClaimReview
from newsroom.services import ClaimMatches
from tests.factories import make_annotation, make_article, make_speaker, make_user

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")

FIRST = "التضخم ارتفع إلى 7% في عام 2023."
AGAIN = "التضخم بلغ سبعة في المئة خلال 2023."
ONCE_MORE = "وصل التضخم إلى 7% في 2023."


def said(speaker, editor, text, day):
    article = make_article(
        body=text + "\n\nفقرة أخرى.", published_at=datetime(2024, 3, day, 9, tzinfo=CAIRO)
    )
    claim = make_annotation(article=article, exact=text)
    services.quote_attribute(annotation=claim, editor=editor, speaker=speaker)
    return ClaimReview.objects.get(pk=claim.pk)


def top_items(html: str) -> list[str]:
    """The texts of the page's own items (not the nested repeats)."""
    return re.findall(
        r'<li class="speaker-quote">\s*<blockquote dir="auto"><a [^>]*>([^<]*)</a>', html
    )


def nested(html: str) -> list[str]:
    return re.findall(r'<li class="speaker-repeat"><a [^>]*><bdi>([^<]*)</bdi>', html)


@pytest.fixture
def group(editor):
    speaker = make_speaker("وزير المالية")
    first = said(speaker, editor, FIRST, 1)
    again = said(speaker, editor, AGAIN, 5)
    once_more = said(speaker, editor, ONCE_MORE, 9)
    services.claim_review_copy(review=again, earlier=first, editor=editor)
    services.claim_review_copy(review=once_more, earlier=again, editor=editor)
    quote = make_annotation(article=make_article(), kind=Annotation.Kind.QUOTE)
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    return speaker, first, again, once_more


def test_linked_repeats_are_listed_under_their_first_claim(client, group):
    speaker, first, again, once_more = group
    # The repeat of a repeat points at the group's first claim.
    assert [r.same_as_id for r in ClaimReview.objects.filter(pk__in=[again.pk, once_more.pk])] == [
        first.pk,
        first.pk,
    ]
    html = client.get(speaker.get_absolute_url()).content.decode()
    items = top_items(html)
    assert FIRST in items and AGAIN not in items and ONCE_MORE not in items
    assert len(items) == 2  # the first claim and the quote
    # Nested under the first claim, newest article first.
    assert nested(html) == [ONCE_MORE, AGAIN]
    assert "كرّر الادعاء نفسه في" in html


def test_a_repeat_whose_first_claim_is_hidden_stays_in_its_own_place(client, group):
    speaker, first = group[0], group[1]
    services.annotation_hide(
        annotation=first.annotation, moderator=make_user(is_staff=True), reason="مخالف"
    )
    client.force_login(make_user())
    items = top_items(client.get(speaker.get_absolute_url()).content.decode())
    assert FIRST not in items and AGAIN in items and ONCE_MORE in items


def test_similarity_guesses_are_for_editors_only(client, editor):
    speaker = make_speaker("وزير المالية")
    first = said(speaker, editor, FIRST, 1)
    again = said(speaker, editor, AGAIN, 5)
    services.claim_matches_record(
        found={again.pk: ClaimMatches(similar_count=1, top_match_id=first.pk)}
    )
    for user in (None, make_user()):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(speaker.get_absolute_url()).content.decode()
        assert nested(html) == [] and "لم يؤكدها محرر" not in html
        assert sorted(top_items(html)) == sorted([FIRST, AGAIN])
    client.force_login(editor)
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert "لم يؤكدها محرر" in html
    assert nested(html) == [AGAIN]
    assert sorted(top_items(html)) == sorted([FIRST, AGAIN])  # nothing moved on a guess


def test_grouped_speaker_page_keeps_a_constant_number_of_queries(client, editor):
    speaker = make_speaker("وزير المالية")
    first = said(speaker, editor, FIRST, 1)
    said(speaker, editor, AGAIN, 2)
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(speaker.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    for day in range(3, 12):
        repeat = said(speaker, editor, AGAIN, day)
        services.claim_review_copy(review=repeat, earlier=first, editor=editor)
        other = said(speaker, editor, f"ارتفعت الصادرات في اليوم {day}.", day)
        services.claim_matches_record(found={other.pk: ClaimMatches(1, first.pk, None)})
    assert queries() == one


def test_the_cached_anonymous_page_follows_an_unlink(client, group, editor):
    # Anonymous speaker pages are cached (core.pagecache.shared_page): an unlink must
    # start a new version, or the repeat would stay nested under the first claim.
    speaker, _first, again, _once_more = group
    before = client.get(speaker.get_absolute_url()).content.decode()
    assert AGAIN not in top_items(before) and AGAIN in nested(before)
    services.claim_review_uncopy(review=again, editor=editor)
    after = client.get(speaker.get_absolute_url()).content.decode()
    assert AGAIN in top_items(after)
