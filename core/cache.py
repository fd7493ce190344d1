"""Django's own Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache call, and
redis-py 8 builds its ~165-entry response-callback table in every constructor
(redis/redis-py#3624, fix open in #4124): measured here, ~0.45 ms of CPU per cache
call, most of a signed-in page's cost. A client only holds its pool (which checks its
process id, so a client made before gunicorn forks is safe after) and is shared by
threads as redis-py intends, so one per pool is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # its pool helpers are not in django-stubs
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
