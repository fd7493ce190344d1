"""Search benchmark: python -m bench.bench_search [N] [--save-n M] [--runs R] [--queries Q] [--reuse]

On a benchmark database (SQLite under bench/out/, or DATABASE_URL, e.g.
postgres://postgres@127.0.0.1:5432/bench_search; its name must contain "bench",
because it is emptied first), prints:

* indexing throughput through the real write paths on M articles (default
  2,000): Article.save() and the importer (import_upload of a .zip), each with
  and without the search signal, medians of R alternating runs, and the time
  indexing adds per article; target from issue 5: the import keeps >= 1,000/s;
* the fast fill of N articles (default 100,000): the first 100,000 by bulk_create,
  then the index rebuilt in batches (analysis throughput), then SQL copies doubling
  articles and documents (1,000,000 in minutes; see fill());
* query time (median, p95) for one-, two- and three-word queries, quoted
  phrases and rare words, each measured as the search page runs them: the ranked ids (at
  most search.backends.MAX_RANKED) plus the first page of 20 articles with
  section and publisher; target p95 < 50 ms;
* the whole search page through the test client, for scale.

The synthetic articles come from bench.generate (deterministic), queries from
the same vocabulary with clitic and spelling variants. Its ~100 nouns each occur
in most articles, so common queries match 25-90% of the corpus: the worst case
for ranking, which is why only the newest MAX_RANKED matches are ranked.
--reuse keeps a database already holding N articles and measures queries only.
DEBUG is off as in production: Django's query log would measure itself.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import time
import zipfile
from datetime import timedelta

from bench.common import OUT, report, setup_django, summary

TARGET_P95_MS = 50
TARGET_PER_S = 1000
PAGE = 20
UID = "search_article"  # search/receivers.py's dispatch_uid
BULK_UID = "search_articles_bulk"  # likewise, for the article services' bulk inserts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="search indexing and query times")
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument(
        "--save-n", type=int, default=2000, help="articles for the save() path (0: skip it)"
    )
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--runs", type=int, default=3, help="runs of each write path")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database already filled with N articles"
    )
    args = parser.parse_args(argv)

    sqlite_file = OUT / "search.sqlite3"
    if not args.reuse and "DATABASE_URL" not in os.environ:
        # A fresh file, as a new installation has: an FTS5 index that has seen
        # 100,000 deletions carries their tombstones until it is merged.
        for path in (sqlite_file, *sqlite_file.parent.glob("search.sqlite3-*")):
            path.unlink(missing_ok=True)
    setup_django("search")
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        raise SystemExit(f"refusing to empty {name!r}: the database name must contain 'bench'")
    print(f"database: {connection.vendor} ({name})", flush=True)

    from articles.models import Article

    if not (args.reuse and Article.objects.count() == args.n):
        empty_database()
        if args.save_n:
            measure_save_path(args.save_n, args.runs)
            empty_database()
        fill(args.n)
    elif connection.vendor == "postgresql":
        build_gin()
    measure_queries(args.queries)


def reset_articles() -> None:
    """Delete every article (documents go by cascade) and leave a clean FTS5 index."""
    from django.db import connection

    from articles.models import Article

    Article.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def empty_database() -> None:
    from django.db import connection

    from articles.models import Article, Publisher, Section
    from search.models import SearchDocument

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE articles_article, articles_section, articles_publisher, "
                "search_searchdocument CASCADE"
            )
    else:
        SearchDocument.objects.all().delete()
        Article.objects.all()._raw_delete(Article.objects.db)
        Section.objects.all().delete()
        Publisher.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def parsed_articles(n: int, *, seed: int = 2022):
    from articles.parsing import parse_bytes
    from bench.generate import iter_articles

    for _, data in iter_articles(n, seed=seed):
        yield parse_bytes(data)


def _related(parsed_list):
    from articles.models import Publisher, Section

    sections = {p.section for p in parsed_list}
    publishers = {p.publisher for p in parsed_list}
    section_of = {s: Section.objects.get_or_create(name=s)[0] for s in sections}
    publisher_of = {p: Publisher.objects.get_or_create(name=p)[0] for p in publishers}
    return section_of, publisher_of


def _article_fields(parsed, section_of, publisher_of) -> dict:
    from django.utils import timezone

    from articles.text import join_paragraphs

    return {
        "title": parsed.title,
        "caption": parsed.caption or "",
        "section": section_of[parsed.section],
        "publisher": publisher_of[parsed.publisher],
        "published_at": timezone.make_aware(parsed.published_at),
        "scraped_on": parsed.scraped_on,
        "body": join_paragraphs(parsed.paragraphs),
    }


def measure_save_path(m: int, runs: int) -> None:
    from django.db import transaction
    from django.db.models.signals import post_save

    from articles.importer import import_upload
    from articles.models import Article
    from articles.signals import articles_imported
    from bench.generate import iter_articles
    from core.arabic import analyse_word
    from search import receivers as signals
    from search.models import SearchDocument

    print(
        f"\nindexing through the real write paths ({m} articles; median of {runs} runs,"
        " with and without indexing taking turns)",
        flush=True,
    )
    parsed_list = list(parsed_articles(m, seed=7))
    section_of, publisher_of = _related(parsed_list)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file_name, data in iter_articles(m, seed=8):
            archive.writestr(file_name, data)

    def save_all() -> None:
        # One transaction per 100 articles, like an importer's file batches.
        for offset in range(0, m, 100):
            with transaction.atomic():
                for parsed in parsed_list[offset : offset + 100]:
                    Article(**_article_fields(parsed, section_of, publisher_of)).save()

    def import_all() -> None:
        result = import_upload(name="bench.zip", data=buffer.getvalue())
        assert result.summary().startswith(f"imported {m},"), result.summary()

    def rate(write, *, indexing: bool) -> float:
        reset_articles()
        analyse_word.cache_clear()  # a cold cache, as in a fresh process
        if not indexing:
            # Both ways the index follows new articles: save() and the importer's bulk insert.
            post_save.disconnect(signals.article_saved, sender=Article, dispatch_uid=UID)
            articles_imported.disconnect(signals.articles_imported_in_bulk, dispatch_uid=BULK_UID)
        try:
            start = time.perf_counter()
            write()
            elapsed = time.perf_counter() - start
        finally:
            signals.connect()
        assert SearchDocument.objects.count() == (m if indexing else 0)
        return m / elapsed

    for label, write in (("Article.save()", save_all), ("importer (zip)", import_all)):
        bare, indexed = [], []
        for _ in range(runs):
            bare.append(rate(write, indexing=False))
            indexed.append(rate(write, indexing=True))
        bare_median, indexed_median = statistics.median(bare), statistics.median(indexed)
        print(
            f"  {label + ' without search indexing':<44} {bare_median:7.0f} articles/s"
            f"  (runs: {', '.join(f'{r:.0f}' for r in bare)})",
            flush=True,
        )
        verdict = ""
        if write is import_all:
            verdict = f"  target >= {TARGET_PER_S}/s: " + (
                "met" if indexed_median >= TARGET_PER_S else "MISSED"
            )
        print(
            f"  {label + ' with search indexing':<44} {indexed_median:7.0f} articles/s"
            f"  (runs: {', '.join(f'{r:.0f}' for r in indexed)}){verdict}",
            flush=True,
        )
        extra_ms = 1000 / indexed_median - 1000 / bare_median
        print(f"    indexing adds {extra_ms:.2f} ms per article", flush=True)


# Articles generated (parsed and analysed in Python) before the rest is copied in SQL.
SEED = 100_000
MINUTES_APART = 17  # bench.generate: article i is published 17 * i (+0-16) minutes after START


def fill(n: int) -> None:
    """The first SEED articles through bulk_create and the index rebuild; then copies
    doubling the rows in SQL, articles and search documents alike (no analysis: the
    copied documents are the originals' terms), each copy 17 minutes per row later, as
    bench.generate would have published it, and with its title's serial number moved on
    as generate numbers it, so a number above 950 still names one article. The vendor
    index is built once at the end where that is faster (PostgreSQL's GIN)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article
    from bench.generate import START
    from search.index import rebuild

    seed = min(n, SEED)
    print(f"\nfilling {n} articles ({seed} by bulk_create and index rebuild, then SQL copies)")
    start = time.perf_counter()
    # Every article is in the past (published() ends at now): 1,000,000 articles 17
    # minutes apart from generate's START would end in the 2040s.
    last = START + timedelta(minutes=MINUTES_APART * n)
    latest = timezone.now().replace(tzinfo=None) - timedelta(hours=1)
    shift = min(timedelta(0), timedelta(minutes=(latest - last) // timedelta(minutes=1)))
    batch_size = 5000
    parsed_iter = parsed_articles(seed)
    section_of = publisher_of = None
    created = 0
    while created < seed:
        chunk = [next(parsed_iter) for _ in range(min(batch_size, seed - created))]
        if section_of is None:
            section_of, publisher_of = _related(chunk)
        missing = {p.section for p in chunk} - section_of.keys() or {
            p.publisher for p in chunk
        } - publisher_of.keys()
        if missing:
            more_sections, more_publishers = _related(chunk)
            section_of.update(more_sections)
            publisher_of.update(more_publishers)
        articles = []
        for parsed in chunk:
            fields = _article_fields(parsed, section_of, publisher_of)
            fields["published_at"] += shift
            articles.append(Article(**fields))
        with transaction.atomic():
            Article.objects.bulk_create(articles)
        created += len(chunk)
    print(f"  {seed} articles stored in {time.perf_counter() - start:.1f} s", flush=True)

    postgres = connection.vendor == "postgresql"
    if postgres:
        # One GIN build at the end is far faster than a million insertions into it
        # (the same index as migration search.0001 creates).
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_document_vector")
    begin = time.perf_counter()
    count = rebuild(batch_size=2000)
    elapsed = time.perf_counter() - begin
    rate = count / elapsed
    print(f"  index rebuilt: {count} articles in {elapsed:.1f} s = {rate:.0f} articles/s")

    if n > seed:
        begin = time.perf_counter()
        copy_rows(n)
        print(f"  copied to {n} articles in {time.perf_counter() - begin:.1f} s", flush=True)
    if postgres:
        begin = time.perf_counter()
        build_gin()
        print(f"  GIN index built in {time.perf_counter() - begin:.1f} s", flush=True)
    begin = time.perf_counter()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            # Merge the FTS5 b-tree segments, as a quiet night would.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    print(f"  analysed (and FTS5 merged) in {time.perf_counter() - begin:.1f} s")
    print(f"  fill took {time.perf_counter() - start:.1f} s in all", flush=True)


def build_gin() -> None:
    """The GIN index fill() drops while it inserts, if it is missing (an interrupted fill)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_document_vector "
            "ON search_searchdocument USING gin (vector)"
        )


def copy_rows(n: int) -> None:
    """Double the articles and their documents in SQL until there are ``n``.

    The seed's ids are consecutive: copy k of article id (id + have) is article
    (index + have) of bench.generate, published 17 * have minutes later, its serial
    number (in the title and the title terms) increased by have.
    """
    from django.db import connection, transaction

    from articles.models import Article
    from search.models import SearchDocument

    article_table = Article._meta.db_table
    document_table = SearchDocument._meta.db_table
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id), count(*) FROM {article_table}")
        first, last, have = cursor.fetchone()
    assert last - first + 1 == have, "the seed's ids are not consecutive"
    columns = [
        f.column
        for f in Article._meta.concrete_fields
        if f.column not in {"id", "title", "published_at"}
    ]
    plain = ", ".join(columns)
    if postgres:
        serial = r"(substring({t} from '\((\d+)\)$'))::int"
        numbered = r"{t} ~ '\(\d+\)$'"
        prefix = r"regexp_replace({t}, '\(\d+\)$', '')"
        moved = "published_at + interval '{minutes} minutes'"
    else:
        serial = (
            "CAST(substr({t}, instr({t}, ' (') + 2, length({t}) - instr({t}, ' (') - 2) AS INTEGER)"
        )
        numbered = "{t} LIKE '%)'"
        prefix = "substr({t}, 1, instr({t}, ' (') + 1)"
        moved = "datetime(published_at, '+{minutes} minutes')"
    with transaction.atomic(), connection.cursor() as cursor:
        while have < n:
            take = min(have, n - have)
            title = (
                f"CASE WHEN {numbered.format(t='title')} THEN {prefix.format(t='title')} || "
                f"({serial.format(t='title')} + {have}) || ')' ELSE title END"
            )
            cursor.execute(
                f"INSERT INTO {article_table} (id, title, published_at, {plain}) "
                f"SELECT id + {have}, {title}, {moved.format(minutes=MINUTES_APART * have)}, "
                f"{plain} FROM {article_table} WHERE id < {first + take} ORDER BY id"
            )
            number = serial.format(t="a.title")
            terms = (
                f"CASE WHEN {numbered.format(t='a.title')} THEN trim(replace("
                f"' ' || d.title_terms || ' ', ' ' || {number} || ' ', "
                f"' ' || ({number} + {have}) || ' ')) ELSE d.title_terms END"
            )
            cursor.execute(
                f"INSERT INTO {document_table} (article_id, title_terms, body_terms, indexed_at) "
                f"SELECT d.article_id + {have}, {terms}, d.body_terms, d.indexed_at "
                f"FROM {document_table} d JOIN {article_table} a ON a.id = d.article_id "
                f"WHERE d.article_id < {first + take} ORDER BY d.article_id"
            )
            have += take
            print(f"    {have} articles", flush=True)
        if postgres:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{article_table}', 'id'), {first + n - 1})"
            )


def query_sets(count: int) -> dict[str, list[str]]:
    from bench.generate import ADJECTIVES, LATIN, NOUNS, PEOPLE, VERBS

    rng = random.Random(5)
    clitics = ["", "", "و", "ب", "ل", "ف"]

    def variant(word: str) -> str:
        # What readers type: with or without hamza, taa marbuta as ha, clitics attached.
        word = rng.choice([word, word.replace("أ", "ا").replace("إ", "ا"), word.replace("ة", "ه")])
        prefix = rng.choice(clitics)
        if prefix == "ل" and word.startswith("ال"):
            return "ل" + word[1:]
        return prefix + word

    names = [part for person in PEOPLE for part in person.split() if len(part) > 2]
    one = [variant(rng.choice(NOUNS + VERBS + ADJECTIVES + names + LATIN)) for _ in range(count)]
    two = [f"{variant(rng.choice(NOUNS))} {variant(rng.choice(ADJECTIVES))}" for _ in range(count)]
    three = [
        " ".join(variant(rng.choice(words)) for words in (VERBS, NOUNS, ADJECTIVES))
        for _ in range(count)
    ]
    phrase = [f'"{rng.choice(PEOPLE)}"' for _ in range(count)]
    # Half the generated titles end in their serial number; above 950 (the largest
    # number in bodies) a number names one article: a rare word, as most real queries are.
    rare = [str(rng.randint(1000, 99_999)) for _ in range(count)]
    return {
        "one word": one,
        "two words": two,
        "three words": three,
        "quoted phrase": phrase,
        "rare word": rare,
    }


def measure_queries(count: int) -> None:
    from django.test import Client

    from articles.models import Article
    from search.backends import MAX_RANKED, search_articles
    from search.query import parse

    print(f"\nquery time on {Article.objects.count()} articles ({count} queries per kind)")
    published = Article.objects.published()
    first = published.order_by("published_at").values_list("published_at", "section_id").first()
    oldest_month = published.filter(
        published_at__gte=first[0], published_at__lt=first[0] + timedelta(days=31)
    )
    kinds = [(kind, queries, published) for kind, queries in query_sets(count).items()]
    one_word = query_sets(count)["one word"]
    kinds += [
        # Filters the newest-first walk must skip through: the FTS matches are
        # checked against the filter until enough pass (worst: the oldest month).
        ("one word, one section", one_word, published.filter(section_id=first[1])),
        ("one word, oldest month", one_word, oldest_month),
    ]
    for kind, queries, base in kinds:
        samples, matches = [], []

        def run(raw: str, base=base) -> int:
            # What the search page does: the ranked ids, then one page of articles.
            results = search_articles(parse(raw), base)
            page = Article.objects.with_related().in_bulk(results.ids[:PAGE])
            if results.ids and not page:
                raise AssertionError(f"{raw!r}: ids but an empty page")
            return len(results.ids) if not results.capped else -len(results.ids)

        for raw in queries[:3]:  # warm-up
            run(raw)
        for raw in queries:
            start = time.perf_counter()
            total = run(raw)
            samples.append(time.perf_counter() - start)
            matches.append(total)
        report(f"{kind}: ranked ids + first page", samples, target_p95_ms=TARGET_P95_MS)
        capped = sum(1 for m in matches if m < 0)
        ordered = sorted(m for m in matches if m >= 0)
        print(
            f"    {capped} of {len(matches)} queries matched more than {MAX_RANKED} articles"
            f" (only the newest {MAX_RANKED} are ranked); the others matched"
            f" median {ordered[len(ordered) // 2] if ordered else '-'}",
            flush=True,
        )

    client = Client()
    samples = []
    queries = [q for qs in query_sets(max(10, count // 4)).values() for q in qs]
    for raw in queries[:3]:
        client.get("/search/", {"q": raw})
    for raw in queries:
        start = time.perf_counter()
        response = client.get("/search/", {"q": raw})
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    report("whole search page (client, all kinds)", samples)
    s = summary(samples)
    print(f"    ({s['n']} pages; includes snippets, marks and template rendering)")


if __name__ == "__main__":
    main()
