"""The health endpoint for load balancers and compose."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ops import selectors


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, cache and broker answer; the scheduler's age is reported."""
    checks = {
        "database": selectors.check_database(),
        "cache": selectors.check_cache(),
        "broker": selectors.check_broker(),
        "scheduler": selectors.check_scheduler(),
    }
    # A stale scheduler must not take the web tier out of the load balancer.
    essential = ("database", "cache", "broker")
    healthy = all(checks[name].ok for name in essential)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
