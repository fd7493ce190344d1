"""PostgreSQL: no parallel workers for scans of articles_article and of the documents.

Search walks the articles newest first (article_pub or a filter's index) and probes
each one's vector until MAX_RANKED + 1 match. For a common phrase that is thousands
of probes, and the planner then splits the walk between parallel workers and merges
their output: measured on 100,000 articles on a 2-core machine, a quoted phrase took
37 ms that way against 17 ms walked by one process (notes: bench_search). A walk that
stops early gains nothing from workers that each walk their own share to the end of
their pages; on a small web host they take the cores other requests need. The
storage parameter is per table and leaves every other planner choice alone. (A phrase
of words that always stand together, such as a three-word name, is estimated far rarer
than it is, so PostgreSQL takes the GIN index and sorts every match; workers split that
too, and take the cores other requests need.)
"""

from django.db import migrations

MODELS = (("articles", "Article"), ("search", "SearchDocument"))


def _tables(apps, schema_editor):
    return [schema_editor.quote_name(apps.get_model(*key)._meta.db_table) for key in MODELS]


def serial(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in _tables(apps, schema_editor):
            schema_editor.execute(f"ALTER TABLE {table} SET (parallel_workers = 0)")


def parallel(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in _tables(apps, schema_editor):
            schema_editor.execute(f"ALTER TABLE {table} RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_seed_synonyms_and_reindex"),
        ("articles", "0001_initial"),
    ]

    operations = [migrations.RunPython(serial, parallel, elidable=False)]
