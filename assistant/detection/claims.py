"""Check-worthy sentences: a score from the features that fired. Pure Python.

A fact-checker checks figures, percentages, amounts, dates, comparisons and
records, historical facts and statements attributed to a source. Opinions,
greetings and announced plans are not claims even when they hold a number, so
those features count against a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import split_sentences
from .text import fold, strip_conjunction, words

#: A sentence is a claim candidate from this score up.
THRESHOLD = 0.5

_w = lambda s: frozenset(fold(x) for x in s.split())  # noqa: E731

NUMBER_WORDS = _w(
    "ألف آلاف ألفا ألفي مليون ملايين مليار مليارات نصف ثلث ربع ضعف ضعفي مئة مائة مئات "
    "اثنين اثنان اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية تسع تسعة "
    "عشر عشرة عشرين عشرون ثلاثين أربعين خمسين ستين سبعين ثمانين تسعين عامين شهرين يومين أسبوعين"
)
PERCENT = re.compile(r"%|٪|بالمئة|بالمائة|في المئة|في المائة|بالمية")
CURRENCY = _w(
    "دولار دولارا دولاراً دولارات جنيه جنيها جنيهاً جنيهات دينار دينارا ديناراً دنانير ريال ريالا "
    "ريالات يورو درهم دراهم ليرة ليرات روبية"
)
MONTHS = _w(
    "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين"
)
YEAR = re.compile(r"(?<![\d.])(1[6-9]\d\d|20\d\d)(?![\d.])")
DIGIT = re.compile(r"[0-9٠-٩]")
COMPARISON = _w(
    "أكثر أقل أعلى أدنى أكبر أصغر أطول أقصر أسرع أبطأ أفضل أسوأ أول الأول الأولى ارتفع ارتفعت "
    "ارتفاع انخفض انخفضت انخفاض تراجع تراجعت زاد زادت زيادة بزيادة تضاعف تضاعفت يفوق تفوق "
    "مقارنة قياسي قياسيا القياسي الأكبر الأعلى الأقل الأدنى الأكثر الأسرع تجاوز تجاوزت يتجاوز "
    "تتجاوز بلغ بلغت يبلغ تبلغ سجل سجلت حطم حطمت خفض خفضت ارتفاعا انخفاضا ارتفاعاً انخفاضاً"
)
HISTORY = _w(
    "يعود تعود تأسس تأسست أسس أسست شيد شيدت بني بنيت منذ القرن أنشئ أنشئت اكتشف اكتشفت توفي ولد"
)
ATTRIBUTION = _w(
    "قال قالت أعلن أعلنت أكد أكدت أوضح أوضحت أشار أشارت ذكر ذكرت أفاد أفادت أظهرت أظهر كشف "
    "كشفت بحسب وفق وفقا نفى نفت صرح صرحت"
)
OPINION = _w(
    "أعتقد نعتقد أرى نرى أظن نظن نأمل آمل أتمنى نتمنى يجب ينبغي أردنا أريد نريد أشعر نشعر "
    "سعيد سعيدة سعداء فخور فخورون رائع رائعة جميل جميلة أحب نحب أدعو ندعو يأمل تأمل "
    "أفكر نفكر يستحق تستحق أتوقع نتوقع"
)
GREETING = _w(
    "شكرا شكراً أشكر نشكر نهنئ أهنئ تهنئة مبروك أهلا مرحبا تحية نرحب رحب رحبت ترحب هنأ هنأت"
)
PLAN = _w(
    "سوف يعتزم تعتزم نعتزم تخطط يخطط نخطط المقرر المنتظر تستهدف يستهدف نستهدف يسعى تسعى نسعى "
    "المقبل المقبلة القادم القادمة ستبدأ سيبدأ سيتم ستتم"
)


@dataclass(frozen=True, slots=True)
class Claim:
    start: int
    end: int
    text: str
    score: float
    features: tuple[str, ...]


def _future(form: str) -> bool:
    # "ستواصل", "سيناقشون": the future prefix on a present verb.
    return len(form) > 4 and form[0] == "س" and form[1] in "يتنا" and form not in NUMBER_WORDS


def score_sentence(sentence: str) -> tuple[float, tuple[str, ...]]:
    """(score in [0, 1], the features that fired) for one sentence."""
    forms = [strip_conjunction(w.form) for w in words(sentence)]
    raw = set(forms) | {w.form for w in words(sentence)}
    fired: dict[str, float] = {}
    if DIGIT.search(sentence) or raw & NUMBER_WORDS:
        fired["number"] = 0.5
    if PERCENT.search(sentence):
        fired["percentage"] = 0.3
    if raw & CURRENCY:
        fired["amount"] = 0.25
    if YEAR.search(sentence.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) or raw & MONTHS:
        fired["date"] = 0.25
    if raw & COMPARISON:
        fired["comparison"] = 0.3
    if raw & HISTORY:
        fired["history"] = 0.3
    if raw & ATTRIBUTION:
        fired["attributed"] = 0.2
    if raw & OPINION:
        fired["opinion"] = -0.45
    if raw & GREETING:
        fired["greeting"] = -0.6
    if raw & PLAN or any(_future(f) for f in forms):
        fired["plan"] = -0.45
    if sentence.rstrip('»”" ').endswith(("؟", "?")):
        fired["question"] = -0.4
    score = max(0.0, min(1.0, sum(fired.values())))
    return round(score, 2), tuple(fired)


def find_claims(text: str, threshold: float = THRESHOLD) -> list[Claim]:
    """Every sentence of ``text`` scoring at least ``threshold``."""
    claims = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        score, features = score_sentence(sentence)
        if score >= threshold:
            claims.append(Claim(start, end, sentence, score, features))
    return claims
