"""The signed-in person's own account: read and edit the profile, export everything held."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import ConfigDict

from iite.reference.models import Country

from .forms import ProfileForm
from .models import User
from .selectors import profile_data, user_data_export
from .services import profile_update

router = Router(tags=["My account"], auth=django_auth)


class CountryOut(Schema):
    iso2: str
    iso3: str
    name: str


class ProfileOut(Schema):
    email: str
    name: str
    country: CountryOut | None
    sex: str
    age_band: str
    role: str
    institution: str
    languages: list[str]
    preferred_language: str


class ProfilePatch(Schema):
    """Only the fields sent change; `country` is an ISO 3166-1 alpha-2 code or null."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    country: str | None = None
    sex: str | None = None
    age_band: str | None = None
    role: str | None = None
    institution: str | None = None
    languages: list[str] | None = None
    preferred_language: str | None = None


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("/", response=ProfileOut, summary="My profile")
def get_profile(request: HttpRequest) -> dict[str, Any]:
    return profile_data(_user(request))


@router.patch("/", response={200: ProfileOut, 400: ErrorOut}, summary="Edit my profile")
def patch_profile(request: HttpRequest, payload: ProfilePatch) -> Any:
    """Validated like the profile page; participation records follow the change."""
    user = _user(request)
    sent = payload.model_dump(exclude_unset=True)
    data: dict[str, Any] = {**ProfileForm.initial_for(user)}
    errors: list[dict[str, str]] = []
    if "country" in sent:
        code = (sent.pop("country") or "").upper()
        country = Country.objects.filter(iso2=code).only("pk").first() if code else None
        if code and country is None:
            errors.append({"field": "body.country", "message": f"Unknown country code {code!r}."})
        data["country"] = country.pk if country else None
    for field, value in sent.items():
        data[field] = value if value is not None else ""
    form = ProfileForm(data)
    if not form.is_valid() or errors:
        errors += [
            {"field": f"body.{field}", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        return Status(400, {"detail": "Invalid input.", "errors": errors})
    profile_update(user=user, data=form.cleaned_data)
    return Status(200, profile_data(user))


@router.get("/export", summary="Everything held about me (Download my data)")
def export(request: HttpRequest) -> dict[str, Any]:
    return user_data_export(_user(request))
