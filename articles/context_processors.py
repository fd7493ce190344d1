from django.conf import settings
from django.http import HttpRequest

from .models import Section


def site(request: HttpRequest) -> dict:
    # The queryset stays lazy: one query only on pages that render the nav.
    return {
        # Not "site_name": Django's auth views put the domain under that name.
        "brand_name": settings.NEWSREADER_SITE_NAME,
        "nav_sections": Section.objects.only("name", "slug"),
    }
