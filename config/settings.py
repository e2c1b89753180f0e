"""Settings for efiling, read from the environment (see docs/operations.md for every variable).

Embedded mode (the default) runs on SQLite and a local document folder under EFILING_DATA_DIR.
Production mode (EFILING_ENV=production) refuses to start without a secret key, without a field
encryption key, without signing keys or with debug on.
"""

from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    email_from_url,
    email_webhook_secret,
    embedded_key,
    embedded_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
    storage_from_url,
)
from efiling.core.client_address import forwarded_header_key, trusted_networks
from efiling.core.secrets_at_rest import cipher
from efiling.core.signing import generate_private_key_text, keyring

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("EFILING_DATA_DIR", str(BASE_DIR / "var"))).resolve()

EFILING_ENV = env_str("EFILING_ENV", "embedded")
if EFILING_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("EFILING_ENV must be 'embedded' or 'production'.")
PRODUCTION = EFILING_ENV == "production"

DEBUG = env_bool("EFILING_DEBUG", default=False)
SECRET_KEY = env_str("EFILING_SECRET_KEY")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "Production mode needs EFILING_SECRET_KEY (50+ random characters)."
        )
    if DEBUG:
        raise ImproperlyConfigured(
            "Production mode refuses EFILING_DEBUG=true: it leaks court data."
        )
elif not SECRET_KEY:
    SECRET_KEY = embedded_secret_key(DATA_DIR)
# Encrypts secrets kept in the database (TOTP secrets): comma-separated Fernet keys, the first
# encrypts and all decrypt (efiling.core.secrets_at_rest, docs/operations.md).
EFILING_FIELD_KEY = env_str("EFILING_FIELD_KEY")
if PRODUCTION and not EFILING_FIELD_KEY:
    raise ImproperlyConfigured(
        "Production mode needs EFILING_FIELD_KEY (a Fernet key; see docs/operations.md)."
    )
if not EFILING_FIELD_KEY:
    EFILING_FIELD_KEY = embedded_key(DATA_DIR, "field_key", lambda: Fernet.generate_key().decode())
cipher(EFILING_FIELD_KEY)  # a malformed key stops the start here, not at the first sign-in
# Sign what others check from outside (audit checkpoints): comma-separated Ed25519 keys, the first
# signs and all verify (efiling.core.signing, docs/operations.md). Kept out of the database.
EFILING_SIGNING_KEYS = env_str("EFILING_SIGNING_KEYS")
if PRODUCTION and not EFILING_SIGNING_KEYS:
    raise ImproperlyConfigured(
        "Production mode needs EFILING_SIGNING_KEYS (make one with `efiling signing_keys "
        "--generate`; see docs/operations.md)."
    )
if not EFILING_SIGNING_KEYS:
    EFILING_SIGNING_KEYS = embedded_key(DATA_DIR, "signing_keys", generate_private_key_text)
keyring(EFILING_SIGNING_KEYS)  # a malformed key stops the start here

ALLOWED_HOSTS = env_list("EFILING_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("EFILING_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "efiling.accounts.apps.AdministrationSiteConfig",  # the Django admin, for system admins
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before django_tasks_db: its `db_worker` command is replaced by efiling.core's, which
    # outlives database outages.
    "efiling.core",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_tasks",
    "django_tasks_db",
    "anymail",  # mail providers' APIs and their tracking webhooks (bounces, decision 0015)
    "ninja",  # its Swagger UI assets, served from here: the API docs work without internet
    "efiling.accounts",
    "efiling.audit",
    "efiling.courts",
    "efiling.cases",
    "efiling.payments",
    "efiling.filings",
    "efiling.docket",
    "efiling.scheduling",
    "efiling.service",
    "efiling.feeds",
    "efiling.availability",
    "efiling.public",
    "django_ratelimit",  # its checks refuse a cache that is not shared or not atomic
    "efiling.api",
    "efiling.helpdesk",
    "efiling.demo",
]

