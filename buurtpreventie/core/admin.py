from django.contrib import admin

from .models import AuditEntry, ScheduledJob


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "municipality_id")
    list_filter = ("action",)
    search_fields = ("object_id", "actor__username")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """Read-only view of the periodic jobs: last run, errors, who holds a lock."""

    list_display = ("name", "last_started_at", "last_finished_at", "locked_by", "locked_until")
    readonly_fields = ("name", "last_started_at", "last_finished_at", "last_error", "locked_until", "locked_by")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
