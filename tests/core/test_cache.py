"""core.cache.RedisCache: Django's Redis backend with one redis-py client per pool,
against the real Redis server (CI installs redis-server)."""

from __future__ import annotations

import uuid

import pytest

from core.cache import RedisCache
from tests.redis_server import REDIS_URL, redis_up

pytestmark = pytest.mark.skipif(not redis_up(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def redis_cache():
    # A key prefix of its own: other tests and processes may share this Redis.
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["a", "b", "c"])


def test_one_client_serves_every_call(redis_cache):
    first = redis_cache._cache.get_client(write=False)
    assert redis_cache._cache.get_client(write=True) is first  # one server: one pool
    assert redis_cache._cache.get_client("any-key") is first


def test_it_behaves_as_djangos_backend(redis_cache):
    assert redis_cache.get("absent") is None
    redis_cache.set("a", {"versions": (1, 2)}, 30)
    assert redis_cache.get("a") == {"versions": (1, 2)}
    assert redis_cache.add("a", "other") is False
    redis_cache.set_many({"b": b"bytes", "c": 3})
    assert redis_cache.get_many(["a", "b", "c", "absent"]) == {
        "a": {"versions": (1, 2)},
        "b": b"bytes",
        "c": 3,
    }
    assert redis_cache.incr("c") == 4
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
