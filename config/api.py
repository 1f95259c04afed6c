"""The JSON API: one django-ninja router per domain, OpenAPI at /api/docs."""

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as NinjaValidationError

from iite.core.validators import api_refuse_control_characters

api = NinjaAPI(
    title="IITE Platform API",
    version="1",
    description=(
        "Public and staff data of the UNESCO Institute for Information Technologies in "
        "Education: the strategy's structure, activities, indicators, partners, events, "
        "courses and credentials. Public endpoints return aggregates only."
    ),
    urls_namespace="api",
    # Deep links put a link inside each operation's toggle button (axe: nested-interactive).
    docs=Swagger(settings={"deepLinking": False}),
)
# Control characters in any input (path, query, form, JSON body) answer 400 naming the field.
api.add_decorator(api_refuse_control_characters, mode="view")


@api.exception_handler(NinjaValidationError)
def validation_errors(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """400 with every field that failed, named by its location (e.g. query.year)."""
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", [])),
            "message": error.get("msg", ""),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=400)


# Domains add a `router` in their api.py; it is mounted at /api/<prefix>/.
for _module, _prefix in [
    ("iite.reference.api", "countries"),
    ("iite.accounts.api", "me"),
    ("iite.strategy.api", "strategy"),
    ("iite.programme.api", "activities"),
    ("iite.monitoring.api", "indicators"),
    ("iite.partners.api", "partners"),
    ("iite.events.api", "events"),
    ("iite.learning.api", "learning"),
    ("iite.wellbeing.api", "wellbeing"),
    ("iite.observatory.api", "observatory"),
    ("iite.library.api", "library"),
    ("iite.credentials.api", "credentials"),
    ("iite.competitions.api", "competitions"),
]:
    try:
        _router = import_module(_module).router
    except ModuleNotFoundError as exc:
        if exc.name != _module:
            raise
        continue
    api.add_router(f"/{_prefix}/", _router)
