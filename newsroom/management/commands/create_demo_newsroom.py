import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.models import Annotation
from articles.models import Article
from newsroom import services
from newsroom.models import ClaimReview, QuoteAttribution, ReviewStatus, Speaker, Verdict

# People quoted in the bundled sample articles (samples/), which the demo knows by name:
# (name as written before the quotation, speaker's name, short description).
SAMPLE_SPEAKERS = [
    ("فؤاد الجمال", "فؤاد الجمال", "مدير عام آثار الوجه البحري"),
    ("عمر الدسوقي", "عمر الدسوقي", "قائد فريق القمر الصناعي الطلابي"),
    ("ديما الخطيب", "ديما الخطيب", "رئيسة فريق تطبيق الري الذكي"),
    ("نبيل العمري", "نبيل العمري", "وزير، رئيس اجتماع الأمن الغذائي"),
]
DEMO_AUTHORS = ["reader", "editor"]


class Command(BaseCommand):
    help = (
        "Newsroom demo data (local use only): the demo editor reviews one demo claim and "
        "attributes quotes in the sample articles to their speakers."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for local development only (DJANGO_DEBUG=1).")
        users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_AUTHORS)}
        if "editor" not in users:
            raise CommandError("Run create_demo_accounts first.")
        self.review_a_claim(users["editor"])
        self.attribute_quotes(users.get("reader", users["editor"]), users["editor"])

    def review_a_claim(self, editor) -> None:
        demo_claims = ClaimReview.objects.filter(
            in_queue=True, annotation__author__username__in=DEMO_AUTHORS
        )
        if demo_claims.exclude(status=ReviewStatus.UNREVIEWED).exists():
            return
        review = demo_claims.select_related("annotation").order_by("claimed_at", "pk").first()
        if review is None:
            raise CommandError("No demo claim to review: run create_demo_annotations first.")
        claim: Annotation = review.annotation
        # An illustration on a made-up sample article: the verdict says so.
        services.claim_review_update(
            annotation=claim, editor=editor, status=ReviewStatus.REVIEWED,
            verdict=Verdict.UNVERIFIABLE, assignee=editor,
            rationale="مثال للعرض: المقال من العينات المكتوبة للمشروع، ولا مصدر منشورًا للرقم.",
        )  # fmt: skip
        services.evidence_add(
            annotation=claim,
            editor=editor,
            title="دليل استخدام قارئ الأخبار",
            url="https://example.org/newsreader/claims",
        )
        self.stdout.write(f"Demo newsroom: claim {claim.pk} reviewed.")

    def attribute_quotes(self, author, editor) -> None:
        made = 0
        for written, name, description in SAMPLE_SPEAKERS:
            # The quoted words after "<name> ...:", as the samples write them.
            pattern = re.compile(re.escape(written) + r'[^"\n]*?: *"([^"\n]+)"')
            for article in Article.objects.published().filter(body__contains=written):
                match = pattern.search(article.body)
                if (
                    match is None
                    or QuoteAttribution.objects.filter(
                        annotation__article=article, speaker__name=name
                    ).exists()
                ):
                    continue
                quote, _ = services.annotation_create(
                    article=article, author=author, kind=Annotation.Kind.QUOTE,
                    visibility=Annotation.Visibility.PUBLIC, start=match.start(1),
                    end=match.end(1), exact=match.group(1), comment="", tags=[],
                )  # fmt: skip
                speaker = Speaker.objects.filter(name=name).first() or services.speaker_create(
                    editor=editor, name=name, description=description
                )
                services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
                made += 1
        if made:
            self.stdout.write(f"Demo newsroom: {made} quotes attributed to their speakers.")
