"""gunicorn settings for efiling: `efiling serve` uses them, and so does production:

    gunicorn -c config/gunicorn.conf.py config.wsgi:application

Threaded workers, so that a request waiting on the database, the document store or a slow
client does not hold a whole process; every read from a client times out after
EFILING_CLIENT_TIMEOUT seconds without progress (efiling.core.web_worker), so clients that
send headers and stall cannot starve the server. In production a reverse proxy that buffers
request bodies sits in front (docs/operations.md). Command-line options override these.
"""

import os

bind = os.environ.get("EFILING_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("EFILING_WEB_WORKERS", "2"))
# Each thread serves one request at a time and keeps its own database connection. Enough of
# them that ten stalled uploads cannot fill one process before their reads time out.
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
