"""Claims made before the newsroom app was installed get their review row too
(new ones get it from newsroom.signals)."""

from django.db import migrations


def create_reviews(apps, schema_editor):
    Annotation = apps.get_model("annotations", "Annotation")
    ClaimReview = apps.get_model("newsroom", "ClaimReview")
    missing = Annotation.objects.filter(kind="claim", review__isnull=True).values_list(
        "pk", "article_id", "created"
    )
    batch = []
    for pk, article_id, created in missing.iterator(chunk_size=2000):
        batch.append(ClaimReview(annotation_id=pk, article_id=article_id, claimed_at=created))
        if len(batch) >= 2000:
            ClaimReview.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ClaimReview.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(create_reviews, migrations.RunPython.noop)]
