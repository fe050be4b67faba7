from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from buurtpreventie.api.urls import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("account/", include("buurtpreventie.accounts.urls")),
    path("wijken/", include("buurtpreventie.areas.urls")),
    path("initiatieven/", include("buurtpreventie.initiatives.urls")),
    path("rondes/", include("buurtpreventie.patrols.urls")),
    path("loket/", include("buurtpreventie.feedback.urls")),
    path("signalen/", include("buurtpreventie.signals.urls")),
    path("groepen/", include("buurtpreventie.groups.urls")),
    path("open311/v2/", include("buurtpreventie.feedback.open311_urls")),
    path("alarm/", include("buurtpreventie.alerts.urls")),
    path("vragenlijsten/", include("buurtpreventie.surveys.urls")),
    path("contact/", include("buurtpreventie.engagement.urls")),
    path("inzicht/", include("buurtpreventie.insights.urls")),
    path("api/", api.urls),
    path("gemeente/", include("buurtpreventie.public.urls")),
    path("", include("buurtpreventie.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(  # type: ignore[arg-type]
settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Staff single sign-on (OpenID Connect): /account/sso/authenticate/, callback/, logout/.
urlpatterns += [path("account/sso/", include("mozilla_django_oidc.urls"))]
# Error pages in the site's layout; JSON under /api/ (buurtpreventie/core/errors.py).
handler400 = "buurtpreventie.core.errors.bad_request"
handler403 = "buurtpreventie.core.errors.permission_denied"
handler404 = "buurtpreventie.core.errors.page_not_found"
handler500 = "buurtpreventie.core.errors.server_error"
