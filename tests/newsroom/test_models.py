import pytest
from django.contrib.auth.models import AnonymousUser

from annotations import services as annotation_services
from annotations.models import Annotation
from editorial import services as editorial_services
from newsroom import services as newsroom_services
from newsroom.models import ClaimReview, ReviewStatus, Speaker, SpeakerSearchTerm
from newsroom.permissions import is_editor
from tests.factories import make_annotation, make_editor, make_speaker

pytestmark = pytest.mark.django_db


def test_speaker_stores_matching_form_of_name_and_other_spellings():
    speaker = make_speaker("أحمدُ الطيّب", other_names="Ahmed al-Tayeb\n\n  احمد الطيب  ")
    assert speaker.name == "أحمدُ الطيّب"  # stored exactly as written
    assert speaker.normalised_name == "احمد الطيب"
    assert speaker.other_names_list == ["Ahmed al-Tayeb", "احمد الطيب"]
    assert "ahmed al-tayeb" in speaker.search_names.split("\n")


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("أحمد علي", "احمد"),
        ("احمد علي", "أحمد"),
        ("إبراهيم محلب", "ابراهيم"),
        ("ابراهيم محلب", "إبراهيم"),
        ("وزارة الصحة", "وزاره الصحه"),
        ("وزاره الصحه", "وزارة الصحة"),
        ("مُحَمَّد", "محمد"),
        ("مصطفى", "مصطفي"),
    ],
)
def test_matching_ignores_hamza_taa_marbuta_alef_maqsura_and_diacritics(stored, typed):
    speaker = make_speaker(stored)
    make_speaker("سامي حسن")
    assert list(Speaker.objects.matching(typed)) == [speaker]


def test_matching_finds_other_spellings_and_nothing_for_blank_query():
    speaker = make_speaker(
        "منظمة الصحة العالمية", kind=Speaker.Kind.ORGANISATION, other_names="WHO"
    )
    assert list(Speaker.objects.matching("who")) == [speaker]
    assert list(Speaker.objects.matching("   ")) == []


def test_matching_form_follows_a_rename():
    speaker = make_speaker("أحمد")
    speaker.name = "سعيد"
    speaker.save(update_fields=["name"])
    speaker.refresh_from_db()
    assert speaker.normalised_name == "سعيد"
    assert list(Speaker.objects.matching("احمد")) == []


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("فؤاد حسين", "فواد"),  # the hamza's seat written bare
        ("فواد حسين", "فؤاد"),
        ("أمين المسؤول", "مسوول"),
        ("أمين المسوول", "مسؤول"),
        ("أمين المسؤول", "مسئول"),  # the other seat, united by normalise()
        ("هيئة الدواء", "هييه"),
        ("عبدالستار سعيد", "الستار"),  # a joined عبد name by its own word
        ("عبد الفتاح السيسي", "سيسي"),  # behind the article
        ("عبد الفتاح السيسي", "عبد الفت"),  # as typed so far: every word a prefix
        ("عبد الفتاح السيسي", "السيسي عبد"),
    ],
)
def test_matching_finds_spelling_variants_by_word_prefix(stored, typed):
    speaker = make_speaker(stored)
    make_speaker("سامي حسن")
    assert list(Speaker.objects.matching(typed)) == [speaker]


def test_matching_needs_every_word_and_finds_other_spellings_by_prefix():
    speaker = make_speaker("منى", other_names="Mona Zaki\nمنى زكي")
    make_speaker("منير")
    assert list(Speaker.objects.matching("زك")) == [speaker]
    assert list(Speaker.objects.matching("mona z")) == [speaker]
    assert list(Speaker.objects.matching("منى فؤاد")) == []
    assert set(Speaker.objects.matching("من")) == set(Speaker.objects.all())


def test_search_terms_follow_renames_merges_and_deletes(editor):
    speaker = make_speaker("فؤاد", other_names="Fouad")
    other = make_speaker("فؤاد حسين", other_names="فواد حسن")
    speaker.other_names = ""
    speaker.save(update_fields=["other_names"])
    assert list(Speaker.objects.matching("fouad")) == []
    newsroom_services.speakers_merge(keep=speaker, others=[other], editor=editor)
    assert list(Speaker.objects.matching("حسن")) == [speaker]
    assert SpeakerSearchTerm.objects.filter(speaker_id=other.pk).count() == 0
    speaker.delete()
    assert SpeakerSearchTerm.objects.count() == 0


def test_a_save_that_leaves_the_names_alone_keeps_the_terms():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    speaker = make_speaker("فؤاد")
    terms = list(SpeakerSearchTerm.objects.values_list("pk", flat=True))
    speaker.description = "وزير"
    with CaptureQueriesContext(connection) as ctx:
        speaker.save(update_fields=["description"])
    assert not [q for q in ctx.captured_queries if "speakersearchterm" in q["sql"]]
    assert list(SpeakerSearchTerm.objects.values_list("pk", flat=True)) == terms


