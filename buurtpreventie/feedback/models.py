"""The one counter (één loket): status history of reports, feedback to members, news, notices,
Open311 keys and forwarding endpoints for public-space defects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.notifications.models import Notice  # noqa: F401  (moved; imported here for old imports)
from buurtpreventie.patrols.models import PatrolReport


class ReportEvent(models.Model):
    """Append-only history of a report in the inbox: status changes, assignment, notes."""

    report = models.ForeignKey(PatrolReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    signal = models.ForeignKey("signals.Signal", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("verloopregel")
        verbose_name_plural = _("verloop")
        constraints = [models.CheckConstraint(
            condition=models.Q(report__isnull=False, signal__isnull=True)
            | models.Q(report__isnull=True, signal__isnull=False),
            name="report_event_report_or_signal",
        )]

    def __str__(self) -> str:
        return f"{self.report_id or self.signal_id} {self.from_status}->{self.to_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Report history is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Report history is append-only.")

    @property
    def from_label(self) -> str:
        from buurtpreventie.patrols.models import ReportStatus

        return str(ReportStatus(self.from_status).label) if self.from_status in ReportStatus.values else ""

    @property
    def to_label(self) -> str:
        from buurtpreventie.patrols.models import ReportStatus

        return str(ReportStatus(self.to_status).label) if self.to_status in ReportStatus.values else ""


class FeedbackKind(models.TextChoices):
    INFO = "info", _("Informatie / bedankt")
    ACTION = "action", _("Actie ondernomen")
    ARREST = "arrest", _("Aanhouding")
    REFERRED = "referred", _("Doorgezet naar gemeente of partner")
    NO_ACTION = "no_action", _("Geen actie nodig")


class Feedback(models.Model):
    """Targeted feedback from a professional on a patrol report or on a signal (exactly one of both)."""

    report = models.ForeignKey(PatrolReport, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="feedback")
    signal = models.ForeignKey("signals.Signal", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort terugkoppeling"), max_length=16, choices=FeedbackKind.choices)
    body = models.TextField(_("terugkoppeling"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        constraints = [models.CheckConstraint(
            condition=models.Q(report__isnull=False, signal__isnull=True)
            | models.Q(report__isnull=True, signal__isnull=False),
            name="feedback_report_or_signal",
        )]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.report_id or self.signal_id}"


class NewsItem(models.Model):
    """General news for all residents (the local-paper route of F16)."""

    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="news_items")
    wijk = models.ForeignKey("areas.Wijk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("wijk"))
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(_("tekst"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    report = models.ForeignKey(PatrolReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")
        indexes = [models.Index(fields=["municipality", "-published_at"], name="news_muni_idx")]

    def __str__(self) -> str:
        return self.title


class ForwardKind(models.TextChoices):
    OPEN311 = "open311", _("Open311 GeoReport v2")
    SIGNALEN = "signalen", _("Signalen")


class ForwardEndpoint(models.Model):
    """Where a municipality's public-space department receives defects."""

    municipality = models.OneToOneField("areas.Municipality", on_delete=models.CASCADE,
                                        related_name="defect_endpoint")
    kind = models.CharField(_("soort"), max_length=16, choices=ForwardKind.choices, default=ForwardKind.OPEN311)
    url = models.URLField(_("adres"))
    api_key = models.CharField(_("API-sleutel"), max_length=200, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("doorstuuradres meldingen")
        verbose_name_plural = _("doorstuuradressen meldingen")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.url}"


class Open311Key(models.Model):
    """An API key that may POST requests to our Open311 endpoint for one municipality."""

    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    key = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Open311-sleutel")
        verbose_name_plural = _("Open311-sleutels")

    def __str__(self) -> str:
        return self.name


class SignalenSettings(models.Model):
    """How this municipality's Signalen receives our defects: OIDC client credentials (a token that
    is fetched and refreshed, never a static bearer), the source name Signalen knows us by, and the
    shared secret its status webhook signs with. One row per `ForwardEndpoint` of kind Signalen."""

    endpoint = models.OneToOneField(ForwardEndpoint, on_delete=models.CASCADE, related_name="signalen")
    token_url = models.URLField(_("token-adres (OpenID Connect)"), blank=True)
    client_id = models.CharField(_("client-id"), max_length=200, blank=True)
    client_secret = models.CharField(_("client-geheim"), max_length=300, blank=True)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    source = models.CharField(_("bron in Signalen"), max_length=128, default="buurtpreventie")
    categories_url = models.URLField(_("adres categorieënlijst"), blank=True,
                                     help_text=_("Bijvoorbeeld …/signals/v1/public/terms/categories/"))
    reporter_email = models.EmailField(_("e-mailadres melder"), blank=True,
                                       help_text=_("Functioneel adres van het team veiligheid; nooit het "
                                                   "adres van de vrijwilliger."))
    webhook_secret = models.CharField(_("geheim voor statusberichten"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Signalen-koppeling")
        verbose_name_plural = _("Signalen-koppelingen")

    def __str__(self) -> str:
        return str(self.endpoint)


class ReceiverCategory(models.Model):
    """A sub-category offered by the municipality's Signalen (imported from its category list)."""

    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    name = models.CharField(max_length=200)
    parent_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["parent_name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "url"], name="receiver_category_unique")]

    def __str__(self) -> str:
        return f"{self.parent_name} › {self.name}" if self.parent_name else self.name


class CategoryMapping(models.Model):
    """Our defect category → the receiver's Signalen sub-category URL and Open311 service_code."""

    municipality = models.ForeignKey("areas.Municipality", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("onze categorie"), max_length=32)
    signalen_category_url = models.URLField(_("Signalen-subcategorie"), max_length=500, blank=True)
    open311_service_code = models.CharField(_("Open311 service_code"), max_length=100, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("categorie-koppeling")
        verbose_name_plural = _("categorie-koppelingen")
        constraints = [models.UniqueConstraint(fields=["municipality", "category"], name="category_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.category} → {self.signalen_category_url or self.open311_service_code}"


class DefectStatusEvent(models.Model):
    """Append-only: what the receiver said about a forwarded defect (polled or by webhook)."""

    class Via(models.TextChoices):
        POLL = "poll", _("opgehaald")
        WEBHOOK = "webhook", _("statusbericht")

    defect = models.ForeignKey("patrols.Defect", on_delete=models.CASCADE, related_name="status_events")
    at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=8, choices=Via.choices)
    state = models.CharField(max_length=32)
    state_display = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)
    is_closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status bij ontvanger")
        verbose_name_plural = _("statussen bij ontvanger")

    def __str__(self) -> str:
        return f"{self.defect_id}: {self.state}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Defect status history is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Defect status history is append-only.")
