import pytest

from tests import factories


@pytest.fixture
def article(db):
    return factories.make_article()


@pytest.fixture
def user(db):
    return factories.make_user()


@pytest.fixture
def staff_user(db):
    return factories.make_user("staff", is_staff=True, is_superuser=True)
