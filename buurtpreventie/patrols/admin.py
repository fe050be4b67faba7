from django.contrib import admin

from .models import CalendarFeed, Defect, Observation, PatrolReport, ReportSettings, Round, RoundParticipant


class RoundParticipantInline(admin.TabularInline):
    model = RoundParticipant
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("initiative", "planned_start", "status", "minimum_walkers", "wijk")
    list_filter = ("status", "initiative__municipality")
    inlines = [RoundParticipantInline]


class ObservationInline(admin.StackedInline):
    model = Observation
    extra = 0


@admin.register(PatrolReport)
class PatrolReportAdmin(admin.ModelAdmin):
    list_display = ("id", "initiative", "author", "submitted_at", "quality_score", "status")
    list_filter = ("status", "municipality")
    raw_id_fields = ("round", "author", "assigned_to")
    inlines = [ObservationInline]


@admin.register(Defect)
class DefectAdmin(admin.ModelAdmin):
    list_display = ("id", "category", "place", "is_open", "forward_state", "forward_attempts", "created_at")
    list_filter = ("forward_state", "is_open", "category")
    raw_id_fields = ("report", "reporter")


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ("municipality",)


admin.site.register(CalendarFeed)
