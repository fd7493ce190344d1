"""The article file layout and its quirks (pure: no database)."""

from datetime import date, datetime

import pytest

from articles.parsing import ParseError, decode, parse_bytes, parse_text

TITLE = "افتتاح سوق جديدة للخضر في مدينة الواحة"
CAPTION = "جانب من السوق صباح الافتتاح"
PARAGRAPHS = [
    "افتتح المحافظ صباح أمس سوقاً جديدة تضم 120 متجراً للخضر والفاكهة.",
    'وقال مدير السوق سامر عبد الحليم: "ستُراجع الأسعار كل أسبوع مع التجار".',
]


def layout(
    *,
    scraped: str = "السبت 1 يونيو 2024",
    title: str | None = TITLE,
    caption: str | None = CAPTION,
    section_line: str | None = "اقتصاد1-2-2022 | 21:14",
    publisher: str | None = "صحيفة الوادي",
    paragraphs: list[str] = PARAGRAPHS,
    separator: str = "\n\n",
) -> str:
    blocks = [scraped, title, caption, section_line, publisher, *paragraphs]
    return separator.join(b for b in blocks if b is not None) + "\n"


def test_parses_every_block():
    article = parse_text(layout())
    assert article.scraped_on == date(2024, 6, 1)
    assert article.title == TITLE
    assert article.caption == CAPTION
    assert article.section == "اقتصاد"
    assert article.published_at == datetime(2022, 2, 1, 21, 14)
    assert article.published_at.tzinfo is None  # the importer applies the site's zone
    assert article.publisher == "صحيفة الوادي"
    assert article.paragraphs == PARAGRAPHS
    assert article.lines == {
        "scraped_on": 1, "title": 3, "caption": 5, "section": 7, "published_at": 7,
        "publisher": 9, "body": 11,
    }  # fmt: skip


def test_missing_caption_is_detected():
    article = parse_text(layout(caption=None))
    assert article.caption is None
    assert article.section == "اقتصاد"
    assert article.publisher == "صحيفة الوادي"
    assert article.paragraphs == PARAGRAPHS


def test_section_with_spaces_glued_to_date():
    article = parse_text(layout(section_line="علوم وتكنولوجيا3-11-2023 | 08:05"))
    assert article.section == "علوم وتكنولوجيا"
    assert article.published_at == datetime(2023, 11, 3, 8, 5)


def test_arabic_indic_digits_and_12_hour_time():
    article = parse_text(layout(section_line="رياضة١٥-٣-٢٠٢٤ | ٩:٠٥ م"))
    assert article.section == "رياضة"
    assert article.published_at == datetime(2024, 3, 15, 21, 5)


def test_morning_time():
    article = parse_text(layout(section_line="رياضة15-3-2024 | 12:30 ص"))
    assert article.published_at == datetime(2024, 3, 15, 0, 30)


def test_levantine_month_in_scrape_date():
    assert parse_text(layout(scraped="الأحد 3 تشرين الثاني 2024")).scraped_on == date(2024, 11, 3)


def test_utf8_bom_and_crlf():
    data = b"\xef\xbb\xbf" + layout().replace("\n", "\r\n").encode("utf-8")
    text, encoding = decode(data)
    assert encoding == "utf-8-sig"
    assert not text.startswith("\ufeff")
    article = parse_bytes(data)
    assert article.scraped_on == date(2024, 6, 1)
    assert article.paragraphs == PARAGRAPHS
    assert all("\r" not in p for p in article.paragraphs)


def test_windows_1256_is_detected_and_decoded_exactly():
    original = layout()
    data = original.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding = decode(data)
    assert encoding == "cp1256"
    assert text == original
    assert parse_bytes(data).paragraphs == PARAGRAPHS


def test_windows_1256_with_diacritics_is_still_arabic():
    paragraphs = ["قَالَ الْمُدِيرُ إِنَّ السُّوقَ سَتَفْتَحُ أَبْوَابَهَا يَوْمِيّاً."]
    data = layout(paragraphs=paragraphs).encode("cp1256")
    assert parse_bytes(data).paragraphs == paragraphs


def test_trailing_blanks_many_blank_lines_and_whitespace_only_lines():
    text = layout(separator="  \t\n \t \n\n\n\t\n")
    article = parse_text(text)
    assert article.title == TITLE
    assert article.caption == CAPTION
    assert article.paragraphs == PARAGRAPHS


def test_trailing_spaces_and_tabs_are_trimmed_from_every_line():
    article = parse_text(layout(paragraphs=["سطر أول\t  \nسطر ثانٍ   "], title=TITLE + " \t"))
    assert article.title == TITLE
    assert article.paragraphs == ["سطر أول\nسطر ثانٍ"]


