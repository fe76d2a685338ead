"""Django's Redis cache, with its redis-py client made once per connection pool instead of on every call.

Django's `RedisCacheClient.get_client` wraps its pool in a new `redis.Redis` for each cache operation: a
signed-in page paid more for building that object (redis-py sets up its callbacks and retry policy each time)
than for reading its session from Redis. A `redis.Redis` keeps no state but its pool and is safe to share, so
one per pool is kept (decision 0013). Everything else is Django's backend: settings name this one instead.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
