"""Re-attaching a detached annotation: who may, what stays, with and without htmx."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, Reply
from annotations.services import reply_create
from articles.revisions import article_revision_record
from editorial.services import article_text_update
from newsroom.models import QuoteAttribution
from newsroom.services.speakers import quote_attribute
from tests import factories
from tests.factories import annotate

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
BODY = (
    "أعلنت البلدية خطة لتوسيع الحدائق العامة في الأحياء الشرقية.\n\n"
    "وقال رئيس البلدية إن المشروع سيكتمل قبل نهاية الصيف."
)
# The second paragraph is rewritten entirely: its annotations cannot be found again.
EDITED = (
    "أعلنت البلدية خطة لتوسيع الحدائق العامة في الأحياء الشرقية.",
    "وأوضح مسؤول في البلدية أن الأعمال تبدأ الشهر المقبل وتستمر عامًا.",
)
OLD_QUOTE = "المشروع سيكتمل قبل نهاية الصيف"
NEW_PASSAGE = "الأعمال تبدأ الشهر المقبل"


def detach(article, author, *, kind="quote", comment="تعليق يبقى"):
    annotation = annotate(article, author, OLD_QUOTE, kind=kind, comment=comment)
    article_text_update(article=article, paragraphs=EDITED, editor=factories.make_editor())
    annotation.refresh_from_db()
    assert annotation.is_detached
    return annotation


def post_data(article, phrase=NEW_PASSAGE):
    start = article.body.index(phrase)
    return {
        "start": start,
        "end": start + len(phrase),
        "exact": phrase,
        "prefix": article.body[max(0, start - 32) : start],
        "suffix": article.body[start + len(phrase) : start + len(phrase) + 32],
    }


def url(annotation):
    return f"/annotations/{annotation.pk}/reattach/"


@pytest.fixture
def article(db):
    article = factories.make_article(body=BODY)
    # The first revision, as the site's article writes store it (the factory does not).
    article_revision_record(article=article)
    return article


@pytest.fixture
def author(db):
    return factories.make_user("reattach_author")


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_author_reattaches_and_keeps_comment_replies_and_speaker(article, author):
    annotation = detach(article, author)
    reader = factories.make_user()
    reply_create(annotation=annotation, author=reader, body="رد يبقى")
    speaker = factories.make_speaker("سلمى حداد")
    quote_attribute(annotation=annotation, editor=factories.make_editor(), speaker=speaker)
    made_on = annotation.text_version

    response = client_for(author).post(url(annotation), post_data(article))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#{annotation.anchor_id}")
    annotation.refresh_from_db()
    start = article.body.index(NEW_PASSAGE)
    assert (annotation.start, annotation.end) == (start, start + len(NEW_PASSAGE))
    assert annotation.exact == NEW_PASSAGE
    assert annotation.anchoring == Annotation.Anchoring.REANCHORED
    assert annotation.anchor_method == Annotation.AnchorMethod.MANUAL
    assert annotation.anchored_version == article.text_version
    # Still names the revision it was made on; what was said about it stays.
    assert annotation.text_version == made_on
    assert annotation.comment == "تعليق يبقى"
    assert list(Reply.objects.filter(annotation=annotation).values_list("body", flat=True)) == [
        "رد يبقى"
    ]
    assert QuoteAttribution.objects.get(annotation=annotation).speaker == speaker
    page = client_for(author).get(article.get_absolute_url()).content.decode()
    assert f'id="{annotation.anchor_id}"' in page
    assert "ملاحظات انفصلت عن النص" not in page


def test_selection_is_snapped_to_whole_words(article, author):
    annotation = detach(article, author)
    data = post_data(article, "عمال تبدأ الشه")  # a selection that splits two words
    client_for(author).post(url(annotation), data)
    annotation.refresh_from_db()
    assert annotation.exact == "الأعمال تبدأ الشهر"


def test_without_js_the_form_takes_the_passage_as_text(article, author):
    annotation = detach(article, author)
    client = client_for(author)
    page = client.get(url(annotation))
    assert page.status_code == 200
    assert OLD_QUOTE in page.content.decode()
    response = client.post(url(annotation), {"exact": NEW_PASSAGE})
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.exact == NEW_PASSAGE


def test_text_not_in_the_article_is_an_arabic_error_next_to_the_field(article, author):
    annotation = detach(article, author)
    response = client_for(author).post(url(annotation), {"exact": "عبارة ليست في المقال"})
    assert response.status_code == 400
    # The anchoring error sits in the exact field's error list, in Arabic.
    assert "errorlist" in response.content.decode()
    assert "عبارة ليست في المقال" in response.content.decode()
    annotation.refresh_from_db()
    assert annotation.is_detached and annotation.exact == OLD_QUOTE


def test_htmx_reattach_redraws_the_page_parts(article, author):
    annotation = detach(article, author)
    response = client_for(author).post(url(annotation), post_data(article), headers=HX)
    assert response.status_code == 200
    assert f'id="{annotation.anchor_id}"' in response.content.decode()


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_editor_may_reattach_quotes_and_claims(article, author, kind):
    annotation = detach(article, author, kind=kind)
    response = client_for(factories.make_editor()).post(url(annotation), post_data(article))
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.exact == NEW_PASSAGE


@pytest.mark.parametrize("kind", ["comment", "highlight"])
def test_editor_may_not_reattach_other_kinds(article, author, kind):
    annotation = detach(article, author, kind=kind)
    response = client_for(factories.make_editor()).post(url(annotation), post_data(article))
    assert response.status_code == 403
    annotation.refresh_from_db()
    assert annotation.is_detached


def test_other_reader_may_not_reattach_and_sees_no_link(article, author):
    annotation = detach(article, author)
    other = client_for(factories.make_user())
    assert other.post(url(annotation), post_data(article)).status_code == 403
    assert other.get(url(annotation)).status_code == 403
    page = other.get(article.get_absolute_url()).content.decode()
    assert "ملاحظات انفصلت عن النص" in page
    assert url(annotation) not in page
    annotation.refresh_from_db()
    assert annotation.is_detached


def test_anonymous_is_sent_to_sign_in(article, author):
    annotation = detach(article, author)
    response = Client().post(url(annotation), post_data(article))
    assert response.status_code == 302
    assert "login" in response["Location"]
    annotation.refresh_from_db()
    assert annotation.is_detached


def test_private_annotation_is_404_to_others(article, author):
    annotation = annotate(
        article, author, OLD_QUOTE, kind="comment", visibility="private", comment="خاص"
    )
    article_text_update(article=article, paragraphs=EDITED, editor=factories.make_editor())
    response = client_for(factories.make_editor()).post(url(annotation), post_data(article))
    assert response.status_code == 404


def test_an_attached_annotation_is_not_moved(article, author):
    annotation = annotate(article, author, "الحدائق العامة", kind="quote")
    response = client_for(author).post(url(annotation), post_data(article, "خطة لتوسيع"))
    assert response.status_code == 400
    annotation.refresh_from_db()
    assert annotation.exact == "الحدائق العامة"


def test_panel_lists_detached_with_count_quote_and_revision_link(article, author):
    annotation = detach(article, author)
    page = client_for(author).get(article.get_absolute_url()).content.decode()
    assert "ملاحظات انفصلت عن النص" in page
    assert "(ملاحظة واحدة)" in page
    assert OLD_QUOTE in page
    revision = reverse(
        "annotations:revision",
        kwargs={"pk": article.pk, "slug": article.slug, "number": annotation.text_version},
    )
    assert revision in page
    assert url(annotation) in page
    assert client_for(author).get(revision).status_code == 200


def test_mine_lists_detached_annotations(article, author):
    detached = detach(article, author, comment="تعليق أول على الخطة")
    attached = annotate(article, author, "الحدائق العامة", kind="comment", comment="تعليق ثان")
    client = client_for(author)
    everything = client.get("/annotations/mine/").content.decode()
    assert detached.comment in everything and attached.comment in everything
    only = client.get("/annotations/mine/", {"anchoring": "detached"}).content.decode()
    assert detached.comment in only and attached.comment not in only
    assert url(detached) in only
