"""Acute-danger alerts (F6): templates, alerts, who they reached, acknowledgements, history.

Also the opt-in home location of a member (for alerts to people living in the area), Web Push
subscriptions, and the aggregate of streets a round covered that outlives the purged positions.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Street, Wijk


class AlertTemplate(models.Model):
    """An editable text per municipality: what is going on and what to do."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="alert_templates")
    name = models.CharField(_("naam"), max_length=120)
    situation = models.TextField(_("wat is er aan de hand"), blank=True)
    instructions = models.TextField(_("wat moet u doen"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("alarmsjabloon")
        verbose_name_plural = _("alarmsjablonen")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="alert_template_unique_name")]

    def __str__(self) -> str:
        return self.name


class AlertStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    CLEARED = "cleared", _("Opgeheven")


class Alert(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="alerts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The area: a circle (lat, lon, radius) and/or a wijk and/or a drawn polygon (GeoJSON geometry).
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("straal (m)"), null=True, blank=True)
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    polygon = models.JSONField(_("getekend gebied (GeoJSON)"), null=True, blank=True)
    wijk_ids = models.JSONField(_("geraakte wijken"), default=list, blank=True)  # scope for wijk-bound staff
    include_neighbours = models.BooleanField(_("ook aangrenzende wijken"), default=False)
    situation = models.TextField(_("wat is er aan de hand"))
    instructions = models.TextField(_("wat moet u doen"))
    include_coordinators = models.BooleanField(_("ook coördinatoren en appbeheerders"), default=False)
    include_residents = models.BooleanField(_("ook bewoners die zich hebben aangemeld"), default=False)
    escalate_after_minutes = models.PositiveSmallIntegerField(_("waarschuwen na (minuten)"), default=3)
    status = models.CharField(_("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.ACTIVE)
    sent_at = models.DateTimeField(_("verstuurd om"), default=timezone.now)
    cleared_at = models.DateTimeField(_("opgeheven om"), null=True, blank=True)
    outcome = models.TextField(_("afloop"), blank=True)
    outcome_at = models.DateTimeField(_("afloop gemeld om"), null=True, blank=True)
    # Messages ("alert", "cleared", "outcome-<history id>") whose deliveries are planned (delivery.py).
    deliveries_planned = models.JSONField(default=list, blank=True)
    # An alert to many people: who it reached, as column arrays {"u", "r", "i", "ro"}, until the
    # `AlertRecipient` rows are written after the request (`recipients.write_pending`); None once
    # they are. The sending request stores one value instead of thousands of rows.
    recipients_pending = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarmen")
        indexes = [
            models.Index(fields=["municipality", "status", "sent_at"]),
            models.Index(fields=["sent_at"], name="alert_recipients_pending",
                         condition=models.Q(recipients_pending__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.sent_at):%d-%m-%Y %H:%M} {self.situation[:40]}"

    @property
    def is_active(self) -> bool:
        return self.status == AlertStatus.ACTIVE


class RecipientReason(models.TextChoices):
    PATROL = "patrol", _("Loopt nu een ronde")
    COORDINATOR = "coordinator", _("Coördinator / appbeheerder")
    RESIDENT = "resident", _("Woont in het gebied")


class AlertRecipient(models.Model):
    """Who an alert reached, fixed at the moment it was sent."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_receipts")
    reason = models.CharField(_("reden"), max_length=16, choices=RecipientReason.choices)
    initiative = models.ForeignKey(
        "initiatives.Initiative", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    round = models.ForeignKey("patrols.Round", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pushed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The phone said it has the alert (live stream or push), and that it was shown in view.
    delivered_at = models.DateTimeField(_("afgeleverd om"), null=True, blank=True)
    seen_at = models.DateTimeField(_("gezien om"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="alert_recipient_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_reason_display()})"


class AckKind(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    SAFE = "safe", _("Wij zijn veilig")
    HELP = "help", _("Wij hebben hulp nodig")


class AlertAcknowledgement(models.Model):
    """Append-only: every answer a recipient gives."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    recipient = models.ForeignKey(AlertRecipient, on_delete=models.CASCADE, related_name="acknowledgements")
    kind = models.CharField(_("antwoord"), max_length=16, choices=AckKind.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("antwoord op alarm")
        verbose_name_plural = _("antwoorden op alarm")

    def __str__(self) -> str:
        return f"{self.recipient} {self.get_kind_display()}"


class AlertEventKind(models.TextChoices):
    SENT = "sent", _("Verstuurd")
    ESCALATED = "escalated", _("Geen antwoord: gewaarschuwd")
    CLEARED = "cleared", _("Alles veilig (opgeheven)")
    OUTCOME = "outcome", _("Afloop gemeld")


class AlertHistory(models.Model):
    """Append-only status history of an alert."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=16, choices=AlertEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("alarmgeschiedenis")
        verbose_name_plural = _("alarmgeschiedenis")

    def __str__(self) -> str:
        return f"{self.alert_id} {self.get_kind_display()}"


LON_CELL_DEGREES = 0.05  # ~3.4 km at 52°N: a 5 km circle touches 4-5 cells


def lon_cell(lon: float) -> int:
    return math.floor(lon / LON_CELL_DEGREES)


class HomeLocation(models.Model):
    """A member's opt-in home location, so alerts can reach them at home. Deleted on opt-out.

    Two indexes serve the box query: the composite (lat, lon) index, and (lon_cell, lat, lon)
    which cuts the latitude band into ~3.4 km wide strips so a 5 km query reads a few thousand
    index entries instead of every entry in a 10 km band across the country. Both carry user and
    municipality, so the query never touches the table.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_home")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    lon_cell = models.IntegerField(default=0, editable=False)
    opted_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thuislocatie voor alarmen")
        verbose_name_plural = _("thuislocaties voor alarmen")
        # Composite (lat, lon) index for the bounding box; user and municipality ride along so the
        # box query is answered from the index alone (no table lookup per candidate).
        indexes = [
            models.Index(fields=["lat", "lon", "user", "municipality"], name="alert_home_lat_lon"),
            models.Index(fields=["lon_cell", "lat", "lon", "user", "municipality"], name="alert_home_cell"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.lon_cell = lon_cell(self.lon)  # derived data, kept consistent with lon
        super().save(*args, **kwargs)


class PushSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("pushabonnement")
        verbose_name_plural = _("pushabonnementen")

    def __str__(self) -> str:
        return f"{self.user} {self.endpoint[:40]}"


class CoveredStreet(models.Model):
    """Aggregate that stays after positions are purged: which streets a round passed."""

    round = models.ForeignKey("patrols.Round", on_delete=models.CASCADE, related_name="covered_streets")
    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("gelopen straat")
        verbose_name_plural = _("gelopen straten")
        constraints = [models.UniqueConstraint(fields=["round", "street"], name="covered_street_unique")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.street_id}"


class DeliveryChannel(models.TextChoices):
    SSE = "sse", _("Live in de app")
    PUSH = "push", _("Pushbericht")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Klaar om te versturen")
    SENDING = "sending", _("Wordt verstuurd")
    RETRY = "retry", _("Opnieuw proberen")
    SENT = "sent", _("Verstuurd")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt")
    ESCALATED = "escalated", _("Mislukt: via ander kanaal")


class AlertDelivery(models.Model):
    """One message (alert, all-clear, outcome) to one recipient over one channel, with its state.

    A worker claims a row with one conditional UPDATE (pending/retry due, or sending with an
    expired lease after a crash), sends, and records the result; see `delivery.py`."""

    recipient = models.ForeignKey(AlertRecipient, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=32)  # alert / cleared / outcome-<history id>
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    state = models.CharField(max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("aflevering")
        verbose_name_plural = _("afleveringen")
        constraints = [models.UniqueConstraint(fields=["recipient", "kind", "channel"],
                                               name="alert_delivery_unique")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="alert_delivery_due")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.channel} {self.state}"


class AlertSighting(models.Model):
    """'Ik zie iets': what a recipient sees during an alert, with position and an optional photo.

    The photo is re-encoded (no EXIF) and kept in the database: it is only ever served through a
    permission-checked view, never from the public media root."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="sightings")
    recipient = models.ForeignKey(AlertRecipient, on_delete=models.CASCADE, related_name="sightings")
    text = models.TextField(_("wat ziet u"), max_length=1000)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    photo_jpeg = models.BinaryField(null=True, blank=True, editable=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("waarneming bij alarm")
        verbose_name_plural = _("waarnemingen bij alarm")

    def __str__(self) -> str:
        return f"{self.alert_id} {self.text[:40]}"


class SosSignal(models.Model):
    """A walker's SOS during a round: position and round to the live board, wijkagent and coordinator.

    Append-only in spirit: a cancelled SOS keeps its row (who cancelled, when)."""

    round = models.ForeignKey("patrols.Round", on_delete=models.CASCADE, related_name="sos_signals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("SOS")
        verbose_name_plural = _("SOS-meldingen")

    def __str__(self) -> str:
        return f"SOS {self.user} {self.at:%H:%M}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class RoundMateSharing(models.Model):
    """Opt-in: team mates on the same round see this walker on their map (only while it runs)."""

    round = models.ForeignKey("patrols.Round", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("zichtbaar voor medelopers")
        verbose_name_plural = _("zichtbaar voor medelopers")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="round_mate_sharing_unique")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.user_id}"


SUBSCRIPTION_RADII = [(250, "250 m"), (500, "500 m"), (1000, "1 km"), (2000, "2 km")]
COARSE_DECIMALS = 3  # ~70-110 m: enough for a 250 m radius, not a front door


class AlertSubscription(models.Model):
    """Opt-in of a resident or member: alerts for their home or a chosen area, with a radius.

    Stored as coarse as targeting needs (3 decimals) and deleted on opt-out."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("naam"), max_length=60, blank=True)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    radius_m = models.PositiveIntegerField(_("straal"), choices=SUBSCRIPTION_RADII, default=500)
    lon_cell = models.IntegerField(default=0, editable=False)  # ~3.4 km strips, as HomeLocation
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alarmabonnement")
        verbose_name_plural = _("alarmabonnementen")
        # Targeting asks per radius (a few fixed ones) for the box the alert plus that radius can
        # reach, in ~3.4 km strips: an index range scan that reads about the subscriptions it
        # returns, with everything the answer needs in the index (no table lookups).
        indexes = [
            models.Index(fields=["lat", "lon"], name="alert_subscription_lat_lon"),
            models.Index(fields=["radius_m", "lon_cell", "lat", "lon", "user", "municipality"],
                         name="alert_subscription_cell"),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.lat}, {self.lon}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.lat, self.lon = round(self.lat, COARSE_DECIMALS), round(self.lon, COARSE_DECIMALS)
        self.lon_cell = lon_cell(self.lon)  # derived data, kept consistent with lon
        super().save(*args, **kwargs)


class AlertPreference(models.Model):
    """Per person: channels, message types and quiet hours. Acute alerts always pass quiet hours."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    push = models.BooleanField(_("pushbericht op mijn telefoon"), default=True)
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("sms"), default=False)
    sms_number = models.CharField(_("mobiel nummer voor sms"), max_length=20, blank=True)
    followups = models.BooleanField(_("ook 'alles veilig' en de afloop"), default=True)
    quiet_from = models.TimeField(_("stil vanaf"), null=True, blank=True)
    quiet_until = models.TimeField(_("stil tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("alarmvoorkeur")
        verbose_name_plural = _("alarmvoorkeuren")

    def __str__(self) -> str:
        return str(self.user)

    def quiet_end(self, now: Any) -> Any:
        """When quiet hours that include `now` (local time) end; None when not quiet now."""
        from datetime import datetime, timedelta

        if self.quiet_from is None or self.quiet_until is None or self.quiet_from == self.quiet_until:
            return None
        local = timezone.localtime(now)
        t = local.time()
        if self.quiet_from < self.quiet_until:
            quiet = self.quiet_from <= t < self.quiet_until
        else:  # over midnight, e.g. 23:00-07:00
            quiet = t >= self.quiet_from or t < self.quiet_until
        if not quiet:
            return None
        end = datetime.combine(local.date(), self.quiet_until, tzinfo=local.tzinfo)
        return end if end > local else end + timedelta(days=1)
