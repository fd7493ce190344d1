"""gunicorn configuration for production: `gunicorn -c newsreader/gunicorn.conf.py`.

Sync workers, one per core plus one: threaded workers were seen to starve under
HTTP keep-alive on the 2-core machines this runs on. Put a proxy (nginx, Caddy)
in front for TLS, slow clients and keep-alive.
"""

import multiprocessing
import os
import re
import tempfile

wsgi_app = "newsreader.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
timeout = 30
graceful_timeout = 30
# The app is imported once in the master and forked: a worker starts in milliseconds
# instead of ~0.7 CPU-s of imports, and the workers share the imported code's memory.
# (Database connections open lazily in each worker, after the fork.)
preload_app = True
# Recycling only guards against slow leaks: rarely, and with jitter wide enough that
# the workers never restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 50_000))
max_requests_jitter = max_requests // 2
# One control socket per instance (gunicorn's default path is shared by every
# instance of the user, so a second one on another port would take over the first's):
# named after the bind address unless GUNICORN_CONTROL_SOCKET gives one.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    tempfile.gettempdir(), f"newsreader-gunicorn-{re.sub(r'[^A-Za-z0-9]+', '-', bind)}.ctl"
)
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def _drop_server_header() -> None:
    # gunicorn has no setting for its "Server: gunicorn" header, which tells an
    # attacker what runs here; the config file runs in the master before the
    # workers fork, so removing the line here removes it from every response.
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def without_server(self):
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    wsgi.Response.default_headers = without_server


_drop_server_header()
