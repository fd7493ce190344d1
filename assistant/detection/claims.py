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
#: The highest score of a sentence whose plan comes before its figures.
PLAN_CAP = 0.3


def _w(words: str) -> frozenset[str]:
    """A word list written as one string, in the matching form."""
    return frozenset(fold(x) for x in words.split())


NUMBER_WORDS = _w(
    "ألف آلاف ألفا ألفي مليون ملايين مليار مليارات نصف ثلث ربع ضعف ضعفي مئة مائة مئات "
    "اثنين اثنان اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية تسع تسعة "
    "عشر عشرة عشرين عشرون ثلاثين أربعين خمسين ستين سبعين ثمانين تسعين عامين شهرين يومين أسبوعين "
    "دقيقتين ساعتين سنتين مرتين مليوني مليونا مليارا ملياري ساعتان دقيقتان عامان شهران يومان مرتان"
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
YEAR = re.compile(r"(?<!\d)(?<!\d\.)(1[6-9]\d\d|20\d\d)(?!\d|\.\d)")
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
    "قال قالت أضاف أضافت أعلن أعلنت أكد أكدت أوضح أوضحت أشار أشارت ذكر ذكرت أفاد أفادت أظهرت أظهر كشف "
    "كشفت بحسب وفق وفقا نفى نفت صرح صرحت"
)
OPINION = _w(
    "أعتقد نعتقد أرى نرى أظن نظن نأمل آمل أتمنى نتمنى يجب ينبغي أردنا أريد نريد أشعر نشعر "
    "سعيد سعيدة سعداء فخور فخورون رائع رائعة جميل جميلة أحب نحب أدعو ندعو يأمل تأمل "
    "أفكر نفكر يستحق تستحق أتوقع نتوقع نرجو يرجى ننصح تنصح ينصح نحث نطالب"
)
GREETING = _w(
    "شكرا شكراً أشكر نشكر نهنئ أهنئ تهنئة مبروك أهلا مرحبا تحية نرحب رحب رحبت ترحب هنأ هنأت"
)
PLAN = _w(
    "سوف يعتزم تعتزم نعتزم تخطط يخطط نخطط المقرر المنتظر تستهدف يستهدف نستهدف يسعى تسعى نسعى "
    "المقبل المقبلة القادم القادمة ستبدأ سيبدأ سيتم ستتم لن غدا غداً"
)


@dataclass(frozen=True, slots=True)
class Claim:
    start: int
    end: int
    text: str
    score: float
    features: tuple[str, ...]


FINDING = _w("ثبت ثبتت أثبت أثبتت تبين تبينت كشف كشفت أظهر أظهرت رصد رصدت وثق وثقت")
DENIAL = _w("نفى نفت ينفي تنفي نفوا")
RANK = _w("المركز المرتبة بالمركز بالمرتبة المركزين")
ORDINALS = _w(
    "الأول الأولى الثاني الثانية الثالث الثالثة الرابع الرابعة الخامس الخامسة السادس العاشر الأخير الأخيرة"
)
TIME_OF_DAY = _w("صباحا صباحاً مساء مساءً ظهرا ظهراً عصرا عصراً فجرا ليلا")
SCHEDULE = _w("يستمر تستمر يفتح تفتح تنطلق ينطلق تقام يقام يبدأ تبدأ")
#: Words that start with a future-looking س but are nouns (سنوات, سيارات, سياسي).
_NOT_FUTURE_ENDINGS = ("ه", "ات", "ين")
_NOT_FUTURE = _w("سياسي سياحي سنوي سيناء سنويا سنوياً")


def _future(form: str) -> bool:
    # "ستواصل", "سيناقشون": the future prefix on a present verb.
    return (
        len(form) > 4
        and form[0] == "س"
        and form[1] in "يتنا"
        and form not in NUMBER_WORDS
        and form not in _NOT_FUTURE
        and not form.endswith(_NOT_FUTURE_ENDINGS)
    )


def _number_form(form: str) -> bool:
    # "لثلاث", "بخمسة": a number word with a preposition attached.
    return form in NUMBER_WORDS or (form[:1] in "بلك" and form[1:] in NUMBER_WORDS)


def score_sentence(sentence: str) -> tuple[float, tuple[str, ...]]:
    """(score in [0, 1], the features that fired) for one sentence."""
    return _score(sentence, 0, len(sentence))


def _score(text: str, start: int, end: int) -> tuple[float, tuple[str, ...]]:
    sentence = text[start:end]
    ws = words(text, start, end)
    forms = [strip_conjunction(w.form) for w in ws]
    raw = set(forms) | {w.form for w in ws}
    fired: dict[str, float] = {}
    first_number = next(
        (
            i
            for i, w in enumerate(ws)
            if DIGIT.search(w.text) or _number_form(forms[i]) or _number_form(w.form)
        ),
        None,
    )
    if first_number is not None:
        fired["number"] = 0.5
    if PERCENT.search(sentence):
        fired["percentage"] = 0.3
    if raw & CURRENCY:
        fired["amount"] = 0.25
    if YEAR.search(sentence.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) or raw & MONTHS:
        fired["date"] = 0.25
    if raw & COMPARISON:
        fired["comparison"] = 0.3
    if any(forms[i] in RANK and forms[i + 1] in ORDINALS for i in range(len(forms) - 1)):
        fired["rank"] = 0.5
    if raw & HISTORY:
        fired["history"] = 0.3
    if raw & ATTRIBUTION:
        fired["attributed"] = 0.2
    if raw & FINDING:
        fired["finding"] = 0.3
    if raw & DENIAL:
        fired["denial"] = 0.3
    if raw & OPINION:
        fired["opinion"] = -0.45
    if raw & GREETING:
        fired["greeting"] = -0.6
    # A plan or forecast counts against a sentence when it comes before its
    # figures ("ستواصل خفض الدين إلى 80 بالمئة"), not when a past figure leads
    # ("كانت المنازل تحصل على المياه ست ساعات، ومن الآن ستصلها").
    first_plan = next(
        (i for i, (w, f) in enumerate(zip(ws, forms)) if f in PLAN or w.form in PLAN or _future(f)),
        None,
    )
    if first_plan is not None and (first_number is None or first_plan < first_number):
        fired["plan"] = -0.45
    if raw & TIME_OF_DAY and (raw & SCHEDULE or "حتي" in raw):
        fired["schedule"] = -0.4
    if sentence.rstrip('»”" ').endswith(("؟", "?")):
        fired["question"] = -0.4
    score = max(0.0, min(1.0, sum(fired.values())))
    if "plan" in fired:
        # The figures belong to the plan: what is announced is not yet checkable.
        score = min(score, PLAN_CAP)
    return round(score, 2), tuple(fired)


def find_claims(text: str, threshold: float = THRESHOLD) -> list[Claim]:
    """Every sentence of ``text`` scoring at least ``threshold``."""
    claims = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        score, features = _score(text, start, end)
        if score >= threshold:
            claims.append(Claim(start, end, sentence, score, features))
    return claims
