from django.contrib import admin

from .models import (
    Agreement,
    Application,
    Commitment,
    ContinuityReview,
    Initiative,
    InitiativeStatusChange,
    Membership,
    PolicyGoal,
    ProfessionalInvolvement,
    RegistrationMoment,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


class StatusChangeInline(admin.TabularInline):
    model = InitiativeStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "actor_label", "reason", "public", "at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "kind", "status", "at_risk")
    list_filter = ("municipality", "kind", "status")
    search_fields = ("name",)
    inlines = [MembershipInline, StatusChangeInline]
    readonly_fields = ("status",)  # the life cycle changes only through the service (history!)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("full_name", "municipality", "kind", "status", "submitted_at")
    list_filter = ("municipality", "status", "kind")
    readonly_fields = ("token", "status")


@admin.register(RegistrationMoment)
class RegistrationMomentAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "opens_on", "closes_on", "info_meeting_at")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("initiative", "version", "created_at")
    readonly_fields = ("version",)


admin.site.register(PolicyGoal)
admin.site.register(Commitment)
admin.site.register(ProfessionalInvolvement)
admin.site.register(ContinuityReview)
