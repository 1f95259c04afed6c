"""What each domain app contributes to the shared shell: navigation and set-up steps.

Apps register in their AppConfig.ready(), so the layout links only to areas that exist
and `manage.py setup_platform` loads every domain's data in INSTALLED_APPS order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    # "public": everyone; "user": signed-in people; a permission string: staff who hold it.
    audience: str = "public"
    # "main" (the header's bar), "more" (the bar's "More" menu) or "staff" (staff menu)
    section: str = "main"


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    reference_loaders: list[tuple[str, Callable[..., Any]]] = field(default_factory=list)
    demo_loaders: list[tuple[str, Callable[..., Any]]] = field(default_factory=list)
    demo_order: dict[str, int] = field(default_factory=dict)


registry = Registry()


def register_nav(item: NavItem) -> None:
    if item not in registry.nav:
        registry.nav.append(item)
        registry.nav.sort(key=lambda entry: entry.order)


def register_reference_loader(name: str, loader: Callable[..., Any]) -> None:
    """Loaders for reference data and the strategy: always loaded, must be idempotent."""
    if name not in dict(registry.reference_loaders):
        registry.reference_loaders.append((name, loader))


def register_demo_loader(name: str, loader: Callable[..., Any], *, order: int = 100) -> None:
    """Loaders for the demo data set of `make run`: idempotent, run after every reference loader.

    They run by `order`, then in INSTALLED_APPS order: a loader whose records others'
    demo data refer to (activities a workplan links by code) takes a lower order.
    """
    if name not in dict(registry.demo_loaders):
        registry.demo_loaders.append((name, loader))
        registry.demo_order[name] = order
        registry.demo_loaders.sort(key=lambda entry: registry.demo_order[entry[0]])


def visible_nav(user: Any, section: str = "main") -> list[NavItem]:
    items = []
    for item in registry.nav:
        if item.section != section:
            continue
        if item.audience == "public":
            items.append(item)
        elif item.audience == "user":
            if user.is_authenticated:
                items.append(item)
        elif user.is_authenticated and user.has_perm(item.audience):
            items.append(item)
    return items


# --- The home page: each domain may add a section to it.


@dataclass(frozen=True)
class HomeSection:
    name: str
    # A template that renders the section from `data`.
    template: str
    # data() -> what the template shows; called once per home page rendered.
    data: Callable[[], Any]
    order: int = 100


home_sections: list[HomeSection] = []


def register_home_section(section: HomeSection) -> None:
    if all(existing.name != section.name for existing in home_sections):
        home_sections.append(section)
        home_sections.sort(key=lambda entry: entry.order)


# --- Personal data: every domain that holds data about a person says how to export and erase it.


@dataclass(frozen=True)
class PersonalDataHandler:
    name: str
    # exporter(user) -> JSON-serialisable data about that person held by the domain.
    exporter: Callable[[Any], Any]
    # eraser(user) -> None: erase or anonymise the person's data before the account goes.
    # Participation-like records keep their pseudonymous person_key so indicators still count.
    eraser: Callable[[Any], None] | None = None


personal_data_handlers: list[PersonalDataHandler] = []


def register_personal_data(handler: PersonalDataHandler) -> None:
    if all(existing.name != handler.name for existing in personal_data_handlers):
        personal_data_handlers.append(handler)


# --- Staff roles: each domain names the permissions each role's group gets in it.

STAFF_ROLES = (
    "Administrator",
    "Programme officer",
    "Content editor",
    "Reviewer/Judge",
    "Governing Board member",
    "Partner focal point",
    # Trained people who answer young people handed over by the well-being assistant.
    "Counsellor",
)
role_permissions: dict[str, set[str]] = {role: set() for role in STAFF_ROLES}


def register_role_permissions(role: str, permissions: list[str]) -> None:
    """`permissions` as "app_label.codename"; the accounts loader syncs the groups."""
    if role not in role_permissions:
        raise ValueError(f"Unknown staff role {role!r}; one of {STAFF_ROLES}.")
    role_permissions[role].update(permissions)


# --- Page sections: a higher domain adds a block to a lower domain's page (the observatory's
# tools on a library publication's page) without the lower domain importing it. The page's
# template calls `{% page_sections "<page>" record %}` (iite.core.templatetags.platform).


@dataclass(frozen=True)
class PageSection:
    # The page that shows the section: "<app>.<page>", e.g. "library.publication".
    page: str
    name: str
    # A template that renders the section from `data`.
    template: str
    # data(record) -> what the template shows for the page's record; a false value shows nothing.
    data: Callable[[Any], Any]
    order: int = 100


page_sections: list[PageSection] = []


def register_page_section(section: PageSection) -> None:
    if all(existing.name != section.name for existing in page_sections):
        page_sections.append(section)
        page_sections.sort(key=lambda entry: entry.order)


def page_sections_for(page: str, record: Any) -> list[tuple[str, Any]]:
    """(template, data) of each section registered for `page` that has something to show."""
    found = []
    for section in page_sections:
        if section.page == page and (data := section.data(record)):
            found.append((section.template, data))
    return found


# --- Activity pages: an activity delivered as an event or a course is best read on that
# page. The delivering domain registers where its public records are; a domain of the same
# layer (the library's news) links an activity to them without importing that domain.


@dataclass(frozen=True)
class ActivityDelivery:
    name: str
    # What the page is, shown beside its link ("Event", "Course").
    label: str | Promise
    # public() -> a QuerySet of the domain's public records, each with `activity_id` and
    # get_absolute_url(); `activity_pages` filters it by activity (one query per domain).
    public: Callable[[], Any]
    order: int = 100


@dataclass(frozen=True)
class ActivityPage:
    url: str
    label: str | Promise


activity_deliveries: list[ActivityDelivery] = []


def register_activity_delivery(delivery: ActivityDelivery) -> None:
    if all(existing.name != delivery.name for existing in activity_deliveries):
        activity_deliveries.append(delivery)
        activity_deliveries.sort(key=lambda entry: entry.order)


def activity_pages(activity_ids: Iterable[int]) -> dict[int, ActivityPage]:
    """The public event or course page of each activity delivered as one, by activity id.

    An activity no domain delivers publicly (a draft event, an unpublished course) is
    absent: its own programme page is the one to link to. At most one query per domain."""
    wanted = set(activity_ids)
    pages: dict[int, ActivityPage] = {}
    for delivery in activity_deliveries:
        left = wanted - pages.keys()
        if not left:
            break
        for record in delivery.public().filter(activity_id__in=left):
            pages.setdefault(
                record.activity_id, ActivityPage(record.get_absolute_url(), delivery.label)
            )
    return pages
