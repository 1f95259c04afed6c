"""gunicorn settings for `make run`: a production-grade server on loopback."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count()))))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
keepalive = 5
# Recycle workers rarely: each restart empties its per-process cache (see bench/NOTES.md).
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = None  # the app writes structured request logs itself
errorlog = "-"
preload_app = True
# gunicorn's control socket (gunicornc) is not used; left on, every instance on a machine
# would take the same path in $HOME and the last one started would hold it.
control_socket_disable = True