MIDDLEWARE = [
    # Outermost: their headers (nosniff, referrer policy, X-Frame-Options DENY) go on every
    # answer, also one made by a middleware below (a 429, a 405 page, a 503).
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # HEAD on the API is its GET without the body (django-ninja answers HEAD 405 by itself).
    "efiling.api.head.ApiHeadMiddleware",
    # Then: every error answer under /api/ is JSON, also one raised by a middleware below.
    "efiling.api.errors.ApiErrorShapeMiddleware",
    # Next: a database that does not answer is 503 with Retry-After, on pages and in the API.
    "efiling.core.database_outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: cookies and headers no client of ours sends never reach the database.
    "efiling.core.middleware.RequestHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Scraping of the public side is throttled per address; courthouse terminals never.
    "efiling.public.throttle.PublicThrottleMiddleware",
    # Planned maintenance: writes (and the public search, when stopped) answer 503.
    "efiling.availability.middleware.MaintenanceMiddleware",
    "efiling.core.middleware.RequestInputMiddleware",
    "efiling.accounts.middleware.IdleSessionMiddleware",
    "efiling.core.db_router.ReadYourWritesMiddleware",
    "efiling.core.middleware.DomainErrorMiddleware",
    # A page's empty 405 (require_POST and the like) becomes the error page, in words.
    "efiling.core.middleware.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Widgets render through the project's templates too (the USWDS date picker's wrapper,
# efiling/templates/includes/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "efiling" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "efiling.availability.context_processors.help_desk",
                "efiling.service.context_processors.navigation",
            ],
        },
    },
]


