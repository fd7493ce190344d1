"""ClaimReview.section and .publisher become required, and every queue filter gets its
index. Separate from 0003: PostgreSQL refuses ALTER TABLE in the transaction that
just updated the rows (pending deferred foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_claim_queue_columns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claimreview",
            name="publisher",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.publisher",
                verbose_name="الناشر",
            ),
        ),
        migrations.AlterField(
            model_name="claimreview",
            name="section",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.section",
                verbose_name="القسم",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "-claimed_at", "-annotation", "status"], name="claim_queue_date"
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "status", "-claimed_at", "-annotation"],
                name="claim_queue_status",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "verdict", "-claimed_at", "-annotation", "status"],
                name="claim_queue_verdict",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "assignee", "-claimed_at", "-annotation", "status"],
                name="claim_queue_assignee",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "section", "-claimed_at", "-annotation", "status"],
                name="claim_queue_section",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "publisher", "-claimed_at", "-annotation", "status"],
                name="claim_queue_publisher",
            ),
        ),
        migrations.AddIndex(
            model_name="claimreview",
            index=models.Index(
                fields=["in_queue", "article", "-claimed_at", "-annotation", "status"],
                name="claim_queue_article",
            ),
        ),
    ]
