"""The JSON API, version 1. Operation ids follow OASIS LegalXML ECF names where ECF has one."""

from ninja import NinjaAPI

from efiling.api.accounts import router as accounts_router
from efiling.api.attempts import router as attempts_router
from efiling.api.audit import router as audit_router
from efiling.api.cases import router as cases_router
from efiling.api.courts import router as courts_router
from efiling.api.errors import install_error_handlers
from efiling.api.filings import router as filings_router
from efiling.api.helpdesk import router as helpdesk_router
from efiling.api.notices import router as notices_router
from efiling.api.parser import StrictJsonParser
from efiling.api.payments import router as payments_router
from efiling.api.public import router as public_router
from efiling.api.public_cases import router as public_cases_router
from efiling.api.request_shape import inputs_checked
from efiling.api.service import router as service_router
from efiling.api.summonses import router as summonses_router
from efiling.api.webhooks import router as webhooks_router

api = NinjaAPI(
    title="efiling API",
    version="1",
    description=(
        "Electronic court filing, Missouri style. Operations carry their OASIS LegalXML ECF "
        "names (GetPolicy, GetFeesCalculation, ReviewFiling, ...); ECF has no official JSON "
        "binding, so the shapes are this project's own. Sizes are in bytes; dates are "
        "YYYY-MM-DD in the court's time zone; instants are ISO 8601 in UTC."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=StrictJsonParser(),
)
install_error_handlers(api)
# Every operation refuses a body it does not take and query parameters it does not declare.
api.add_decorator(inputs_checked)
api.add_router("/", courts_router)
api.add_router("/", accounts_router)
api.add_router("/", filings_router)
api.add_router("/", attempts_router)
api.add_router("/", cases_router)
api.add_router("/", public_router)
api.add_router("/", service_router)
api.add_router("/", summonses_router)
api.add_router("/", webhooks_router)
api.add_router("/", notices_router)
api.add_router("/", payments_router)
api.add_router("/", audit_router)
api.add_router("/", public_cases_router)
api.add_router("/", helpdesk_router)
