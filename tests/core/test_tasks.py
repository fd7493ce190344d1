"""Tasks queued at a commit are held back during a bulk import when the immediate backend
would run them inside it, and run once it is over (core.tasks)."""

from __future__ import annotations

import pytest
from django.db import transaction

from assistant.models import Suggestion
from assistant.services import suggestions_enqueue
from core.tasks import tasks_after_bulk_write
from tests import factories
from tests.assistant.conftest import BODY

pytestmark = pytest.mark.django_db(transaction=True)


def test_outside_an_import_the_task_runs_at_the_commit():
    with transaction.atomic():
        article = factories.make_article(body=BODY)
        suggestions_enqueue(article_ids=[article.pk])
        assert Suggestion.objects.count() == 0  # not before the commit
    assert Suggestion.objects.filter(article=article).count() == 3


def test_during_an_import_tasks_wait_for_its_end_in_order():
    with tasks_after_bulk_write():
        chunks = []
        for _ in range(2):  # two chunks, each its own transaction
            with transaction.atomic():
                article = factories.make_article(body=BODY)
                suggestions_enqueue(article_ids=[article.pk])
            chunks.append(article)
        # Both chunks are committed and readable; no detection ran between them.
        assert Suggestion.objects.count() == 0
        with tasks_after_bulk_write(), transaction.atomic():  # nested: joins the outer one
            suggestions_enqueue(article_ids=[chunks[0].pk])
        assert Suggestion.objects.count() == 0
    assert [Suggestion.objects.filter(article=a).count() for a in chunks] == [3, 3]


def test_tasks_of_an_import_that_failed_half_way_still_run():
    with pytest.raises(RuntimeError), tasks_after_bulk_write():
        with transaction.atomic():
            article = factories.make_article(body=BODY)
            suggestions_enqueue(article_ids=[article.pk])
        raise RuntimeError("the next chunk failed")
    assert Suggestion.objects.filter(article=article).count() == 3
