"""Search over annotations: their comments and quoted text, indexed like articles."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_annotation_fts USING fts5(
        comment_terms, quote_terms,
        content='search_annotationsearchdocument', content_rowid='annotation_id',
        tokenize='ascii'
    )""",
    "INSERT INTO search_annotation_fts(search_annotation_fts, rank) VALUES ('rank', 'bm25(1.0, 1.0)')",
    """CREATE TRIGGER search_annotation_fts_insert AFTER INSERT ON search_annotationsearchdocument BEGIN
        INSERT INTO search_annotation_fts(rowid, comment_terms, quote_terms)
        VALUES (new.annotation_id, new.comment_terms, new.quote_terms);
    END""",
    """CREATE TRIGGER search_annotation_fts_delete AFTER DELETE ON search_annotationsearchdocument BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, comment_terms, quote_terms)
        VALUES ('delete', old.annotation_id, old.comment_terms, old.quote_terms);
    END""",
    """CREATE TRIGGER search_annotation_fts_update AFTER UPDATE ON search_annotationsearchdocument BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, comment_terms, quote_terms)
        VALUES ('delete', old.annotation_id, old.comment_terms, old.quote_terms);
        INSERT INTO search_annotation_fts(rowid, comment_terms, quote_terms)
        VALUES (new.annotation_id, new.comment_terms, new.quote_terms);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_annotation_fts_update",
    "DROP TRIGGER IF EXISTS search_annotation_fts_delete",
    "DROP TRIGGER IF EXISTS search_annotation_fts_insert",
    "DROP TABLE IF EXISTS search_annotation_fts",
]
POSTGRES_CREATE = [
    """ALTER TABLE search_annotationsearchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, comment_terms), 'A')
            || setweight(to_tsvector('simple'::regconfig, quote_terms), 'B')
        ) STORED""",
    "CREATE INDEX search_annotation_vector ON search_annotationsearchdocument USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_annotation_vector",
    "ALTER TABLE search_annotationsearchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def index_existing_annotations(apps, schema_editor):
    from core.arabic import analyse

    Annotation = apps.get_model("annotations", "Annotation")
    AnnotationSearchDocument = apps.get_model("search", "AnnotationSearchDocument")
    AnnotationSearchDocument.objects.bulk_create(
        AnnotationSearchDocument(
            annotation_id=annotation.pk,
            comment_terms=" ".join(analyse(annotation.comment)),
            quote_terms=" ".join(analyse(annotation.exact)),
        )
        for annotation in Annotation.objects.only("pk", "comment", "exact").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("search", "0002_article_lookup_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnnotationSearchDocument",
            fields=[
                (
                    "annotation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="annotations.annotation",
                        verbose_name="التعليق التوضيحي",
                    ),
                ),
                ("comment_terms", models.TextField(blank=True, verbose_name="مصطلحات التعليق")),
                ("quote_terms", models.TextField(blank=True, verbose_name="مصطلحات النص المقتبس")),
            ],
            options={
                "verbose_name": "وثيقة بحث لتعليق توضيحي",
                "verbose_name_plural": "وثائق البحث للتعليقات التوضيحية",
            },
        ),
        migrations.CreateModel(
            name="SqliteAnnotationFtsEntry",
            fields=[
                (
                    "annotation",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="sqlite_fts",
                        serialize=False,
                        to="annotations.annotation",
                    ),
                ),
                ("match", models.TextField(db_column="search_annotation_fts")),
                ("rank", models.FloatField(db_column="rank")),
            ],
            options={"db_table": "search_annotation_fts", "managed": False},
        ),
        migrations.CreateModel(
            name="PostgresAnnotationVector",
            fields=[
                (
                    "annotation",
                    models.OneToOneField(
                        db_column="annotation_id",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="postgres_vector",
                        serialize=False,
                        to="annotations.annotation",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "search_annotationsearchdocument", "managed": False},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        ),
        migrations.RunPython(index_existing_annotations, migrations.RunPython.noop, elidable=True),
    ]
