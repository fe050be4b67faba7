from django.contrib import admin

from .models import Answer, Invitation, ProfessionalPreference, Question, Questionnaire, Response, TeamWishes


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "kind", "is_active", "public_poll")
    list_filter = ("municipality", "kind", "is_active")
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("questionnaire", "municipality", "initiative", "channel", "submitted_at")
    list_filter = ("municipality", "channel")
    inlines = [AnswerInline]


admin.site.register(Invitation)
admin.site.register(ProfessionalPreference)
admin.site.register(TeamWishes)
