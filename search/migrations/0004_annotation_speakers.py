"""Speaker names (newsroom quote attributions) become searchable with annotations.

The FTS5 table gains a third column, so it is recreated and rebuilt from
search_annotationsearchdocument; on PostgreSQL the generated column is redefined.
Existing attributions are filled in here; later ones by search/signals.py.
"""

from django.db import migrations, models

SQLITE_DROP_OLD = [
    "DROP TRIGGER IF EXISTS search_annotation_fts_update",
    "DROP TRIGGER IF EXISTS search_annotation_fts_delete",
    "DROP TRIGGER IF EXISTS search_annotation_fts_insert",
    "DROP TABLE IF EXISTS search_annotation_fts",
]
COLUMNS = "comment_terms, quote_terms, speaker_terms"
NEW = "new.annotation_id, new.comment_terms, new.quote_terms, new.speaker_terms"
OLD = "old.annotation_id, old.comment_terms, old.quote_terms, old.speaker_terms"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE search_annotation_fts USING fts5(
        {COLUMNS},
        content='search_annotationsearchdocument', content_rowid='annotation_id',
        tokenize='ascii'
    )""",
    "INSERT INTO search_annotation_fts(search_annotation_fts, rank) "
    "VALUES ('rank', 'bm25(1.0, 1.0, 1.0)')",
    f"""CREATE TRIGGER search_annotation_fts_insert AFTER INSERT ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    f"""CREATE TRIGGER search_annotation_fts_delete AFTER DELETE ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, {COLUMNS})
        VALUES ('delete', {OLD});
    END""",
    f"""CREATE TRIGGER search_annotation_fts_update AFTER UPDATE ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, {COLUMNS})
        VALUES ('delete', {OLD});
        INSERT INTO search_annotation_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    "INSERT INTO search_annotation_fts(search_annotation_fts) VALUES ('rebuild')",
]
SQLITE_CREATE_OLD = [  # migration 0003's table, for unapplying
    """CREATE VIRTUAL TABLE search_annotation_fts USING fts5(
        comment_terms, quote_terms,
        content='search_annotationsearchdocument', content_rowid='annotation_id',
        tokenize='ascii'
    )""",
    "INSERT INTO search_annotation_fts(search_annotation_fts, rank) VALUES ('rank', 'bm25(1.0, 1.0)')",
    """CREATE TRIGGER search_annotation_fts_insert AFTER INSERT ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(rowid, comment_terms, quote_terms)
        VALUES (new.annotation_id, new.comment_terms, new.quote_terms);
    END""",
    """CREATE TRIGGER search_annotation_fts_delete AFTER DELETE ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, comment_terms, quote_terms)
        VALUES ('delete', old.annotation_id, old.comment_terms, old.quote_terms);
    END""",
    """CREATE TRIGGER search_annotation_fts_update AFTER UPDATE ON search_annotationsearchdocument
    BEGIN
        INSERT INTO search_annotation_fts(search_annotation_fts, rowid, comment_terms, quote_terms)
        VALUES ('delete', old.annotation_id, old.comment_terms, old.quote_terms);
        INSERT INTO search_annotation_fts(rowid, comment_terms, quote_terms)
        VALUES (new.annotation_id, new.comment_terms, new.quote_terms);
    END""",
    "INSERT INTO search_annotation_fts(search_annotation_fts) VALUES ('rebuild')",
]
POSTGRES_DROP_OLD = [
    "DROP INDEX IF EXISTS search_annotation_vector",
    "ALTER TABLE search_annotationsearchdocument DROP COLUMN IF EXISTS vector",
]
POSTGRES_CREATE = [
    """ALTER TABLE search_annotationsearchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, comment_terms), 'A')
            || setweight(to_tsvector('simple'::regconfig, quote_terms), 'B')
            || setweight(to_tsvector('simple'::regconfig, speaker_terms), 'C')
        ) STORED""",
    "CREATE INDEX search_annotation_vector ON search_annotationsearchdocument USING gin (vector)",
]
POSTGRES_CREATE_OLD = [
    """ALTER TABLE search_annotationsearchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, comment_terms), 'A')
            || setweight(to_tsvector('simple'::regconfig, quote_terms), 'B')
        ) STORED""",
    "CREATE INDEX search_annotation_vector ON search_annotationsearchdocument USING gin (vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill_speakers(apps, schema_editor):
    from core.arabic import analyse

    QuoteAttribution = apps.get_model("newsroom", "QuoteAttribution")
    AnnotationSearchDocument = apps.get_model("search", "AnnotationSearchDocument")
    for annotation_id, name in QuoteAttribution.objects.values_list(
        "annotation_id", "speaker__name"
    ).iterator():
        AnnotationSearchDocument.objects.filter(annotation_id=annotation_id).update(
            speaker_terms=" ".join(analyse(name))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("search", "0003_annotation_index"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP_OLD, "postgresql": POSTGRES_DROP_OLD}),
            _run(
                {"sqlite": SQLITE_DROP_OLD + SQLITE_CREATE_OLD, "postgresql": POSTGRES_CREATE_OLD}
            ),
            elidable=False,
        ),
        migrations.AddField(
            model_name="annotationsearchdocument",
            name="speaker_terms",
            field=models.TextField(blank=True, default="", verbose_name="مصطلحات اسم المتحدث"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP_OLD, "postgresql": POSTGRES_DROP_OLD}),
            elidable=False,
        ),
        migrations.RunPython(fill_speakers, migrations.RunPython.noop, elidable=True),
    ]
