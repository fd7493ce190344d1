from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from newsroom import services
from newsroom.models import Flag
from tests.factories import make_annotation

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- Flags -----------------------------------------------------------------------------


def test_flag_requires_login(client, claim):
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    response = client.post(url, {"reason": "إساءة"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Flag.objects.exists()


def test_reader_flags_a_public_annotation_once(client, reader, claim):
    client.force_login(reader)
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "معلومة مضللة"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#annotation-{claim.pk}")
    again = client.post(url, {"reason": "مرة ثانية"})
    assert again.status_code == 400
    assert "أبلغت عن هذا التعليق من قبل." in again.content.decode()
    assert Flag.objects.count() == 1


def test_empty_flag_reason_is_an_arabic_field_error(client, reader, claim):
    client.force_login(reader)
    response = client.post(reverse("newsroom:annotation_flag", args=[claim.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "هذا الحقل مطلوب" in response.content.decode()


def test_private_or_hidden_annotations_cannot_be_flagged_by_others(client, reader, staff, article):
    private = make_annotation(article=article, visibility="private")
    hidden = make_annotation(article=article)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    client.force_login(reader)
    for annotation in (private, hidden):
        url = reverse("newsroom:annotation_flag", args=[annotation.pk])
        assert client.post(url, {"reason": "سبب"}).status_code == 404
    assert not Flag.objects.exists()
