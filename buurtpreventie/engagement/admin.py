from django.contrib import admin

from .models import (
    ActionPoint,
    Appreciation,
    BudgetRequest,
    BudgetRule,
    ContactLog,
    ContactRhythm,
    EvaluationMeeting,
    Event,
    EventInvitation,
    Expense,
    Newsletter,
    PracticeExample,
)


@admin.register(ContactLog)
class ContactLogAdmin(admin.ModelAdmin):
    list_display = ("contact_person", "initiative", "kind", "professional", "occurred_at")
    list_filter = ("municipality", "kind")


@admin.register(BudgetRule)
class BudgetRuleAdmin(admin.ModelAdmin):
    list_display = ("municipality", "initiative", "year", "basis", "rate", "minimum", "maximum")
    list_filter = ("municipality", "year", "basis")


@admin.register(BudgetRequest)
class BudgetRequestAdmin(admin.ModelAdmin):
    list_display = ("initiative", "year", "amount", "status", "requested_at")
    list_filter = ("status", "year")


for model in (ContactRhythm, Event, EventInvitation, Appreciation, Expense, Newsletter, PracticeExample,
              EvaluationMeeting, ActionPoint):
    admin.site.register(model)
