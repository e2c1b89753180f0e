"""gunicorn settings for efiling: `efiling serve` uses them, and so does production:

    gunicorn -c config/gunicorn.conf.py config.wsgi:application

Threaded workers, so that a request waiting on the database, the document store or a slow
client does not hold a whole process; efiling.core.web_worker holds every client to deadlines
and a minimum rate, and caps the request bodies received at once (efiling.core.slow_clients:
EFILING_CLIENT_TIMEOUT, EFILING_CLIENT_HEAD_SECONDS, EFILING_CLIENT_MIN_RATE,
EFILING_UPLOAD_SLOTS, ...), so clients that stall or trickle cannot starve the server. In
production a reverse proxy that buffers request bodies sits in front (docs/operations.md).
Command-line options override these.
"""

import os

from efiling.core.processes import die_with_parent

bind = os.environ.get("EFILING_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("EFILING_WEB_WORKERS", "2"))
# Each thread serves one request at a time and keeps its own database connection. Half of
# them at most receive request bodies at once (EFILING_UPLOAD_SLOTS): the rest stay free.
threads = int(os.environ.get("EFILING_WEB_THREADS", "16"))
worker_class = "efiling.core.web_worker.StallLimitedThreadWorker"
worker_connections = 1000  # open connections per process, idle keep-alive ones included
timeout = 30  # a worker process that stops answering its heartbeat this long is replaced
graceful_timeout = 30
keepalive = 5
# No request-line cap here (this gunicorn still stops at 1 MB): Django answers an over-long
# query string itself, in words, instead of a bare 400 from the server.
limit_request_line = 0
accesslog = "-"
# gunicorn 27 opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): two
# servers on one machine would take it from each other. Give each its own path to use it.
control_socket_disable = True


def post_fork(server, worker):
    """A worker dies with its master, even a master killed with SIGKILL: orphaned workers
    would keep serving and hold the port, so a new master could not start."""
    die_with_parent(server.pid)
