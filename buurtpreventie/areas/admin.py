from django.contrib import admin

from .models import Buurt, Municipality, Street, Wijk


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "slug")


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "municipality", "inhabitants", "crime_per_1000")
    list_filter = ("municipality",)
    exclude = ("geometry",)


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "wijk", "inhabitants")
    list_filter = ("municipality",)
    exclude = ("geometry",)


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "length_m")
    list_filter = ("municipality",)
    search_fields = ("name",)
    exclude = ("geometry",)
