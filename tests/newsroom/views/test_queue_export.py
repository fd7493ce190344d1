import csv
import io
from zoneinfo import ZoneInfo

import pytest

from tests import factories
from tests.factories import make_annotation
from tests.newsroom.helpers import CSV_URL

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- CSV export ---------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_has_the_filtered_claims(client, editor, queue_data):
    client.force_login(editor)
    response = client.get(CSV_URL, {"status": "reviewed"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = read_csv(response)
    assert rows[0][:5] == ["رقم الادعاء", "نص الادعاء", "الحالة", "الحكم", "قيمة التقييم"]
    body = rows[1:]
    assert [int(r[0]) for r in body] == [queue_data["claims"]["c4"], queue_data["claims"]["c3"]]
    c3 = body[1]
    assert c3[1] == "الفقرة"
    assert c3[2:6] == ["تمت المراجعة", "خاطئ", "2", "sara"]
    assert c3[6] == "مقال ب" and c3[8:10] == ["اقتصاد", "الشروق"]
    assert c3[10].startswith("2024-03-10T12:00:00+02:00")
    assert c3[12].endswith(f"#annotation-{queue_data['claims']['c3']}")


def test_csv_cells_cannot_run_as_formulas(client, editor):
    article = factories.make_article(body="=HYPERLINK(1) قال الوزير.\n\nفقرة.")
    make_annotation(article=article, exact="=HYPERLINK(1)")
    client.force_login(editor)
    rows = read_csv(client.get(CSV_URL))
    assert rows[1][1] == "'=HYPERLINK(1)"
