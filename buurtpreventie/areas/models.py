"""Municipality (the tenant), wijk, buurt and street, keyed by CBS codes.

Geometries are stored as GeoJSON (WGS84) with a bounding box for fast pre-filtering; shapely
does the exact geometry work (no GDAL needed). Statistics that CBS suppresses or that a source
does not give are NULL ("unknown"), never zero.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True)  # GM0268
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class AreaStatistics(models.Model):
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    men = models.PositiveIntegerField(_("mannen"), null=True, blank=True)
    women = models.PositiveIntegerField(_("vrouwen"), null=True, blank=True)
    inhabitants_0_15 = models.PositiveIntegerField(_("inwoners 0-15 jaar"), null=True, blank=True)
    inhabitants_65plus = models.PositiveIntegerField(_("inwoners 65+"), null=True, blank=True)
    age_0_15_pct = models.FloatField(_("% 0-15 jaar"), null=True, blank=True)
    age_15_25_pct = models.FloatField(_("% 15-25 jaar"), null=True, blank=True)
    age_25_45_pct = models.FloatField(_("% 25-45 jaar"), null=True, blank=True)
    age_45_65_pct = models.FloatField(_("% 45-65 jaar"), null=True, blank=True)
    age_65plus_pct = models.FloatField(_("% 65+"), null=True, blank=True)
    households = models.PositiveIntegerField(_("huishoudens"), null=True, blank=True)
    household_size = models.FloatField(_("gemiddelde huishoudensgrootte"), null=True, blank=True)
    density = models.FloatField(_("bevolkingsdichtheid (per km²)"), null=True, blank=True)
    woz_value = models.FloatField(_("gemiddelde WOZ-waarde (x 1000 euro)"), null=True, blank=True)
    income_per_inhabitant = models.FloatField(_("inkomen per inwoner (x 1000 euro)"), null=True, blank=True)
    urbanity = models.PositiveSmallIntegerField(_("stedelijkheid (1-5)"), null=True, blank=True)
    land_area_ha = models.FloatField(_("landoppervlakte (ha)"), null=True, blank=True)
    crime_per_1000 = models.FloatField(_("misdrijven per 1000 inwoners"), null=True, blank=True)
    crime_last_12_months = models.PositiveIntegerField(_("misdrijven laatste 12 maanden"), null=True, blank=True)
    crime_by_year = models.JSONField(_("misdrijven per jaar"), default=dict, blank=True)

    STAT_FIELDS = (
        "inhabitants", "men", "women", "inhabitants_0_15", "inhabitants_65plus", "age_0_15_pct",
        "age_15_25_pct", "age_25_45_pct", "age_45_65_pct", "age_65plus_pct", "households",
        "household_size", "density", "woz_value", "income_per_inhabitant", "urbanity", "land_area_ha",
        "crime_per_1000", "crime_last_12_months",
    )

    class Meta:
        abstract = True


class Wijk(AreaStatistics):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="wijken")
    code = models.CharField(_("CBS-code"), max_length=8, unique=True)  # WK026801
    name = models.CharField(_("naam"), max_length=120)
    geometry = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        indexes = [models.Index(fields=["min_lat", "max_lat", "min_lon", "max_lon"])]

    def __str__(self) -> str:
        return self.name

    def crime_rate(self) -> float | None:
        """Registered crime per 1,000 inhabitants, computed when the source did not give it."""
        if self.crime_per_1000 is not None:
            return self.crime_per_1000
        if self.crime_last_12_months is not None and self.inhabitants:
            return round(self.crime_last_12_months * 1000 / self.inhabitants, 1)
        return None


class Buurt(AreaStatistics):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="buurten")
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="buurten", null=True, blank=True)
    code = models.CharField(_("CBS-code"), max_length=10, unique=True)  # BU02680100
    name = models.CharField(_("naam"), max_length=120)
    geometry = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="streets")
    name = models.CharField(_("straatnaam"), max_length=160)
    geometry = models.JSONField(_("ligging (GeoJSON)"))
    wijken = models.ManyToManyField(Wijk, related_name="streets", blank=True)
    min_lat = models.FloatField()
    max_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lon = models.FloatField()
    length_m = models.FloatField(_("lengte (m)"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("straat")
        verbose_name_plural = _("straten")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="street_unique_name")]
        indexes = [models.Index(fields=["min_lat", "max_lat", "min_lon", "max_lon"])]

    def __str__(self) -> str:
        return self.name

    def as_feature(self) -> dict[str, Any]:
        return {"type": "Feature", "id": self.pk, "properties": {"name": self.name}, "geometry": self.geometry}
