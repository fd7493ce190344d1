"""core.fastreverse gives exactly what reverse() gives, for every id and slug."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import given
from hypothesis import strategies as st

from core.fastreverse import id_slug_url, id_url

NAMES = [
    "annotations:permalink",
    "annotations:reply",
    "annotations:edit",
    "annotations:reply_delete",
    "newsroom:claim_detail",
    "newsroom:claim_inline_update",
    "matching:similar_claims",
]


@pytest.mark.parametrize("name", NAMES)
@given(pk=st.integers(min_value=0, max_value=10**18 - 1))
def test_id_url_is_reverse(name, pk):
    assert id_url(name, pk) == reverse(name, kwargs={"pk": pk})


@given(
    pk=st.integers(min_value=0, max_value=10**18 - 1),
    slug=st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and "\x00" not in s),
)
def test_id_slug_url_is_reverse(pk, slug):
    assert id_slug_url("articles:detail", pk, slug) == reverse(
        "articles:detail", kwargs={"pk": pk, "slug": slug}
    )


def test_what_reverse_refuses_is_refused():
    # An id past the converter's 18 digits, a segment with "/": no URL, as reverse().
    with pytest.raises(NoReverseMatch):
        id_url("annotations:permalink", 10**18)
    with pytest.raises(NoReverseMatch):
        id_slug_url("articles:detail", 1, "a/b")


def test_script_prefix_is_kept(settings):
    from django.urls import set_script_prefix

    set_script_prefix("/news/")
    try:
        assert id_url("annotations:permalink", 7) == "/news/annotations/7/"
        assert id_slug_url("articles:detail", 7, "خبر") == reverse(
            "articles:detail", kwargs={"pk": 7, "slug": "خبر"}
        )
    finally:
        set_script_prefix("/")
