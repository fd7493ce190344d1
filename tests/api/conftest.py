import json

import pytest

from api import services
from tests import factories

LD = "application/ld+json"


class Api:
    """A Django test client speaking the protocol with one user's bearer token."""

    def __init__(self, client, user=None) -> None:
        self.client = client
        self.headers = {}
        if user is not None:
            _token, raw = services.token_create(user=user, name="tests")
            self.raw = raw
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, url, **headers):
        return self.client.get(url, **self.headers, **headers)

    def head(self, url, **headers):
        return self.client.head(url, **self.headers, **headers)

    def options(self, url, **headers):
        return self.client.options(url, **self.headers, **headers)

    def post(self, url, data, *, content_type=LD, **headers):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data, ensure_ascii=False)
        return self.client.post(url, body, content_type=content_type, **self.headers, **headers)

    def put(self, url, data, *, content_type=LD, **headers):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data, ensure_ascii=False)
        return self.client.put(url, body, content_type=content_type, **self.headers, **headers)

    def delete(self, url, **headers):
        return self.client.delete(url, **self.headers, **headers)


@pytest.fixture
def api_for(client):
    return lambda user=None: Api(client, user)


def w3c_annotation(article, phrase: str, *, comment: str = "تعليق من برنامج", **extra) -> dict:
    start = article.body.index(phrase)
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": comment},
        "target": {
            "source": "http://testserver" + article.get_absolute_url(),
            "selector": [
                {"type": "TextPositionSelector", "start": start, "end": start + len(phrase)},
                {"type": "TextQuoteSelector", "exact": phrase},
            ],
        },
    }
    data.update(extra)
    return data


@pytest.fixture
def article(db):
    return factories.make_article()


def container_url(article) -> str:
    return f"/api/articles/{article.pk}/annotations/"
