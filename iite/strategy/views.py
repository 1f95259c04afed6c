from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import permissions, selectors
from .forms import ITEM_KINDS, ItemKind, PeriodForm
from .models import StrategyPeriod
from .services import framework_item_save, period_save


def framework(request: HttpRequest) -> HttpResponse:
    """The results framework of a period (the current one unless ?period= names another)."""
    code = request.GET.get("period", "")
    period = selectors.period_by_code(code) if code else selectors.period_current()
    if period is None:
        if code:
            raise Http404
        return render(request, "strategy/framework.html", {"framework": None, "periods": []})
    models = [kind.model for kind in ITEM_KINDS.values()]
    can_edit = {
        slug.replace("-", "_"): permissions.can_change_item(request.user, kind.model)
        for slug, kind in ITEM_KINDS.items()
    }
    can_add = {
        slug.replace("-", "_"): permissions.can_add_item(request.user, kind.model)
        for slug, kind in ITEM_KINDS.items()
    }
    return render(
        request,
        "strategy/framework.html",
        {
            "framework": selectors.framework_for_period(period),
            "periods": list(selectors.period_list()),
            "can_edit": can_edit,
            "can_add": can_add,
            "can_edit_period": permissions.can_change_item(request.user, StrategyPeriod),
            "is_editor": permissions.can_edit_any(request.user, [*models, StrategyPeriod]),
        },
    )


def _kind(slug: str) -> ItemKind:
    kind = ITEM_KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _back(period: StrategyPeriod, anchor: str) -> str:
    return f"{reverse('strategy:framework')}?period={period.code}#{anchor}"


def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item_kind = _kind(kind)
    if not permissions.can_change_item(request.user, item_kind.model):
        raise PermissionDenied
    instance = get_object_or_404(item_kind.model, pk=pk)
    period = instance.period  # type: ignore[attr-defined]
    form = item_kind.form(request.POST or None, instance=instance, period=period)
    if request.method == "POST" and form.is_valid():
        framework_item_save(form=form)
        return redirect(_back(period, kind))
    return render(
        request,
        "strategy/item_form.html",
        {"form": form, "kind_label": item_kind.label, "period": period, "instance": instance},
    )


def item_add(request: HttpRequest, period_code: str, kind: str) -> HttpResponse:
    item_kind = _kind(kind)
    if not permissions.can_add_item(request.user, item_kind.model):
        raise PermissionDenied
    period = get_object_or_404(StrategyPeriod, code=period_code)
    form = item_kind.form(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        framework_item_save(form=form)
        return redirect(_back(period, kind))
    return render(
        request,
        "strategy/item_form.html",
        {"form": form, "kind_label": item_kind.label, "period": period, "instance": None},
    )


def period_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_change_item(request.user, StrategyPeriod):
        raise PermissionDenied
    period = get_object_or_404(StrategyPeriod, code=code)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        period_save(form=form)
        return redirect(_back(period, "period"))
    return render(
        request,
        "strategy/item_form.html",
        {
            "form": form,
            "kind_label": _("strategy period"),
            "period": period,
            "instance": period,
        },
    )
