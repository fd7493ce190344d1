"""Seed a few synonym sets, add the SQLite vocabulary table "did you mean" reads, and
re-index every article: the analysis changed (lexicon-checked clitics, decimals as one
term, the caption indexed with the title). Same as `manage.py rebuild_search_index`."""

from django.db import migrations

SEED = [
    ("الناتو\nناتو\nحلف الناتو\nحلف شمال الأطلسي\nNATO", "حلف"),
    ("الأمم المتحدة\nالأمم المتحده\nالامم المتحدة\nUN", "منظمة"),
    ("منظمة الصحة العالمية\nالصحة العالمية\nWHO", "منظمة"),
    ("الاتحاد الأوروبي\nالإتحاد الأوروبي\nEU", "منظمة"),
    ("جامعة الدول العربية\nالجامعة العربية", "منظمة"),
    ("صندوق النقد الدولي\nصندوق النقد\nIMF", "منظمة"),
    ("الولايات المتحدة\nالولايات المتحدة الأمريكية\nأمريكا\nأميركا", "بلد"),
    ("المملكة المتحدة\nبريطانيا", "بلد"),
    ("الإمارات\nالإمارات العربية المتحدة", "بلد"),
]

# fts5vocab over the article index: (term, doc) for every indexed term, read by
# search.suggest on SQLite; PostgreSQL has ts_stat.
SQLITE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'row')"
)


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for expressions, note in SEED:
        Synonym.objects.get_or_create(expressions=expressions, defaults={"note": note})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(expressions__in=[expressions for expressions, _ in SEED]).delete()


def vocab(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_VOCAB)


def drop_vocab(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_vocab")


def reindex(apps, schema_editor):
    from search.index import document_terms

    Article = apps.get_model("articles", "Article")
    SearchDocument = apps.get_model("search", "SearchDocument")
    articles = Article.objects.only("pk", "title", "caption", "body").order_by("pk")
    batch = []
    for article in articles.iterator(chunk_size=2000):
        batch.append(
            SearchDocument(
                article_id=article.pk,
                **document_terms(title=article.title, body=article.body, caption=article.caption),
            )
        )
        if len(batch) >= 2000:
            _flush(SearchDocument, batch)
            batch = []
    _flush(SearchDocument, batch)


def _flush(SearchDocument, batch):
    SearchDocument.objects.filter(pk__in=[doc.article_id for doc in batch]).delete()
    SearchDocument.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("search", "0005_synonyms"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(vocab, drop_vocab),
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
