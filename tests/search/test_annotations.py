"""Searching annotations: public comments and quoted text, on both databases."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Annotation
from articles.models import Article
from search.backends import search_annotations
from search.models import AnnotationSearchDocument
from search.query import parse
from tests import factories


def annotate(article, author, phrase, **extra) -> Annotation:
    return factories.annotate(article, author, phrase, **{"kind": "comment", **extra})


pytestmark = pytest.mark.django_db
URL = reverse("search:search")
BODY = "قالَ وزيرُ الاقتصادِ إن حلف الناتو سيجتمع غدًا.\n\nوأضاف أن الأسعار ستنخفض قريبًا."


@pytest.fixture
def article(db):
    return factories.make_article(title="خبر عن الاجتماع", body=BODY)


def found(raw: str) -> set[int]:
    public = Annotation.objects.public().filter(article__in=Article.objects.published())
    return set(search_annotations(parse(raw), public).ids)


def test_comments_and_quoted_text_are_found_with_arabic_variants(article, user):
    quote = annotate(article, user, "حلف الناتو سيجتمع", comment="موعد مهم")
    comment = annotate(
        article, user, "الأسعار ستنخفض", kind="claim", comment="ادعاء يحتاج إلى مصدر للأسعار"
    )
    assert found("والناتو") == {quote.pk}
    assert found("مصدر") == {comment.pk}
    assert found("الاسعار") == {comment.pk}
    assert found('"الأسعار ستنخفض" -مصدر') == set()


def test_private_hidden_and_unpublished_annotations_are_not_found(article, user):
    private = annotate(article, user, "حلف الناتو", visibility="private")
    hidden = annotate(article, user, "الأسعار ستنخفض", comment="الناتو")
    services.annotation_hide(annotation=hidden, reason="إساءة")
    draft = factories.make_article(body=BODY, status=Article.Status.DRAFT)
    on_draft = annotate(draft, user, "حلف الناتو")
    assert found("الناتو") == set()
    assert (
        AnnotationSearchDocument.objects.filter(pk__in=[private.pk, hidden.pk, on_draft.pk]).count()
        == 3
    )


def test_edits_and_deletes_follow(article, user):
    annotation = annotate(article, user, "حلف الناتو", comment="تعليق أول")
    services.annotation_update(
        annotation=annotation, kind="comment", comment="رأي ثان", tags=[], visibility="public"
    )
    assert found("أول") == set()
    assert found("رأي") == {annotation.pk}
    services.annotation_delete(annotation=annotation)
    assert found("رأي") == set()
    assert not AnnotationSearchDocument.objects.exists()


def test_annotations_tab(client, article, user):
    annotation = annotate(article, user, "حلف الناتو سيجتمع", comment="موعد الناتو")
    response = client.get(URL, {"q": "الناتو", "tab": "annotations"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [hit.annotation for hit in response.context["hits"]] == [annotation]
    assert "موعد <mark>الناتو</mark>" in html
    # The seeded synonym set names حلف الناتو too: the whole name is marked.
    assert "<mark>حلف الناتو</mark> سيجتمع" in html
    assert annotation.get_absolute_url() in html
    assert article.title in html
    assert 'aria-current="page">التعليقات التوضيحية' in html


def test_annotations_tab_takes_the_article_filters(client, article, user):
    annotate(article, user, "حلف الناتو")
    response = client.get(URL, {"q": "الناتو", "tab": "annotations", "section": "لا-يوجد"})
    assert response.context["hits"] == []
    other = factories.make_section("قسم آخر")
    response = client.get(URL, {"q": "الناتو", "tab": "annotations", "section": other.slug})
    assert response.context["hits"] == []
    params = {"q": "الناتو", "tab": "annotations", "section": article.section.slug}
    response = client.get(URL, params)
    assert len(response.context["hits"]) == 1


# From three hits up: fewer add the "did you mean" look-up (one query, then cached).
@pytest.mark.parametrize("n", [3, 25])
def test_annotations_tab_query_count_is_constant(
    client, django_assert_num_queries, article, user, n
):
    for i in range(n):
        annotate(article, user, "حلف الناتو", comment=f"تعليق رقم {i}")
    # +2: the synonym list and the speakers named by the query (search.synonyms).
    with django_assert_num_queries(7):
        response = client.get(URL, {"q": "الناتو", "tab": "annotations"})
    assert len(response.context["hits"]) == min(n, 20)


def test_quotes_are_found_by_their_speakers_name(article, user):
    from newsroom import services as newsroom

    editor = factories.make_editor()
    quote = annotate(article, user, "الأسعار ستنخفض", kind="quote")
    other = annotate(article, user, "حلف الناتو", kind="quote", comment="عن أحمد")
    assert found("أحمد") == {other.pk}
    speaker = newsroom.speaker_create(editor=editor, name="أحمد المصري")
    newsroom.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    assert found("احمد") == {quote.pk, other.pk}
    assert found('"أحمد المصري"') == {quote.pk}

    speaker.name = "سامي الحداد"
    speaker.save()
    assert found("الحداد") == {quote.pk}
    assert found("المصري") == set()

    # Re-saving the annotation keeps its speaker terms.
    quote.comment = "تصريح مهم"
    quote.save()
    assert found("الحداد تصريح") == {quote.pk}

    newsroom.quote_unattribute(annotation=quote, editor=editor)
    assert found("الحداد") == set()


def test_merged_speakers_quotes_are_found_by_both_names(article, user):
    from newsroom import services as newsroom

    editor = factories.make_editor()
    kept = newsroom.speaker_create(editor=editor, name="أحمد المصري")
    merged = newsroom.speaker_create(editor=editor, name="سامي الحداد")
    quote = annotate(article, user, "الأسعار ستنخفض", kind="quote")
    newsroom.quote_attribute(annotation=quote, editor=editor, speaker=merged)
    assert found("المصري") == set()

    newsroom.speakers_merge(keep=kept, others=[merged], editor=editor)
    assert found("المصري") == {quote.pk}
    assert found("الحداد") == {quote.pk}


def test_deleting_an_attributed_quote_or_its_speaker(article, user):
    from newsroom import services as newsroom

    editor = factories.make_editor()
    speaker = newsroom.speaker_create(editor=editor, name="ليلى منصور")
    quotes = [annotate(article, user, phrase, kind="quote") for phrase in ("حلف الناتو", "الأسعار")]
    for quote in quotes:
        newsroom.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    services.annotation_delete(annotation=quotes[0])
    assert found("منصور") == {quotes[1].pk}
    speaker.delete()
    assert found("منصور") == set()
    assert AnnotationSearchDocument.objects.count() == 1


def test_rebuild_includes_speakers(article, user):
    from django.core.management import call_command

    from newsroom import services as newsroom

    editor = factories.make_editor()
    quote = annotate(article, user, "حلف الناتو", kind="quote")
    speaker = newsroom.speaker_create(editor=editor, name="رنا خليل")
    newsroom.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    AnnotationSearchDocument.objects.all().delete()
    call_command("rebuild_search_index", stdout=None)
    assert found("خليل") == {quote.pk}


def test_speaker_search_meets_hamza_seats_written_bare(article, user):
    from newsroom import services as newsroom

    editor = factories.make_editor()
    quote = annotate(article, user, "الأسعار ستنخفض", kind="quote")
    speaker = newsroom.speaker_create(editor=editor, name="فؤاد المسؤول")
    newsroom.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    assert found("فواد") == {quote.pk}
    assert found("فؤاد") == {quote.pk}


def test_words_side_by_side_in_the_quote_rank_first(user):
    # The pair test reads the comment and the quoted text (SQLite: an FTS5 phrase query
    # over those two columns; PostgreSQL: weights A and B), never across the two.
    article = factories.make_article(
        title="خبر", body="قال إن الناتو سيجتمع مع حلف جديد.\n\nثم أعلن حلف الناتو موعدا."
    )
    together = annotate(article, user, "حلف الناتو", comment="رأي")
    apart = annotate(article, user, "الناتو سيجتمع مع حلف", comment="رأي آخر")
    across = annotate(article, user, "الناتو موعدا", comment="عن حلف")
    public = Annotation.objects.public()
    # Equal otherwise, the newest would lead; the comment holding a word leads first.
    assert search_annotations(parse("حلف الناتو"), public).ids == [
        across.pk,
        together.pk,
        apart.pk,
    ]
    assert search_annotations(parse("الناتو حلف"), public).ids == [across.pk, apart.pk, together.pk]
