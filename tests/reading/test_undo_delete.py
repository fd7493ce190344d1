"""Deleting an annotation and taking it back («تراجع»): everything it took with it comes
back with its ids; while deleted it shows nowhere; only its author, only for a while."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from annotations import services as annotation_services
from annotations.models import Annotation, AnnotationTombstone, DeletedAnnotation, Reply
from newsroom import services as newsroom
from newsroom.models import ClaimReview, EvidenceSource, Flag, ModerationLog, QuoteAttribution
from search.models import AnnotationSearchDocument
from tests import factories

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def world():
    article = factories.make_article()
    author = factories.make_user("katib")
    reader = factories.make_user("qari")
    editor = factories.make_editor("muharrir")
    phrase = article.paragraphs[0].split()[0]
    claim = factories.annotate(article, author, phrase, kind="claim", comment="رقم مشكوك فيه")
    newsroom.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=1, rationale="الأرقام الرسمية"
    )
    newsroom.evidence_add(
        annotation=claim, editor=editor, title="التقرير", url="https://a.example/r"
    )
    speaker = factories.make_speaker("سلمى يوسف")
    newsroom.quote_attribute(annotation=claim, editor=editor, speaker=speaker)
    reply = Reply.objects.create(annotation=claim, author=reader, body="مصدرك؟")
    newsroom.flag_create(annotation=claim, user=reader, category="misleading")
    return {"article": article, "author": author, "reader": reader, "editor": editor,
            "claim": claim, "reply": reply, "speaker": speaker}  # fmt: skip


def _snapshot(annotation_id: int) -> dict:
    review = ClaimReview.objects.get(annotation_id=annotation_id)
    return {
        "annotation": Annotation.objects.filter(pk=annotation_id).values().get(),
        "review": ClaimReview.objects.filter(pk=review.pk).values().get(),
        "evidence": list(EvidenceSource.objects.filter(review=review).values()),
        "speaker": QuoteAttribution.objects.filter(annotation_id=annotation_id).values().get(),
        "replies": list(Reply.objects.filter(annotation_id=annotation_id).values()),
        "flags": list(Flag.objects.filter(annotation_id=annotation_id).values()),
        "document": AnnotationSearchDocument.objects.filter(annotation_id=annotation_id)
        .values()
        .get(),
        "log": list(ModerationLog.objects.filter(annotation_id=annotation_id).values("pk")),
    }


def test_restore_brings_back_every_row_as_it_was(world):
    pk = world["claim"].pk
    before = _snapshot(pk)
    newsroom.annotation_delete(annotation=world["claim"], undoable=True)
    assert not Annotation.objects.filter(pk=pk).exists()
    assert not Reply.objects.exists() and not Flag.objects.exists()
    assert not ClaimReview.objects.exists() and not AnnotationSearchDocument.objects.exists()
    # The moderation log outlives the annotation (set to null), and points at it again.
    assert ModerationLog.objects.filter(annotation_ref=pk, annotation=None).exists()
    restored = newsroom.annotation_restore(annotation_id=pk, by=world["author"])
    assert restored.pk == pk
    assert _snapshot(pk) == before
    assert not DeletedAnnotation.objects.exists()


def test_deleted_annotation_shows_nowhere_until_restored(client, world):
    claim, article, author = world["claim"], world["article"], world["author"]
    client.force_login(author)

    def everywhere() -> dict[str, bool]:
        page = client.get(article.get_absolute_url()).content.decode()
        search = client.get(reverse("search:search"), {"q": "مشكوك", "tab": "annotations"})
        api = client.get(reverse("api:annotation", args=[article.pk, claim.pk]))
        export = client.get(reverse("annotations:mine_export", args=["md"]))
        client.force_login(world["editor"])
        queue = client.get(reverse("newsroom:claim_queue")).content.decode()
        speaker = client.get(world["speaker"].get_absolute_url()).content.decode()
        client.force_login(author)
        return {
            "page": f'id="card-{claim.pk}"' in page,
            "search": f"/annotations/{claim.pk}/" in search.content.decode(),
            "api": api.status_code == 200,
            "export": "مشكوك" in export.content.decode(),
            "queue": "مشكوك" in queue or f"/editor/claims/{claim.pk}/" in queue,
            "speaker": claim.exact in speaker.split("<main", 1)[1],
            "counted": Annotation.objects.visible_to(author).filter(pk=claim.pk).exists(),
        }

    shown = everywhere()
    assert all(shown.values()), shown
    response = client.post(reverse("annotations:delete", args=[claim.pk]), headers=HX)
    assert response.status_code == 200
    hidden = everywhere()
    assert not any(hidden.values()), hidden
    iri = reverse("api:annotation", args=[article.pk, claim.pk])
    assert client.get(iri).status_code == 410  # its tombstone
    assert (
        client.post(reverse("annotations:restore", args=[claim.pk]), headers=HX).status_code == 200
    )
    assert everywhere() == shown
    # Restored, it is no longer Gone.
    assert not AnnotationTombstone.objects.filter(annotation_id=claim.pk).exists()


def test_htmx_delete_names_the_restore_url_for_the_toast(client, world):
    claim = world["claim"]
    client.force_login(world["author"])
    response = client.post(reverse("annotations:delete", args=[claim.pk]), headers=HX)
    trigger = response.headers["HX-Trigger"]
    assert "annotation-deleted" in trigger and f"/annotations/{claim.pk}/restore/" in trigger
    restored = client.post(reverse("annotations:restore", args=[claim.pk]), headers=HX)
    assert "annotation-restored" in restored.headers["HX-Trigger-After-Settle"]
    assert f'id="card-{claim.pk}"' in restored.content.decode()


def test_without_js_delete_leads_to_a_page_with_the_undo_form(client, world):
    claim, article = world["claim"], world["article"]
    client.force_login(world["author"])
    response = client.post(reverse("annotations:delete", args=[claim.pk]))
    restore_url = reverse("annotations:restore", args=[claim.pk])
    assert response.status_code == 302 and response["Location"] == restore_url
    page = client.get(restore_url).content.decode()
    assert "حُذفت الملاحظة" in page and f'action="{restore_url}"' in page
    assert "تراجع عن الحذف" in page and article.get_absolute_url() in page
    back = client.post(restore_url)
    assert back.status_code == 302 and back["Location"].endswith(f"#annotation-{claim.pk}")
    assert Annotation.objects.filter(pk=claim.pk).exists()
    # Once restored there is nothing left to undo.
    assert client.get(restore_url).status_code == 404
    assert client.post(restore_url).status_code == 404


def test_only_the_author_within_the_window_may_restore(client, world):
    claim = world["claim"]
    pk = claim.pk
    newsroom.annotation_delete(annotation=claim, undoable=True)
    url = reverse("annotations:restore", args=[pk])
    assert client.post(url).status_code == 302  # to the login page
    for other in (world["reader"], world["editor"]):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        with pytest.raises(PermissionDenied):
            newsroom.annotation_restore(annotation_id=pk, by=other)
    DeletedAnnotation.objects.update(
        deleted_at=timezone.now() - annotation_services.UNDO_WINDOW - timedelta(seconds=1)
    )
    client.force_login(world["author"])
    response = client.post(url)
    assert response.status_code == 410 and "انقضت مهلة التراجع" in response.content.decode()
    assert 'type="submit"' not in response.content.decode().split("<main", 1)[1]
    assert not Annotation.objects.filter(pk=pk).exists()


def test_expired_copies_are_dropped_on_the_next_delete(world):
    newsroom.annotation_delete(annotation=world["claim"], undoable=True)
    DeletedAnnotation.objects.update(deleted_at=timezone.now() - timedelta(hours=1))
    article = world["article"]
    other = factories.annotate(article, world["author"], article.paragraphs[1].split()[0])
    other_pk = other.pk
    newsroom.annotation_delete(annotation=other, undoable=True)
    assert list(DeletedAnnotation.objects.values_list("annotation_id", flat=True)) == [other_pk]


def test_restore_refused_when_the_article_is_gone(client, world):
    pk, article = world["claim"].pk, world["article"]
    newsroom.annotation_delete(annotation=world["claim"], undoable=True)
    article.delete()
    with pytest.raises(PermissionDenied):
        newsroom.annotation_restore(annotation_id=pk, by=world["author"])
    client.force_login(world["author"])
    assert client.post(reverse("annotations:restore", args=[pk])).status_code == 404


def test_restore_brings_back_the_tag_index(world):
    from annotations.models import AnnotationTag

    note = factories.annotate(
        world["article"], world["author"], world["article"].paragraphs[0].split()[1],
        kind="comment", comment="وسم", tags=["اقتصاد", "أسعار"],
    )  # fmt: skip
    pk = note.pk
    before = sorted(AnnotationTag.objects.filter(annotation_id=pk).values_list("pk", "tag"))
    assert len(before) == 2
    newsroom.annotation_delete(annotation=note, undoable=True)
    assert not AnnotationTag.objects.filter(annotation_id=pk).exists()
    newsroom.annotation_restore(annotation_id=pk, by=world["author"])
    assert sorted(AnnotationTag.objects.filter(annotation_id=pk).values_list("pk", "tag")) == before
