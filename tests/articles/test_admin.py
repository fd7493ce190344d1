"""The Django admin for articles: list, search, actions, editing text, the import page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"
IMPORT = "admin:articles_article_import"

ARTICLE_FILE = """السبت 1 يونيو 2024

مجلس المدينة يقر خطة لتوسيع الحدائق العامة

أطفال يلعبون في حديقة عامة

محليات3-5-2024 | 10:30

دار الهلال

أقر مجلس المدينة أمس خطة لتوسيع الحدائق العامة في الأحياء الشرقية.

وقال رئيس المجلس إن التنفيذ يبدأ الشهر المقبل.
"""

SECOND_FILE = ARTICLE_FILE.replace("الحدائق العامة", "المكتبات العامة").replace("10:30", "11:45")
BROKEN_FILE = "السبت 1 يونيو 2024\n\nعنوان بلا بقية\n"


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


# --- Changelist -------------------------------------------------------------------------


def test_changelist_is_arabic_and_lists_the_curation_columns(admin_client) -> None:
    factories.make_article(title="خبر للعرض في لوحة الإدارة")
    response = admin_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "خبر للعرض في لوحة الإدارة" in html
    for column in ["العنوان", "القسم", "الناشر", "تاريخ النشر", "الحالة", "مميز"]:
        assert column in html
    assert reverse(IMPORT) in html  # the import button


def test_changelist_search_covers_headline_and_body(admin_client) -> None:
    factories.make_article(title="خبر عن الزراعة", body="نص عن القمح والري.")
    factories.make_article(title="خبر عن الرياضة", body="نص عن كرة القدم.")
    by_body = admin_client.get(reverse(CHANGELIST), {"q": "القمح"})
    assert [a.title for a in by_body.context["cl"].result_list] == ["خبر عن الزراعة"]
    by_title = admin_client.get(reverse(CHANGELIST), {"q": "الرياضة"})
    assert [a.title for a in by_title.context["cl"].result_list] == ["خبر عن الرياضة"]


def test_changelist_filters_by_status_section_and_publisher(admin_client) -> None:
    section = factories.make_section("اقتصاد")
    draft = factories.make_article(status=Article.Status.DRAFT, section=section)
    factories.make_article()
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "draft"})
    assert list(response.context["cl"].result_list) == [draft]
    response = admin_client.get(reverse(CHANGELIST), {"section__id__exact": section.pk})
    assert list(response.context["cl"].result_list) == [draft]
    response = admin_client.get(reverse(CHANGELIST), {"publisher__id__exact": draft.publisher_id})
    assert list(response.context["cl"].result_list) == [draft]


# --- Actions ------------------------------------------------------------------------------


def run_action(client, action: str, articles: list[Article]):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_publish_and_unpublish_actions(admin_client) -> None:
    drafts = [factories.make_article(status=Article.Status.DRAFT) for _ in range(2)]
    already = factories.make_article()

    response = run_action(admin_client, "publish", [*drafts, already])
    assert {a.status for a in Article.objects.all()} == {Article.Status.PUBLISHED}
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["نُشر: مقالان. وكان مقال واحد كذلك من قبل."]

    response = run_action(admin_client, "unpublish", drafts)
    assert [a.status for a in Article.objects.filter(pk__in=[d.pk for d in drafts])] == [
        Article.Status.DRAFT
    ] * 2
    assert Article.objects.get(pk=already.pk).status == Article.Status.PUBLISHED
    assert [str(m) for m in response.context["messages"]] == ["أعيد إلى المسودات: مقالان."]


def test_feature_and_unfeature_actions(admin_client) -> None:
    article = factories.make_article()
    other = factories.make_article()
    response = run_action(admin_client, "feature", [article])
    assert Article.objects.get(pk=article.pk).featured is True
    assert Article.objects.get(pk=other.pk).featured is False
    assert [str(m) for m in response.context["messages"]] == ["مُيّز: مقال واحد."]
    run_action(admin_client, "unfeature", [article])
    assert Article.objects.get(pk=article.pk).featured is False


def test_actions_do_not_change_the_text_version(admin_client) -> None:
    article = factories.make_article()
    run_action(admin_client, "unpublish", [article])
    run_action(admin_client, "feature", [article])
    assert Article.objects.get(pk=article.pk).text_version == 1


def test_actions_need_the_change_permission(client) -> None:
    viewer = factories.make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = factories.make_article(status=Article.Status.DRAFT)
    assert 'value="publish"' not in client.get(reverse(CHANGELIST)).content.decode()
    client.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


# --- Editing -------------------------------------------------------------------------------


def test_editing_the_body_keeps_paragraphs_and_bumps_the_text_version(admin_client) -> None:
    article = factories.make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = admin_client.get(url)
    html = form.content.decode()
    assert 'name="source_sha256"' not in html and "بصمة الملف المصدر" in html
    assert 'name="text_version"' not in html and 'name="scraped_on"' not in html
    assert 'name="body"' in html

    response = admin_client.post(
        url,
        {
            "title": article.title,
            "slug": article.slug,
            "caption": article.caption,
            "body": "الفقرة الأولى   \r\n\r\n\r\n  الفقرة الثانية\r\nسطر ثان منها\r\n\r\nالفقرة الثالثة",
            "section": article.section_id,
            "publisher": article.publisher_id,
            "published_at_0": "2022-02-01",
            "published_at_1": "21:14:00",
            "status": "published",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.paragraphs == ["الفقرة الأولى", "الفقرة الثانية\nسطر ثان منها", "الفقرة الثالثة"]
    assert article.text_version == 2


# --- Import page -------------------------------------------------------------------------------


def test_import_page_imports_several_files_and_reports_each(admin_client) -> None:
    response = admin_client.post(
        reverse(IMPORT),
        {"files": [upload("parks.txt", ARTICLE_FILE), upload("broken.txt", BROKEN_FILE)]},
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.title == "مجلس المدينة يقر خطة لتوسيع الحدائق العامة"
    assert article.status == Article.Status.PUBLISHED
    assert article.section.name == "محليات"
    html = response.content.decode()
    assert 'id="import-report"' in html
    assert "parks.txt" in html and "broken.txt" in html
    assert "استُورد" in html and "فشل" in html
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "انتهى الاستيراد. استُورد: 1، بلا تغيير: 0، حُدّث: 0، نصه تغيّر ولم يُحدَّث: 0، فشل: 1."
    ]


def test_import_page_accepts_a_zip_and_can_import_drafts(admin_client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/parks.txt", ARTICLE_FILE)
        archive.writestr("a/libraries.txt", SECOND_FILE)
    archive_upload = SimpleUploadedFile("batch.zip", buffer.getvalue(), "application/zip")
    response = admin_client.post(reverse(IMPORT), {"files": [archive_upload], "draft": "on"})
    assert response.status_code == 200
    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}

    again = admin_client.post(reverse(IMPORT), {"files": [upload("parks.txt", ARTICLE_FILE)]})
    assert Article.objects.count() == 2
    assert "بلا تغيير" in again.content.decode()


def test_import_page_rejects_other_file_types_with_an_arabic_error(admin_client) -> None:
    response = admin_client.post(reverse(IMPORT), {"files": [upload("photo.png", "x")]})
    assert response.status_code == 200
    assert "ليس من الأنواع المقبولة" in response.content.decode()
    assert Article.objects.count() == 0
    empty = admin_client.post(reverse(IMPORT), {})
    assert "هذا الحقل مطلوب" in empty.content.decode()


def test_import_page_needs_the_add_article_permission(client) -> None:
    editor = factories.make_user("editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    assert client.get(reverse(IMPORT)).status_code == 403
    response = client.post(reverse(IMPORT), {"files": [upload("parks.txt", ARTICLE_FILE)]})
    assert response.status_code == 403
    assert Article.objects.count() == 0
    assert reverse(IMPORT) not in client.get(reverse(CHANGELIST)).content.decode()

    editor.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert client.get(reverse(IMPORT)).status_code == 200


def test_import_page_sends_anonymous_visitors_to_the_login(client) -> None:
    response = client.get(reverse(IMPORT))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# --- Section and publisher ------------------------------------------------------------------


def test_section_and_publisher_admins_list_article_counts(admin_client) -> None:
    article = factories.make_article()
    html = admin_client.get(reverse("admin:articles_section_changelist")).content.decode()
    assert article.section.name in html and "عدد المقالات" in html
    html = admin_client.get(reverse("admin:articles_publisher_changelist")).content.decode()
    assert article.publisher.name in html


def test_admin_pages_carry_no_inline_script_or_style(admin_client) -> None:
    import re

    article = factories.make_article()
    for url in [
        reverse(CHANGELIST),
        reverse(IMPORT),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_section_add"),
    ]:
        response = admin_client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        html = response.content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or "application/json" in attrs, (url, attrs)
            assert body.strip() == "" or "application/json" in attrs, url
        assert not re.search(r"\sstyle=", html), url
        assert "<style" not in html, url
