"""Monthly aggregate rows and early warnings (docs/measures.md).

Insights only *reads* the other apps. What it stores here is derived: one row per team and month,
one per wijk and month, hotspot cells, and the early warnings it raised. The rows are rebuilt by
`aggregation.refresh_months` (command `refresh_insights`, run by the scheduler), never written by
the dashboard, so a page reads a few hundred small rows instead of scanning raw reports.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.initiatives.models import Initiative


class InsightSettings(models.Model):
    """Per municipality: early-warning thresholds and what the public may see."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="insight_settings")
    warning_threshold = models.PositiveSmallIntegerField(
        _("waarschuwing onder activiteitsindex"), default=40,
        help_text=_("Een team met een activiteitsindex (0-100) onder deze waarde krijgt een vroegsignalering."),
    )
    falling_months = models.PositiveSmallIntegerField(
        _("waarschuwing na … maanden daling"), default=3,
        help_text=_("Een team waarvan de index zoveel maanden achter elkaar daalt, krijgt een vroegsignalering."),
    )
    feedback_promise_days = models.PositiveSmallIntegerField(
        _("beloofde terugkoppeling binnen … dagen"), default=14,
    )
    public_summary = models.BooleanField(_("openbare samenvatting tonen"), default=False)
    public_commitments = models.BooleanField(_("nagekomen afspraken openbaar tonen"), default=False)

    class Meta:
        verbose_name = _("instellingen inzicht")
        verbose_name_plural = _("instellingen inzicht")

    def __str__(self) -> str:
        return str(self.municipality)


class MonthCounts(models.Model):
    """Counters shared by team and wijk rows. Sums (not ratios), so any set of rows can be added up."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month (local time)
    reports = models.PositiveIntegerField(default=0)
    signals = models.PositiveIntegerField(default=0)
    with_route_and_times = models.PositiveIntegerField(default=0)
    quality_sum = models.PositiveIntegerField(default=0)
    led_to_action = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    # minutes from filing to first feedback, one entry per answered report (exact medians at any level)
    feedback_minutes = models.JSONField(default=list, blank=True)
    rounds_walked = models.PositiveIntegerField(default=0)
    observations = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class TeamMonth(MonthCounts):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    is_app_group = models.BooleanField(default=False)
    rounds_planned = models.PositiveIntegerField(default=0)
    walkers_total = models.PositiveIntegerField(default=0)  # signed-up walkers summed over walked rounds
    unfilled_rounds = models.PositiveIntegerField(default=0)  # rounds below their minimum of walkers
    members_joined = models.PositiveIntegerField(default=0)
    members_left = models.PositiveIntegerField(default=0)
    members_end = models.PositiveIntegerField(default=0)
    days_since_contact = models.PositiveIntegerField(null=True, blank=True)  # at month end; None = never
    contact_overdue = models.BooleanField(default=False)
    days_since_appreciation = models.PositiveIntegerField(null=True, blank=True)
    activity_index = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "month"], name="insights_team_month_unique")]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_team_month_idx")]
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m}"


class WijkMonth(MonthCounts):
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wijk", "month"], name="insights_wijk_month_unique")]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_wijk_month_idx")]
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.wijk_id} {self.month:%Y-%m}"


class MunicipalityMonth(MonthCounts):
    """All reports and signals of a municipality in a month (the dashboard's trend reads 12 rows)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="insights_muni_month_unique")]
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"


class HotspotCell(models.Model):
    """Observations (and, later, signals) counted per grid cell of about 250 × 250 m and month.

    Only the cell's centre is kept, never an address or a point."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=16)  # observation | signal
    cell_lat = models.FloatField()
    cell_lon = models.FloatField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["municipality", "month"], name="insights_hotspot_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.cell_lat},{self.cell_lon} {self.month:%Y-%m}: {self.count}"


class EarlyWarning(models.Model):
    """A team's activity fell (F24). Reasons are stored as codes with figures and put in words on display."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the (complete) month the warning is about
    activity_index = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=16)  # below_threshold | falling
    reasons = models.JSONField(default=list)  # [{"code": ..., **figures}]
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "initiative__name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "month"], name="insights_warning_unique")]
        indexes = [models.Index(fields=["municipality", "-month"], name="insights_warning_idx")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m} ({self.activity_index})"

    def reasons_text(self) -> str:
        from .measures import reasons_text

        return reasons_text(self.reasons)
