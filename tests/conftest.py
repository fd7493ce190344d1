import pytest

from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article(db):
    return factories.make_article()


@pytest.fixture
def user(db):
    return factories.make_user()


@pytest.fixture
def staff_user(db):
    return factories.make_user("staff", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate-limit counters and cached counts live in the cache: no test sees another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
