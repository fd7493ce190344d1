"""Deterministic synthetic articles in the newsreader file layout, for benchmarks.

    python -m bench.generate DIR [N] [--seed S]

As a module: ``iter_articles(n)`` yields ``(file_name, bytes)``; ``generate_files(dir, n)``
writes them. The same ``n`` and ``seed`` always give the same bytes. Files carry the
quirks real files have, in fixed proportions: no caption, Windows-1256, BOM and CRLF,
Arabic-Indic digits with 12-hour times, Levantine month names, trailing blanks and runs
of blank lines, diacritics and tatweel.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

SECTIONS = ["عرب وعالم", "اقتصاد", "رياضة", "ثقافة", "علوم وتكنولوجيا", "محافظات", "صحة", "حوادث"]
PUBLISHERS = ["صحيفة الوادي", "وكالة أنباء الشرق", "بوابة النيل", "مجلة الأفق", "جريدة المساء"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EGYPTIAN_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
LEVANTINE_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                    "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip
NOUNS = [
    "الحكومة",
    "الوزارة",
    "المجلس",
    "اللجنة",
    "المدينة",
    "القرية",
    "المحافظة",
    "الشركة",
    "المصنع",
    "السوق",
    "البنك",
    "الميناء",
    "المطار",
    "الجامعة",
    "المدرسة",
    "المستشفى",
    "الفريق",
    "المنتخب",
    "الملعب",
    "المهرجان",
    "المعرض",
    "الكتاب",
    "المسرح",
    "الطريق",
    "الجسر",
    "المشروع",
    "الخطة",
    "الميزانية",
    "الصادرات",
    "الواردات",
    "الأسعار",
    "الأجور",
    "المزارعون",
    "الصيادون",
    "الطلاب",
    "الأطباء",
    "المهندسون",
    "السكان",
    "الزوار",
    "البحر",
    "النهر",
    "الصحراء",
    "الأمطار",
    "الطاقة",
    "المياه",
    "الكهرباء",
    "القمح",
    "القطن",
    "الذهب",
    "النفط",
    "الغاز",
    "الشبكة",
    "التطبيق",
    "البيانات",
    "القمر",
    "المختبر",
    "البحث",
    "الدراسة",
    "التقرير",
]
VERBS = [
    "أعلنت",
    "أكدت",
    "ناقشت",
    "افتتحت",
    "أطلقت",
    "رفضت",
    "وافقت",
    "بحثت",
    "استقبلت",
    "قررت",
    "طالبت",
    "كشفت",
    "سجلت",
    "حققت",
    "خفضت",
    "رفعت",
    "وقعت",
    "بدأت",
    "أنهت",
    "استكملت",
    "تابعت",
    "عرضت",
    "دعت",
    "حذرت",
    "توقعت",
    "أشارت",
    "أوضحت",
]
ADJECTIVES = [
    "الجديد",
    "الكبير",
    "الأول",
    "الحالي",
    "المقبل",
    "الماضي",
    "الوطني",
    "المحلي",
    "الدولي",
    "الإقليمي",
    "السنوي",
    "الرسمي",
    "الشامل",
    "السريع",
    "الواسع",
    "الرئيسي",
    "العام",
    "الخاص",
    "الأخير",
    "المشترك",
]
CONNECTORS = ["في", "على", "من", "إلى", "مع", "بعد", "قبل", "خلال", "حول", "عبر", "لدى", "بين"]
PEOPLE = ["سامي الحداد", "ليلى منصور", "كريم عبد الهادي", "نادية الشريف", "هشام البنا", "رنا خليل"]
DIACRITIZED = ["الْمَدِينَةُ", "الْعِلْمُ", "السَّلَامُ", "الْقَمْحِ", "مُسْتَقْبَلٌ"]
TATWEEL = ["الـــقـــاهرة", "جـــديـــد", "مـــصـــر"]
LATIN = ["NATO", "IMF", "GDP", "FIFA", "AI"]

_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
START = datetime(2016, 1, 1, 6, 0)  # Egypt kept no daylight saving 2015-2022: no gaps


def _sentence(rng: random.Random, words: int) -> str:
    parts = [rng.choice(VERBS), rng.choice(NOUNS), rng.choice(ADJECTIVES)]
    while len(parts) < words:
        roll = rng.random()
        if roll < 0.05:
            parts.append(rng.choice(DIACRITIZED))
        elif roll < 0.07:
            parts.append(rng.choice(TATWEEL))
        elif roll < 0.09:
            parts.append(rng.choice(LATIN))
        elif roll < 0.15:
            parts.append(str(rng.randint(2, 950)))
        else:
            parts.extend([rng.choice(CONNECTORS), rng.choice(NOUNS)])
    return " ".join(parts) + rng.choice([".", ".", ".", "؟"])


def _paragraph(rng: random.Random) -> str:
    sentences = [_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        quote = _sentence(rng, rng.randint(6, 12)).rstrip(".")
        sentences.append(f'وقال {rng.choice(PEOPLE)}: "{quote}".')
    return " ".join(sentences)


def _article(rng: random.Random, i: int) -> tuple[str, bytes]:
    # Distinct publication minutes keep every identity unique.
    published = START + timedelta(minutes=17 * i + rng.randint(0, 16))
    scraped = published + timedelta(days=rng.randint(0, 900))
    levantine = rng.random() < 0.1
    indic = rng.random() < 0.1
    months = LEVANTINE_MONTHS if levantine else EGYPTIAN_MONTHS
    scrape_line = (
        f"{WEEKDAYS[scraped.weekday()]} {scraped.day} {months[scraped.month - 1]} {scraped.year}"
    )
    if indic:
        hour12 = published.hour % 12 or 12
        meridiem = "ص" if published.hour < 12 else "م"
        day = f"{published.day}-{published.month}-{published.year}"
        stamp = f"{day} | {hour12}:{published.minute:02d} {meridiem}".translate(_INDIC)
    else:
        stamp = f"{published.day}-{published.month}-{published.year} | {published:%H:%M}"
    title = " ".join(
        [rng.choice(NOUNS), rng.choice(VERBS), rng.choice(NOUNS), rng.choice(ADJECTIVES)]
        + [rng.choice(CONNECTORS), rng.choice(NOUNS)] * rng.randint(1, 2)
    )
    title = f"{title} ({i})" if rng.random() < 0.5 else title
    blocks = [scrape_line, title]
    if rng.random() < 0.8:
        blocks.append(f"صورة من {rng.choice(NOUNS)} {rng.choice(ADJECTIVES)}")
    blocks += [f"{rng.choice(SECTIONS)}{stamp}", rng.choice(PUBLISHERS)]
    blocks += [_paragraph(rng) for _ in range(rng.randint(4, 7))]

    separator = "\n\n\n" if rng.random() < 0.2 else "\n\n"
    if rng.random() < 0.1:
        blocks = [block + rng.choice([" ", "\t", "  \t"]) for block in blocks]
        separator = "\n \t\n"
    content = separator.join(blocks) + "\n"
    roll = rng.random()
    if roll < 0.05 and not indic:  # Windows-1256 has no Arabic-Indic digits
        data = content.encode("cp1256")
    elif roll < 0.10:
        data = b"\xef\xbb\xbf" + content.replace("\n", "\r\n").encode("utf-8")
    else:
        data = content.encode("utf-8")
    return f"{i:06d}.txt", data


def iter_articles(n: int, *, seed: int = 2022) -> Iterator[tuple[str, bytes]]:
    """Yield ``n`` synthetic article files as ``(file_name, bytes)``."""
    rng = random.Random(seed)
    for i in range(n):
        yield _article(rng, i)


def generate_files(directory: str | Path, n: int, *, seed: int = 2022) -> list[Path]:
    """Write ``n`` article files into ``directory`` (created if needed); return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in iter_articles(n, seed=seed):
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    paths = generate_files(args.directory, args.n, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.directory}")


if __name__ == "__main__":
    main()
