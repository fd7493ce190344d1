"""The home page's featured query reads only featured rows, however few are featured."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from articles.models import Article
from tests import factories

CAIRO = ZoneInfo("Africa/Cairo")


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " | ".join(row[-1] for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return " | ".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize("featured", [0, 1, 3, 6])
def test_public_featured_query_uses_the_featured_partial_index(featured: int) -> None:
    section = factories.make_section("اقتصاد")
    publisher = factories.make_publisher("دار الهلال")
    start = datetime(2022, 2, 1, 9, 0, tzinfo=CAIRO)
    for n in range(300):
        factories.make_article(
            section=section,
            publisher=publisher,
            published_at=start + timedelta(hours=n),
            featured=n < featured,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            # A table this small is read whole anyway; what matters is that the index
            # can serve the query when the table is large.
            cursor.execute("SET enable_seqscan = off")
    home_featured = Article.objects.visible_to(AnonymousUser()).for_listing().featured()[:4]
    try:
        plan = plan_of(home_featured)
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
    assert "article_featured_status_pub" in plan, plan
    assert len(home_featured) == min(featured, 4)
