import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from newsroom import services
from newsroom.jsonld import CLAIM_REVIEWED_MAX, shorten
from tests import factories
from tests.factories import make_annotation, make_speaker


def test_shorten_keeps_short_text_and_cuts_long_text_between_words():
    assert shorten("  قال   الوزير ") == "قال الوزير"
    long = " ".join(["كلمة"] * 40)
    short = shorten(long)
    assert len(short) <= CLAIM_REVIEWED_MAX
    assert short.endswith("كلمة…")
    assert shorten("أ" * 100) == "أ" * 74 + "…"


@pytest.fixture(autouse=True)
def site_host(settings):
    settings.ALLOWED_HOSTS = ["news.example", "testserver"]


def render_jsonld(article) -> list[dict]:
    request = RequestFactory().get("/", HTTP_HOST="news.example")
    html = Template("{% load newsroom %}{% claim_reviews_jsonld article %}").render(
        Context({"request": request, "article": article})
    )
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) <= 1
    return json.loads(blocks[0]) if blocks else []


@pytest.mark.django_db
def test_claimreview_structure(editor, settings):
    settings.NEWSREADER_SITE_NAME = "قارئ الأخبار"
    body = "قال الوزير إن معدل البطالة انخفض إلى النصف خلال عام واحد فقط بحسب الأرقام الرسمية المعلنة في المؤتمر الصحفي أمس.\n\nفقرة."
    article = factories.make_article(body=body)
    claim = make_annotation(article=article, exact=body.split("\n\n")[0])
    speaker = make_speaker("وزارة العمل", kind="organisation")
    services.quote_attribute(annotation=claim, editor=editor, speaker=speaker)
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed", verdict=3)
    [data] = render_jsonld(article)
    article_url = "http://news.example" + article.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"{article_url}#annotation-{claim.pk}"
    assert len(data["claimReviewed"]) <= 75
    assert data["claimReviewed"].startswith("قال الوزير إن معدل البطالة")
    assert "مضلل" not in data["claimReviewed"]
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "مضلل",
    }
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "وزارة العمل"}
    assert data["itemReviewed"]["appearance"]["url"] == article_url
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePublished"])
    assert data["author"] == {
        "@type": "Organization",
        "name": "قارئ الأخبار",
        "url": "http://news.example/",
    }


@pytest.mark.django_db
def test_only_reviewed_public_visible_claims_are_embedded(editor, staff):
    article = factories.make_article()
    unreviewed = make_annotation(article=article)
    in_review = make_annotation(article=article)
    services.claim_review_update(annotation=in_review, editor=editor, status="in_review", verdict=2)
    private = make_annotation(article=article, visibility="private")
    services.claim_review_update(annotation=private, editor=staff, status="reviewed", verdict=2)
    hidden = make_annotation(article=article)
    services.claim_review_update(annotation=hidden, editor=editor, status="reviewed", verdict=2)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    reviewed_no_verdict = make_annotation(article=article)
    services.claim_review_update(annotation=reviewed_no_verdict, editor=editor, status="reviewed")
    assert render_jsonld(article) == []
    services.claim_review_update(annotation=unreviewed, editor=editor, status="reviewed", verdict=5)
    data = render_jsonld(article)
    assert [d["url"].rsplit("-", 1)[1] for d in data] == [str(unreviewed.pk)]
    assert "author" not in data[0]["itemReviewed"]  # no attributed speaker


@pytest.mark.django_db
def test_claim_text_cannot_break_out_of_the_script_block(editor):
    body = "</script><script>alert(1)</script> نص\n\nفقرة"
    article = factories.make_article(body=body)
    claim = make_annotation(article=article, exact="</script><script>alert(1)</script>")
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed", verdict=2)
    request = RequestFactory().get("/")
    html = Template("{% load newsroom %}{% claim_reviews_jsonld article %}").render(
        Context({"request": request, "article": article})
    )
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html
    [data] = json.loads(re.search(r">(.*)</script>", html, re.S).group(1))
    assert data["claimReviewed"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_jsonld_costs_three_queries_whatever_the_number_of_claims(
    editor, django_assert_num_queries
):
    article = factories.make_article()
    for _ in range(5):
        claim = make_annotation(article=article)
        services.quote_attribute(annotation=claim, editor=editor, speaker=make_speaker())
        services.claim_review_update(annotation=claim, editor=editor, status="reviewed", verdict=4)
    # Reviews, speakers and the reviews' sources: the cards' loader, shared on the page.
    with django_assert_num_queries(3):
        data = render_jsonld(article)
    assert len(data) == 5
    assert all(d["itemReviewed"]["author"]["name"] == "أحمد علي" for d in data)


@pytest.mark.django_db
def test_article_page_without_claims_needs_no_query(django_assert_num_queries):
    article = factories.make_article()
    quote = make_annotation(article=article, kind="quote")
    template = Template("{% load newsroom %}{% claim_reviews_jsonld article %}")
    with django_assert_num_queries(0):
        html = template.render(
            Context(
                {
                    "request": RequestFactory().get("/"),
                    "article": article,
                    # What the article page knows of every annotation the reader may see.
                    "annotation_kinds_present": {quote.kind},
                }
            )
        )
    assert html == ""
