import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from annotations import services
from annotations.anchoring import AnchorError
from annotations.models import Annotation, Reply
from editorial import services as editorial_services

pytestmark = pytest.mark.django_db


def test_create_snaps_to_words_and_records_the_text_version(article, user):
    article.title = "عنوان معدّل"
    article.save()
    assert article.text_version == 2
    start = article.body.index("الاقتصادِ") + 3
    annotation, created = services.annotation_create(
        article=article, author=user, kind="quote", start=start, end=start + 3,
        exact=article.body[start : start + 3],
    )  # fmt: skip
    assert created
    assert annotation.exact == "الاقتصادِ"
    assert annotation.text_version == annotation.anchored_version == 2
    assert annotation.prefix == article.body[max(0, annotation.start - 32) : annotation.start]
    assert annotation.anchoring == Annotation.Anchoring.ANCHORED


def test_create_refuses_a_forged_selector_and_saves_nothing(article, user):
    with pytest.raises(AnchorError):
        services.annotation_create(
            article=article, author=user, kind="claim", start=0, end=5, exact="غير موجود",
        )  # fmt: skip
    assert not Annotation.objects.exists()


def test_same_client_key_returns_the_first_annotation(article, user, make_annotation):
    key = uuid.uuid4()
    first = make_annotation(article, user, "ثلاثة", client_key=key)
    again = make_annotation(article, user, "ثلاثة", client_key=key, comment="مختلف")
    assert again == first
    assert Annotation.objects.count() == 1


def test_identical_submission_without_key_is_not_duplicated(article, user, make_annotation):
    first = make_annotation(article, user, "ثلاثة", kind="claim", comment="تعليق")
    again = make_annotation(article, user, "ثلاثة", kind="claim", comment="تعليق")
    assert again == first
    # Outside the window, the same annotation may be made again on purpose.
    Annotation.objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(minutes=1))
    later = make_annotation(article, user, "ثلاثة", kind="claim", comment="تعليق")
    assert later != first


def test_update_keeps_the_passage(public_annotation):
    services.annotation_update(
        annotation=public_annotation, kind="quote", comment="جديد", tags=["أ"], visibility="private"
    )
    public_annotation.refresh_from_db()
    assert (public_annotation.kind, public_annotation.comment) == ("quote", "جديد")
    assert public_annotation.tags == ["أ"]
    assert public_annotation.exact == "ثلاثة بالمئة"


def test_reply_with_same_key_is_created_once(public_annotation, other_user):
    key = uuid.uuid4()
    first, created = services.reply_create(
        annotation=public_annotation, author=other_user, body="شكرًا", client_key=key
    )
    second, created_again = services.reply_create(
        annotation=public_annotation, author=other_user, body="شكرًا", client_key=key
    )
    assert created and not created_again and first == second
    assert Reply.objects.count() == 1


def test_editing_the_article_reanchors_moves_or_detaches_never_deletes(
    article, user, make_annotation
):
    kept = make_annotation(article, user, "ثلاثة بالمئة")
    moved = make_annotation(article, user, "الأسعار ستنخفض")
    lost = make_annotation(article, user, "بيان مشترك")
    article.body = "عاجل: " + article.body.replace("بيان مشترك", "تصريح موحد")
    editorial_services.article_save(article=article)
    for annotation in (kept, moved, lost):
        annotation.refresh_from_db()
    assert Annotation.objects.count() == 3
    assert kept.anchoring == moved.anchoring == Annotation.Anchoring.REANCHORED
    assert article.body[moved.start : moved.end] == "الأسعار ستنخفض"
    assert lost.anchoring == Annotation.Anchoring.DETACHED
    assert lost.exact == "بـــبيان مشترك"  # snapped to the whole word, tatweel and all
    assert lost.text_version == 1 and lost.anchored_version == 2


def test_edit_elsewhere_keeps_offsets_anchored(article, user, make_annotation):
    annotation = make_annotation(article, user, "ثلاثة بالمئة")
    article.body = article.body + "\n\nفقرة جديدة في النهاية."
    editorial_services.article_save(article=article)
    annotation.refresh_from_db()
    assert annotation.anchoring == Annotation.Anchoring.ANCHORED
    assert annotation.anchored_version == 2


def test_hide_and_unhide(public_annotation):
    services.annotation_hide(annotation=public_annotation, reason="إساءة")
    assert public_annotation.is_hidden and public_annotation.hidden_reason == "إساءة"
    services.annotation_unhide(annotation=public_annotation)
    public_annotation.refresh_from_db()
    assert not public_annotation.is_hidden


