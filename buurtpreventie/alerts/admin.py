from django.contrib import admin

from .models import Alert as AlertModel
from .models import AlertAcknowledgement, AlertHistory, AlertRecipient, AlertTemplate, CoveredStreet, HomeLocation


@admin.register(AlertTemplate)
class AlertTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "order"]
    list_filter = ["municipality"]


class RecipientInline(admin.TabularInline):
    model = AlertRecipient
    extra = 0
    readonly_fields = ["user", "reason", "initiative", "round", "pushed_at", "emailed_at", "escalated_at"]
    can_delete = False


@admin.register(AlertModel)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "municipality", "situation", "status", "created_by"]
    list_filter = ["municipality", "status"]
    inlines = [RecipientInline]
    readonly_fields = ["sent_at", "cleared_at", "outcome_at", "created_by", "wijk_ids"]


@admin.register(AlertAcknowledgement)
class AlertAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["at", "alert", "recipient", "kind"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # append-only


@admin.register(AlertHistory)
class AlertHistoryAdmin(admin.ModelAdmin):
    list_display = ["at", "alert", "kind", "actor"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(HomeLocation)
class HomeLocationAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "opted_in_at"]


admin.site.register(CoveredStreet)
