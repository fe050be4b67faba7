from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("", views.index, name="index"),
    path("ritme/", views.rhythm, name="rhythm"),
    path("bijeenkomsten/", views.events, name="events"),
    path("bijeenkomsten/<int:pk>/", views.event_detail, name="event_detail"),
    path("waardering/", views.appreciation, name="appreciation"),
    path("budget/", views.budgets, name="budgets"),
    path("budget/export.csv", views.budget_export, name="budget_export"),
    path("budget/export.xlsx", views.budget_export, name="budget_export_xlsx"),
    path("budget/regel/<int:pk>/", views.budget_rule_edit, name="budget_rule_edit"),
    path("budget/team/<int:pk>/", views.team_budget, name="team_budget"),
    path("budget/bon/<int:pk>/", views.receipt, name="receipt"),
    path("nieuwsbrief/", views.newsletters, name="newsletters"),
    path("nieuwsbrief/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("evaluaties/", views.evaluations, name="evaluations"),
    path("evaluaties/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
]