def _admin_edit(client, article, body: str, **extra):
    local = timezone.localtime(article.published_at)
    return client.post(
        f"/admin/articles/article/{article.pk}/change/",
        {
            "title": article.title, "slug": article.slug, "caption": article.caption, "body": body,
            "section": article.section_id, "publisher": article.publisher_id,
            "published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S"),
            "status": article.status, **extra,
        },
    )  # fmt: skip


def test_editing_the_body_in_the_admin_warns_first_then_keeps_every_annotation(
    client, staff_user, article, user, make_annotation
):
    moved = make_annotation(article, user, "الأسعار ستنخفض", kind="claim")
    lost = make_annotation(article, user, "بيان مشترك")
    body = "مقدمة جديدة.\r\n\r\n" + article.body.replace("بيان مشترك", "تصريح").replace(
        "\n", "\r\n"
    )
    client.force_login(staff_user)
    # First the preview: nothing saved yet, the detached one listed by its quote.
    preview = _admin_edit(client, article, body)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "في مواضعها: ملاحظة واحدة." in html and "تنفصل عن النص: ملاحظة واحدة." in html
    assert "بـــبيان مشترك" in html and 'name="_confirm_edit"' in html
    article.refresh_from_db()
    assert article.text_version == 1
    # Then confirmed, with a note for the revision.
    response = _admin_edit(client, article, body, _confirm_edit="1", _revision_note="حذف البيان")
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    moved.refresh_from_db()
    lost.refresh_from_db()
    assert article.text_version == 2
    assert article.body[moved.start : moved.end] == "الأسعار ستنخفض"
    assert moved.anchoring == Annotation.Anchoring.REANCHORED
    assert lost.anchoring == Annotation.Anchoring.DETACHED
    assert Annotation.objects.count() == 2
    revision = article.revisions.get(number=2)
    assert (revision.editor, revision.note) == (staff_user, "حذف البيان")


def test_admin_preview_lists_a_fuzzy_move_with_old_and_new_text(
    client, staff_user, article, user, make_annotation
):
    make_annotation(article, user, "الأسعار ستنخفض قريبًا")
    body = article.body.replace("ستنخفض قريبًا", "ستنخفض كثيرًا قريبًا")
    client.force_login(staff_user)
    html = _admin_edit(client, article, body).content.decode()
    assert "تنتقل إلى نص معدَّل: ملاحظة واحدة." in html
    assert "<del><bdi>الأسعار ستنخفض قريبًا</bdi></del>" in html
    assert "<ins><bdi>الأسعار ستنخفض كثيرًا قريبًا</bdi></ins>" in html


def test_admin_preview_go_back_shows_the_edit_unsaved(
    client, staff_user, article, user, make_annotation
):
    make_annotation(article, user, "بيان مشترك")
    body = article.body.replace("بيان مشترك", "تصريح")
    client.force_login(staff_user)
    response = _admin_edit(client, article, body, _back_to_edit="1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "لم يُحفظ التعديل" in html and "تصريح" in html  # the editor's text is kept
    article.refresh_from_db()
    assert article.text_version == 1 and "بيان مشترك" in article.body


def test_admin_edit_that_harms_no_annotation_saves_at_once(
    client, staff_user, article, user, make_annotation
):
    make_annotation(article, user, "ثلاثة بالمئة")
    client.force_login(staff_user)
    response = _admin_edit(client, article, article.body + "\n\nفقرة أخيرة.")
    assert response.status_code == 302
    assert response["Location"].endswith("/admin/articles/article/")
    article.refresh_from_db()
    assert article.text_version == 2


def test_reanchoring_records_its_method_and_score(article, user, make_annotation):
    # BODY's second paragraph: one quote kept word for word, one edited inside.
    same = make_annotation(article, user, "ثلاثة بالمئة")
    edited = make_annotation(article, user, "الأسعار ستنخفض قريبًا")
    assert (same.anchor_method, same.anchor_score) == ("", None)  # never re-anchored yet
    article.body = "عاجل: " + article.body.replace("ستنخفض قريبًا", "ستنخفض كثيرًا قريبًا")
    editorial_services.article_save(article=article)
    same.refresh_from_db()
    edited.refresh_from_db()
    assert same.anchor_method == Annotation.AnchorMethod.CONTEXT
    assert same.anchor_score > 0.99  # all but the small position term: it moved 6 characters
    assert edited.anchor_method == Annotation.AnchorMethod.FUZZY
    assert 0.75 <= edited.anchor_score < 1.0
    assert article.body[edited.start : edited.end] == "الأسعار ستنخفض كثيرًا قريبًا"
    assert edited.exact == "الأسعار ستنخفض قريبًا"  # the reader's quote is never rewritten
