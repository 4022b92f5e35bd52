"""The health endpoint for load balancers and compose."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops import selectors

# What the web tier needs to serve requests. A stale scheduler is reported but must not take
# the web tier out of the load balancer: restarting web servers would not bring it back.
ESSENTIAL = ("database", "cache", "broker")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, cache and broker answer, else 503; the scheduler's age is shown."""
    checks = {
        "database": selectors.check_database(),
        "cache": selectors.check_cache(),
        "broker": selectors.check_broker(),
        "scheduler": selectors.check_scheduler(),
        # Reported, never a 503: as with the scheduler, restarting web servers mends nothing.
        "jobs": selectors.check_jobs(),
    }
    healthy = all(checks[name].ok for name in ESSENTIAL)
    body: dict[str, Any] = {
        "status": "ok" if healthy else "unavailable",
        "checks": {
            name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()
        },
    }
    body["checks"]["scheduler"]["age_seconds"] = checks["scheduler"].age_seconds
    return JsonResponse(body, status=200 if healthy else 503)
