"""The edit preview: what an article edit would do to its annotations, unsaved."""

from annotations.models import Annotation
from annotations.preview import edit_preview


def test_preview_sorts_annotations_into_stay_move_detach_and_writes_nothing(
    article, user, make_annotation, django_assert_num_queries
):
    stays = make_annotation(article, user, "ثلاثة بالمئة")
    moves = make_annotation(article, user, "الأسعار ستنخفض قريبًا")
    lost = make_annotation(article, user, "بيان مشترك")
    body = "عاجل: " + article.body.replace("ستنخفض قريبًا", "ستنخفض كثيرًا قريبًا").replace(
        "بـــبيان مشترك", "تصريح موحد"
    )
    with django_assert_num_queries(1):
        preview = edit_preview(article=article, body=body)
    assert [o.annotation for o in preview.stay] == [stays]
    assert [(o.annotation, o.old_text, o.new_text) for o in preview.move] == [
        (moves, "الأسعار ستنخفض قريبًا", "الأسعار ستنخفض كثيرًا قريبًا")
    ]
    assert [(o.annotation, o.new_text) for o in preview.detach] == [(lost, "")]
    assert not preview.harmless
    # Nothing saved: the article and the annotations are as they were.
    article.refresh_from_db()
    assert "كثيرًا" not in article.body
    assert Annotation.objects.get(pk=moves.pk).anchoring == Annotation.Anchoring.ANCHORED


def test_preview_of_an_edit_elsewhere_is_harmless(article, user, make_annotation):
    make_annotation(article, user, "ثلاثة بالمئة")
    preview = edit_preview(article=article, body=article.body + "\n\nفقرة أخيرة جديدة.")
    assert preview.harmless and len(preview.stay) == 1


def test_preview_leaves_out_annotations_already_detached(article, user, make_annotation):
    gone = make_annotation(article, user, "بيان مشترك")
    Annotation.objects.filter(pk=gone.pk).update(anchoring=Annotation.Anchoring.DETACHED)
    preview = edit_preview(article=article, body="نص جديد كليًا لا يشبه القديم.")
    assert (preview.stay, preview.move, preview.detach) == ([], [], [])