def database_settings(url: str) -> dict:
    """One database from a URL; SQLite gets WAL and IMMEDIATE transactions so that concurrent
    writers wait for each other instead of failing (see docs/architecture.md, audit chain)."""
    config = dj_database_url.parse(url, conn_max_age=env_int("EFILING_DB_CONN_MAX_AGE", 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON;",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


def replica_database_settings(url: str) -> dict:
    """The streaming replica (PostgreSQL only) from a URL: its sessions are read-only, so even a
    replica that would accept writes refuses them; a replica that does not answer within
    `connect_timeout` seconds (3 unless the URL says) is skipped (efiling.core.db_router).
    Tests never create a database on it: it mirrors the primary's test database."""
    config = database_settings(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "EFILING_REPLICA_DATABASE_URL must name a PostgreSQL streaming replica "
            "(postgres://...)."
        )
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", 3)
    options["options"] = f"{options.get('options', '')} -c default_transaction_read_only=on".strip()
    config["TEST"] = {"MIRROR": "default"}
    return config


DATABASES = {
    "default": database_settings(
        env_str("EFILING_DATABASE_URL", f"sqlite:///{DATA_DIR / 'efiling.sqlite3'}")
    )
}
# The database owner, for migrations only: `efiling migrate` connects so and then grants the
# application's role (EFILING_DATABASE_URL), which may not change the audit trail
# (efiling.audit.grants, docs/operations.md).
EFILING_MIGRATE_DATABASE = (
    database_settings(env_str("EFILING_MIGRATE_DATABASE_URL"))
    if env_str("EFILING_MIGRATE_DATABASE_URL")
    else None
)
# Public search and read-only lists may read a streaming replica (efiling.core.db_router; every
# write and every other read stays on the primary). A user who wrote within the last
# EFILING_READ_YOUR_WRITES_SECONDS reads the primary.
EFILING_REPLICA_DATABASE = ""
if env_str("EFILING_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = replica_database_settings(env_str("EFILING_REPLICA_DATABASE_URL"))
    EFILING_REPLICA_DATABASE = "replica"
DATABASE_ROUTERS = ["efiling.core.db_router.PrimaryReplicaRouter"]
EFILING_READ_YOUR_WRITES_SECONDS = env_int("EFILING_READ_YOUR_WRITES_SECONDS", 30)
# A replica more than this many seconds behind the primary is not read (efiling.core.db_router):
# the public must not see a case sealed or expunged since.
EFILING_REPLICA_MAX_LAG_SECONDS = env_int("EFILING_REPLICA_MAX_LAG_SECONDS", 10)
# An Idempotency-Key claimed by a request that then died (its process killed) answers 409 "in
# flight" this long before a retry may take the claim over (efiling.api.idempotency).
EFILING_IDEMPOTENCY_CLAIM_SECONDS = env_int("EFILING_IDEMPOTENCY_CLAIM_SECONDS", 300)
# The health monitor (`efiling serve` runs it; efiling.availability.monitor) checks the database
# and the document storage every EFILING_HEALTH_CHECK_SECONDS and opens an incident on the
# status page when one has failed for EFILING_INCIDENT_AFTER_SECONDS or longer.
EFILING_HEALTH_CHECK_SECONDS = env_int("EFILING_HEALTH_CHECK_SECONDS", 15)
EFILING_INCIDENT_AFTER_SECONDS = env_int("EFILING_INCIDENT_AFTER_SECONDS", 120)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "my-home"  # each role's own home (efiling.homes)
# Sign-in protection: after SLOW_AFTER failures (per account and per address) within the window,
# each attempt must wait longer; after LOCK_AFTER failures the account or address is locked.
EFILING_SIGNIN_WINDOW_SECONDS = env_int("EFILING_SIGNIN_WINDOW_SECONDS", 15 * 60)
EFILING_SIGNIN_SLOW_AFTER = env_int("EFILING_SIGNIN_SLOW_AFTER", 3)
EFILING_SIGNIN_LOCK_AFTER = env_int("EFILING_SIGNIN_LOCK_AFTER", 10)
# Idempotency records kept this long (efiling.api.idempotency): a retry within it is safe.
EFILING_IDEMPOTENCY_KEY_DAYS = env_int("EFILING_IDEMPOTENCY_KEY_DAYS", 7)
# Filers' second factor (attorneys, pro hac vice, staff, self-represented; court staff always
# need one): required by default. A filer account that existed when the requirement came in has
# EFILING_SECOND_FACTOR_GRACE_DAYS to set one up (User.second_factor_due_at); a new one sets it
# up at its first sign-in. One setting for the whole system: a filer's account is not one
# court's, so a court policy could not decide it (docs/operations.md).
EFILING_FILER_SECOND_FACTOR_REQUIRED = env_bool(
    "EFILING_FILER_SECOND_FACTOR_REQUIRED", default=True
)
EFILING_SECOND_FACTOR_GRACE_DAYS = env_int("EFILING_SECOND_FACTOR_GRACE_DAYS", 30)
# The client's address behind reverse proxies (efiling.core.client_address): the proxies'
# addresses or CIDR networks, comma-separated (none by default: the forwarded header is then
# never read), and the one header they write: x-forwarded-for or forwarded (RFC 7239).
EFILING_TRUSTED_PROXIES = env_list("EFILING_TRUSTED_PROXIES", "")
EFILING_FORWARDED_HEADER = env_str("EFILING_FORWARDED_HEADER", "x-forwarded-for")
trusted_networks(tuple(EFILING_TRUSTED_PROXIES))  # a malformed entry stops the start here
forwarded_header_key(EFILING_FORWARDED_HEADER)
# The scraping throttle of the public side (efiling.public.throttle, decision 0019): at most
# EFILING_PUBLIC_RATE requests per client address ("60/m"; s, m, h or d) to paths under
# EFILING_THROTTLED_PREFIXES (comma-separated); a courthouse public terminal is never counted.
# The counts are kept by django-ratelimit in the "throttle" cache: a table of the database,
# shared by every web process and machine (efiling.core.throttle_cache).
EFILING_PUBLIC_RATE = env_str("EFILING_PUBLIC_RATE", "60/m")
# The help desk (efiling.helpdesk): how the help page and the e-mails reach it, and how many
# requests one client address may send it (the contact form and CreateHelpTicket; "5/h").
EFILING_HELP_DESK_EMAIL = env_str("EFILING_HELP_DESK_EMAIL", "osca.help.desk@courts.mo.gov")
EFILING_HELP_DESK_PHONE = env_str("EFILING_HELP_DESK_PHONE", "(888) 541-4894")
EFILING_HELP_TICKET_RATE = env_str("EFILING_HELP_TICKET_RATE", "5/h")
EFILING_THROTTLED_PREFIXES = tuple(
    env_list("EFILING_THROTTLED_PREFIXES", "/public/,/api/v1/public/")
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "efiling.core.throttle_cache.AtomicDatabaseCache",
        "LOCATION": "efiling_throttle_counts",
        # Longer than any window; old rows are culled past MAX_ENTRIES.
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
RATELIMIT_USE_CACHE = "throttle"
# django-ratelimit warns of any cache but memcached and Redis; ours is atomic and shared too
# (efiling.core.throttle_cache, decision 0019).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# A count that cannot be read or written lets the request through (the database being down
# is answered by DatabaseOutageMiddleware anyway).
RATELIMIT_FAIL_OPEN = True
EFILING_EMAIL_LINK_SECONDS = env_int("EFILING_EMAIL_LINK_SECONDS", 3 * 24 * 60 * 60)
PASSWORD_RESET_TIMEOUT = env_int("EFILING_PASSWORD_RESET_SECONDS", 60 * 60)

LANGUAGE_CODE = "en-us"
# Instants are stored in UTC; each court shows its own zone (efiling.core.clock).
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# The U.S. Web Design System's built files (npm package @uswds/uswds, pinned in package-lock.json,
# installed by `make install`) under /static/uswds/: pages use no asset from outside the app.
USWDS_DIST = BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist"
# Only what pages load (css, js, fonts, img), not its Sass sources.
STATICFILES_DIRS = [BASE_DIR / "efiling" / "static"] + [
    (f"uswds/{part}", USWDS_DIST / part) for part in ("css", "js", "fonts", "img")
]
STORAGES = {
    "default": storage_from_url(env_str("EFILING_STORAGE_URL"), DATA_DIR),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

_email = email_from_url(env_str("EFILING_EMAIL_URL"), DATA_DIR)
# A mail provider's settings (anymail+<provider>://), and the basic authentication its tracking
# webhook signs in with: only when EFILING_EMAIL_WEBHOOK_SECRET is set is the webhook mounted,
# under /mail-events/ (efiling.service.mail_event_urls; bounces, docs/operations.md).
ANYMAIL = _email.pop("ANYMAIL", {})
EFILING_EMAIL_WEBHOOK_SECRET = email_webhook_secret(env_str("EFILING_EMAIL_WEBHOOK_SECRET"))
if EFILING_EMAIL_WEBHOOK_SECRET:
    ANYMAIL["WEBHOOK_SECRET"] = EFILING_EMAIL_WEBHOOK_SECRET
globals().update(_email)
DEFAULT_FROM_EMAIL = env_str("EFILING_FROM_EMAIL", "efiling@localhost")
# The site's address as people reach it, for links in e-mail (notices): by default
# https://<first EFILING_ALLOWED_HOSTS> in production, http://127.0.0.1:8000 embedded.
EFILING_SITE_URL = env_str(
    "EFILING_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000",
)
if not EFILING_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"EFILING_SITE_URL must start with https:// (or http://), not {EFILING_SITE_URL!r}."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("EFILING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Uploads: the court policy's limits are enforced while the body streams (filings issue);
# these caps only bound what Django itself keeps in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every uploaded file goes to a temporary file, never memory
# Every temporary file (uploads, PDF checks, docketing, stamping) lives in this one folder, so
# that `efiling sweep_documents` also removes what a killed process left (efiling.core.scratch).
FILE_UPLOAD_TEMP_DIR = str(Path(env_str("EFILING_TEMP_DIR", str(DATA_DIR / "tmp"))).resolve())
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("EFILING_SESSION_SECONDS", 60 * 60 * 12)
# A session ends after this long without a request (efiling.accounts.middleware).
EFILING_SESSION_IDLE_SECONDS = env_int("EFILING_SESSION_IDLE_SECONDS", 30 * 60)
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "efiling.core.views.csrf_failure"  # a page in the user's terms, not Django's
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("EFILING_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("EFILING_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("EFILING_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("EFILING_HSTS_PRELOAD", default=True)
    if env_bool("EFILING_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("EFILING_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The default time zone for things that belong to no court (the statewide help desk).
EFILING_DEFAULT_TIME_ZONE = env_str("EFILING_DEFAULT_TIME_ZONE", "America/Chicago")
# The splitting tool accepts PDFs up to this size (they are split, never stored).
EFILING_SPLIT_MAX_BYTES = env_int("EFILING_SPLIT_MAX_BYTES", 200 * 1024 * 1024)
# PDF work (the upload check, stamping) runs in checker processes with hard limits
# (docs/decisions/0008-checker-processes.md): this many per web or worker process, each
# limited to this much address space and CPU time per task, a task to this much wall-clock
# time; a checker is replaced after this many tasks. A file over a limit is refused.
EFILING_PDF_CHECKERS = env_int("EFILING_PDF_CHECKERS", 2)
EFILING_PDF_CHECK_MEMORY_MB = env_int("EFILING_PDF_CHECK_MEMORY_MB", 1024)
EFILING_PDF_CHECK_CPU_SECONDS = env_int("EFILING_PDF_CHECK_CPU_SECONDS", 60)
EFILING_PDF_CHECK_SECONDS = env_int("EFILING_PDF_CHECK_SECONDS", 90)
EFILING_PDF_CHECKS_PER_PROCESS = env_int("EFILING_PDF_CHECKS_PER_PROCESS", 200)
# Self-represented litigants are a later phase in Missouri: off unless a court turns it on.
EFILING_SELF_REPRESENTED_ENABLED = env_bool("EFILING_SELF_REPRESENTED_ENABLED", default=False)
# The audit chain (docs/decisions/0006-audit-chain.md): how often `efiling audit_chain --follow`
# links events a stopped process left unchained, and publishes a signed checkpoint of the head.
EFILING_AUDIT_CHAIN_SECONDS = env_int("EFILING_AUDIT_CHAIN_SECONDS", 5)
EFILING_AUDIT_CHECKPOINT_MINUTES = env_int("EFILING_AUDIT_CHECKPOINT_MINUTES", 10)
# Adding funds (docs/decisions/0009-payment-provider.md): the hosted checkout that takes the
# money. "demo" is the system's own stand-in checkout page (embedded mode only; production
# refuses it), "stripe" Stripe Checkout with the keys below. Deposits are whole cents within
# these bounds.
EFILING_PAYMENT_PROVIDER = env_str("EFILING_PAYMENT_PROVIDER", "stripe" if PRODUCTION else "demo")
if EFILING_PAYMENT_PROVIDER not in {"demo", "stripe"}:
    raise ImproperlyConfigured("EFILING_PAYMENT_PROVIDER must be 'demo' or 'stripe'.")
if PRODUCTION and EFILING_PAYMENT_PROVIDER == "demo":
    raise ImproperlyConfigured(
        "Production mode refuses EFILING_PAYMENT_PROVIDER=demo: it accepts test cards as money."
    )
EFILING_STRIPE_SECRET_KEY = env_str("EFILING_STRIPE_SECRET_KEY")
EFILING_STRIPE_WEBHOOK_SECRET = env_str("EFILING_STRIPE_WEBHOOK_SECRET")
if (
    EFILING_PAYMENT_PROVIDER == "stripe"
    and PRODUCTION
    and not (EFILING_STRIPE_SECRET_KEY and EFILING_STRIPE_WEBHOOK_SECRET)
):
    raise ImproperlyConfigured(
        "EFILING_PAYMENT_PROVIDER=stripe needs EFILING_STRIPE_SECRET_KEY and "
        "EFILING_STRIPE_WEBHOOK_SECRET (docs/operations.md, Payments)."
    )
EFILING_DEPOSIT_MIN_CENTS = env_int("EFILING_DEPOSIT_MIN_CENTS", 500)
EFILING_DEPOSIT_MAX_CENTS = env_int("EFILING_DEPOSIT_MAX_CENTS", 1_000_000)
