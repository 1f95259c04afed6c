from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from iite.accounts import views as account_views
from iite.core import views as core_views
from iite.library import oai

from .api import api

# Each domain's pages live under the language prefix (/en/, /ar/...); the API,
# health check and language switch do not.
urlpatterns = [
    path("health", core_views.health, name="health"),
    path("api/", api.urls),
    path("oai", oai.endpoint, name="oai"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("iite.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("iite.accounts.urls")),
    path("countries/", include("iite.reference.urls")),
    path("strategy/", include("iite.strategy.urls")),
    path("activities/", include("iite.programme.urls")),
    path("results/", include("iite.monitoring.urls")),
    path("partners/", include("iite.partners.urls")),
    path("events/", include("iite.events.urls")),
    path("learning/", include("iite.learning.urls")),
    path("wellbeing/", include("iite.wellbeing.urls")),
    path("observatory/", include("iite.observatory.urls")),
    path("library/", include("iite.library.urls")),
    path("credentials/", include("iite.credentials.urls")),
    path("readiness/", include("iite.readiness.urls")),
    path("community/", include("iite.community.urls")),
    path("competitions/", include("iite.competitions.urls")),
    # Before the admin's own URLs: its password-only login form is replaced by the
    # platform's sign-in, which asks staff for their second factor.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)

handler400 = "iite.core.views.bad_request"
handler403 = "iite.core.views.permission_denied"
handler404 = "iite.core.views.page_not_found"
handler500 = "iite.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
