"""The claims queue reads one table: ClaimReview gets in_queue (public, not hidden
claim) and its article's section and publisher, and an index per filter."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    ClaimReview = apps.get_model("newsroom", "ClaimReview")
    Article = apps.get_model("articles", "Article")
    ClaimReview.objects.exclude(
        annotation__kind="claim", annotation__visibility="public", annotation__hidden_at=None
    ).update(in_queue=False)
    articles = Article.objects.filter(pk__in=ClaimReview.objects.values("article_id"))
    for article_id, section_id, publisher_id in articles.values_list(
        "pk", "section_id", "publisher_id"
    ):
        ClaimReview.objects.filter(article_id=article_id).update(
            section_id=section_id, publisher_id=publisher_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("articles", "0002_listing_indexes_with_id"),
        ("newsroom", "0002_reviews_for_existing_claims"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claimreview",
            name="claim_date",
        ),
        migrations.RemoveIndex(
            model_name="claimreview",
            name="claim_status_date",
        ),
        migrations.RemoveIndex(
            model_name="claimreview",
            name="claim_verdict_date",
        ),
        migrations.RemoveIndex(
            model_name="claimreview",
            name="claim_assignee_date",
        ),
        migrations.RemoveIndex(
            model_name="claimreview",
            name="claim_article_date",
        ),
        migrations.AddField(
            model_name="claimreview",
            name="in_queue",
            field=models.BooleanField(
                default=True, editable=False, verbose_name="في طابور المراجعة"
            ),
        ),
        migrations.AddField(
            model_name="claimreview",
            name="publisher",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.publisher",
                verbose_name="الناشر",
            ),
        ),
        migrations.AddField(
            model_name="claimreview",
            name="section",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.section",
                verbose_name="القسم",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