def test_diacritics_tatweel_and_latin_words_are_kept_exactly():
    paragraphs = [
        "أَعْلَنَتِ الْوِزَارَةُ عَنْ خُطَّةٍ جَدِيدَةٍ.",
        "وصل وفد صندوق النقد الدولي IMF إلى الـــقـــاهرة، وناقش ملف NATO.",
    ]
    title = "مـــصـــر تستضيف مؤتمر الطاقة"
    article = parse_text(layout(paragraphs=paragraphs, title=title))
    assert article.paragraphs == paragraphs
    assert article.title == title


def test_bidi_and_zero_width_characters_are_kept():
    paragraph = "قال\u200f المتحدث \u200dإن الموعد ثابت."
    assert parse_text(layout(paragraphs=[paragraph])).paragraphs == [paragraph]


def test_wrapped_header_line_is_joined_with_a_space():
    article = parse_text(layout(title="افتتاح سوق جديدة\nللخضر في مدينة الواحة"))
    assert article.title == TITLE


def test_publisher_whitespace_is_collapsed():
    assert parse_text(layout(publisher="صحيفة   الوادي")).publisher == "صحيفة الوادي"


# --- Malformed files -------------------------------------------------------------------


def error_for(data: str | bytes) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return info.value


def test_empty_file():
    assert error_for(" \n\t\n").reason == "الملف فارغ"


def test_bad_scrape_date_names_line_1():
    error = error_for(layout(scraped="السبت 41 يونيو 2024"))
    assert error.line == 1
    assert "تاريخ الجمع" in error.reason


def test_missing_scrape_date():
    error = error_for(layout(scraped=TITLE, title="عنوان آخر"))
    assert error.line == 1


def test_no_headline():
    error = error_for(layout(title=None, caption=None))
    assert error.line == 3
    assert "لا يوجد عنوان" in error.reason


def test_only_a_date():
    error = error_for("السبت 1 يونيو 2024\n")
    assert error.line == 1
    assert "لا يوجد عنوان" in error.reason


def test_no_section_date_line():
    error = error_for(layout(section_line=None))
    assert error.line == 5  # where the caption or the section line was expected
    assert "سطر القسم" in error.reason


def test_section_line_without_time_is_not_accepted():
    error = error_for(layout(section_line="اقتصاد1-2-2022"))
    assert "سطر القسم" in error.reason


def test_bad_publication_date_names_its_line():
    error = error_for(layout(section_line="اقتصاد31-2-2022 | 21:14"))
    assert error.line == 7
    assert "تاريخ نشر غير صالح" in error.reason


def test_bad_publication_time():
    error = error_for(layout(caption=None, section_line="اقتصاد1-2-2022 | 25:14"))
    assert error.line == 5
    assert "وقت غير صالح" in error.reason


def test_section_line_without_section_name():
    error = error_for(layout(section_line="1-2-2022 | 21:14"))
    assert error.line == 7
    assert "بلا اسم قسم" in error.reason


def test_no_publisher():
    error = error_for(layout(publisher=None, paragraphs=[]))
    assert error.line == 7
    assert "الناشر" in error.reason


def test_no_body():
    error = error_for(layout(paragraphs=[]))
    assert error.line == 9
    assert "لا يوجد نص" in error.reason


def test_undecodable_bytes_name_the_line():
    data = layout().encode("utf-8")
    broken = data.replace("اقتصاد".encode(), b"\xd8\xff" + "قتصاد".encode()[1:], 1)
    error = error_for(broken)
    assert error.line == 7
    assert "لا يمكن فك ترميزها" in error.reason


def test_latin1_text_is_not_taken_for_windows_1256():
    error = error_for("Le caf\xe9 de la gare\n".encode("latin-1"))
    assert error.line == 1
    assert "لا يمكن فك ترميزها" in error.reason


def test_mojibake_is_refused():
    # UTF-8 Arabic once read as Windows-1256 and saved again as UTF-8.
    garbled = layout().encode("utf-8").decode("cp1256")
    error = error_for(garbled)
    assert error.line == 1
    assert "mojibake" in error.reason


def test_binary_file_is_refused():
    error = error_for(b"\x00\x01\x02PK\x03\x04")
    assert error.line == 1


def test_replacement_character_is_refused():
    error = error_for(layout(paragraphs=["نص فيه \ufffd محرف تالف."]))
    assert error.line == 11


def test_parse_error_message_names_the_line():
    assert str(ParseError(7, "سبب")) == "line 7: سبب"
    assert str(ParseError(None, "سبب")) == "سبب"


def test_caption_ending_with_a_date_is_still_the_caption():
    caption = "المحافظ يفتتح السوق 1-2-2022 | 10:00"
    article = parse_text(layout(caption=caption))
    assert article.caption == caption
    assert article.section == "اقتصاد"
    assert article.published_at == datetime(2022, 2, 1, 21, 14)


def test_missing_publisher_is_not_filled_with_the_first_paragraph():
    error = error_for(layout(publisher=None))
    assert error.line == 9
    assert "لا يوجد اسم الناشر" in error.reason