def test_matching_looks_words_up_in_the_index_not_by_a_scan():
    # The plan of the query the speaker list runs: the term table is reached through
    # its index on ``term`` (on PostgreSQL with sequential scans priced out, as a
    # planner does on a large table).
    from django.db import connection

    make_speaker("فؤاد حسين")
    sql, params = Speaker.objects.matching("فواد حس").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert plan.count("USING INDEX newsroom_speakersearchterm_term") == 2  # two words
            assert "SCAN" not in plan
        else:
            # A table of some size with fresh statistics: on a handful of rows the
            # planner may as well walk the speakers and filter their terms.
            others = Speaker.objects.bulk_create(Speaker(name=f"متحدث {i}") for i in range(400))
            SpeakerSearchTerm.objects.bulk_create(
                SpeakerSearchTerm(speaker=speaker, term=f"كلمة{i}")
                for i, speaker in enumerate(others)
            )
            cursor.execute("ANALYZE newsroom_speaker")
            cursor.execute("ANALYZE newsroom_speakersearchterm")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "newsroom_speakersearchterm_term" in plan
            assert "Seq Scan on newsroom_speakersearchterm" not in plan


def test_is_editor_roles(reader, editor, staff):
    assert not is_editor(AnonymousUser())
    assert not is_editor(reader)
    assert is_editor(editor)
    assert is_editor(staff)
    inactive = make_editor("gone", is_active=False)
    assert not is_editor(inactive)


def test_every_claim_gets_a_review_row_and_other_kinds_do_not(article):
    claim = make_annotation(article=article)
    highlight = make_annotation(article=article, kind=Annotation.Kind.HIGHLIGHT)
    review = ClaimReview.objects.get(annotation=claim)
    assert review.status == ReviewStatus.UNREVIEWED
    assert review.article == article
    assert review.claimed_at == claim.created
    assert not ClaimReview.objects.filter(annotation=highlight).exists()


def test_turning_an_annotation_into_a_claim_creates_its_review(article):
    annotation = make_annotation(article=article, kind=Annotation.Kind.HIGHLIGHT)
    newsroom_services.annotation_update(
        annotation=annotation,
        kind=Annotation.Kind.CLAIM,
        comment="",
        tags=[],
        visibility=Annotation.Visibility.PUBLIC,
    )
    assert ClaimReview.objects.filter(annotation=annotation).exists()


@pytest.mark.parametrize("per_status", [False, True])
def test_status_counts_include_every_status(article, per_status):
    make_annotation(article=article)
    make_annotation(article=article)
    other = make_annotation(article=article)
    elsewhere = make_annotation()
    ClaimReview.objects.filter(annotation__in=[other, elsewhere]).update(
        status=ReviewStatus.REVIEWED
    )
    assert ClaimReview.objects.status_counts(per_status=per_status) == {
        "unreviewed": 2,
        "in_review": 0,
        "reviewed": 2,
    }
    assert ClaimReview.objects.filter(article=article).status_counts(per_status=per_status) == {
        "unreviewed": 2,
        "in_review": 0,
        "reviewed": 1,
    }


def test_quote_counts_leave_out_private_and_hidden_quotes(article, editor):
    from newsroom.models import QuoteAttribution

    speaker = make_speaker()
    for visibility, hidden in [("public", False), ("public", True), ("private", False)]:
        quote = make_annotation(article=article, kind="quote", visibility=visibility)
        if hidden:
            annotation_services.annotation_hide(annotation=quote, reason="سبب")
        QuoteAttribution.objects.create(annotation=quote, speaker=speaker, attributed_by=editor)
    make_speaker("بلا اقتباسات")
    counts = {s.name: s.quote_count for s in Speaker.objects.with_quote_counts()}
    assert counts == {"أحمد علي": 1, "بلا اقتباسات": 0}


def test_review_rows_follow_their_article_to_another_section_and_publisher(article):
    claim = make_annotation(article=article)
    review = ClaimReview.objects.get(annotation=claim)
    assert (review.section, review.publisher) == (article.section, article.publisher)
    from tests import factories

    article.section = factories.make_section("رياضة")
    article.publisher = factories.make_publisher("ناشر آخر")
    editorial_services.article_save(article=article)
    review.refresh_from_db()
    assert (review.section.name, review.publisher.name) == ("رياضة", "ناشر آخر")


def test_review_row_leaves_the_queue_when_hidden_or_private_and_returns(article, staff):
    from newsroom import services

    claim = make_annotation(article=article)
    in_queue = lambda: ClaimReview.objects.get(annotation=claim).in_queue  # noqa: E731
    assert in_queue()
    services.annotation_hide(annotation=claim, moderator=staff, reason="مخالف")
    assert not in_queue()
    services.annotation_unhide(annotation=claim, moderator=staff)
    assert in_queue()
    newsroom_services.annotation_update(
        annotation=claim, kind="claim", comment="", tags=[], visibility="private"
    )
    assert not in_queue()


def test_the_migration_writes_the_terms_of_existing_speakers():
    # Speakers created before SpeakerSearchTerm existed get their words from 0006.
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("newsroom.migrations.0007_speaker_search_terms")
    speaker = make_speaker("فؤاد", other_names="Fouad")
    SpeakerSearchTerm.objects.all().delete()
    assert list(Speaker.objects.matching("فواد")) == []
    migration.write_terms(apps, SimpleNamespace(connection=connection))
    assert (
        list(Speaker.objects.matching("فواد")) == list(Speaker.objects.matching("fou")) == [speaker]
    )
