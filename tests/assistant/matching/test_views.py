"""Similar claims on a claim's page and the 'same claim' action: editors only, copies the review."""

import pytest
from django.urls import reverse

from assistant.matching.models import ClaimLink
from assistant.matching.services import claim_index
from newsroom import services as newsroom_services
from newsroom.models import ReviewStatus, Verdict
from tests.factories import make_annotation, make_article, make_editor, make_user

pytestmark = pytest.mark.django_db

EARLIER = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
LATER = "التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية."


def indexed_claim(text):
    review = make_annotation(article=make_article(body=text), exact=text).review
    claim_index(article_id=review.article_id, text=text, review_id=review.pk)
    return review


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def pair(editor):
    earlier = indexed_claim(EARLIER)
    newsroom_services.claim_review_update(
        annotation=earlier.annotation,
        editor=editor,
        status=ReviewStatus.REVIEWED,
        verdict=Verdict.choices[0][0],
        rationale="الرقم الرسمي أقل.",
    )
    earlier.refresh_from_db()
    return indexed_claim(LATER), earlier


def test_editor_sees_similar_claims_with_status_and_verdict(client, editor, pair):
    later, earlier = pair
    indexed_claim("ارتفعت صادرات القطن بنسبة 12% في 2021.")
    client.force_login(editor)
    response = client.get(reverse("matching:similar_claims", args=[later.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert earlier.article.title in html
    assert earlier.get_verdict_display() in html
    assert "الادعاء نفسه" in html
    assert "القطن" not in html


def test_htmx_gets_the_partial_only(client, editor, pair):
    later, _earlier = pair
    client.force_login(editor)
    response = client.get(
        reverse("matching:similar_claims", args=[later.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="claim-similar"')
    assert "<html" not in html


def test_claim_page_links_to_similar_claims_without_javascript(client, editor, pair):
    later, _earlier = pair
    client.force_login(editor)
    html = client.get(later.get_absolute_url()).content.decode()
    assert reverse("matching:similar_claims", args=[later.pk]) in html


def test_linking_copies_the_review_and_shows_it_to_readers(client, editor, pair):
    later, earlier = pair
    client.force_login(editor)
    response = client.post(reverse("matching:claim_link", args=[later.pk]), {"earlier": earlier.pk})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.verdict == earlier.verdict and later.is_published
    assert ClaimLink.objects.get(review=later).earlier == earlier
    # The reader now sees the verdict on the later claim's article.
    client.force_login(make_user())
    assert (
        earlier.get_verdict_display()
        in client.get(later.article.get_absolute_url()).content.decode()
    )


def test_readers_and_anonymous_users_cannot_link_or_see(client, pair):
    later, earlier = pair
    url = reverse("matching:claim_link", args=[later.pk])
    assert client.post(url, {"earlier": earlier.pk}).status_code == 302  # to sign in
    client.force_login(make_user())
    assert client.post(url, {"earlier": earlier.pk}).status_code == 403
    assert client.get(reverse("matching:similar_claims", args=[later.pk])).status_code == 403
    later.refresh_from_db()
    assert later.status == ReviewStatus.UNREVIEWED
    assert not ClaimLink.objects.exists()


@pytest.mark.parametrize("earlier", ["", "abc", "999999"])
def test_bad_earlier_claim_is_no_server_error(client, editor, pair, earlier):
    later, _ = pair
    client.force_login(editor)
    response = client.post(reverse("matching:claim_link", args=[later.pk]), {"earlier": earlier})
    assert response.status_code in (302, 404)
    assert not ClaimLink.objects.exists()


def test_self_link_is_refused_with_a_message(client, editor, pair):
    later, _ = pair
    client.force_login(editor)
    response = client.post(
        reverse("matching:claim_link", args=[later.pk]), {"earlier": later.pk}, follow=True
    )
    assert "لا يمكن ربط الادعاء بنفسه" in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_unlink(client, editor, pair):
    later, earlier = pair
    client.force_login(editor)
    client.post(reverse("matching:claim_link", args=[later.pk]), {"earlier": earlier.pk})
    client.post(reverse("matching:claim_link", args=[later.pk]), {"unlink": "1"})
    assert not ClaimLink.objects.exists()


def test_get_on_the_action_is_not_allowed(client, editor, pair):
    later, _ = pair
    client.force_login(editor)
    assert client.get(reverse("matching:claim_link", args=[later.pk])).status_code == 405


def test_checked_before_lists_flagged_sentences_with_the_earlier_verdict(client, editor, pair):
    from assistant.matching.services import article_flag_checked_before

    _later, earlier = pair
    article = make_article(body="خبر جديد. " + LATER)
    article_flag_checked_before(article=article)
    url = reverse("matching:checked_before")
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(editor)
    html = client.get(url, {"article": article.pk}).content.decode()
    assert LATER in html and earlier.get_verdict_display() in html
    assert "لا جمل" in client.get(url, {"article": 999999}).content.decode()
    assert client.get(url, {"article": "x", "page": "abc"}).status_code == 200


def test_linking_writes_the_copy_in_the_history_and_the_copy_stays_editable(client, editor, pair):
    later, earlier = pair
    client.force_login(editor)
    client.post(reverse("matching:claim_link", args=[later.pk]), {"earlier": earlier.pk})
    html = client.get(later.get_absolute_url()).content.decode()
    history = html[html.index('id="history-title"') :]
    assert "الادعاء نفسه" in history
    assert f"نُسخت المراجعة من الادعاء {earlier.pk}" in history
    # The copied review is this claim's own: the claim page edits it as any other.
    response = client.post(
        later.get_absolute_url(),
        {
            "review-status": "reviewed",
            "review-verdict": str(Verdict.MISLEADING.value),
            "review-rationale": "في هذا المقال الرقم مختلف قليلًا.",
            "review-assignee": "",
        },
    )
    assert response.status_code == 302
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert later.verdict == Verdict.MISLEADING and later.same_as_id == earlier.pk
    assert earlier.verdict == Verdict.choices[0][0]  # the earlier claim is untouched
    client.post(reverse("matching:claim_link", args=[later.pk]), {"unlink": "1"})
    later.refresh_from_db()
    assert later.same_as_id is None and later.verdict == Verdict.MISLEADING
    html = client.get(later.get_absolute_url()).content.decode()
    assert "أزيل الربط؛ بقيت المراجعة" in html
