from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/invullen/", views.answer, name="answer"),
    path("link/<str:token>/", views.answer_link, name="answer_link"),
    path("poll/<slug:slug>/", views.poll, name="poll"),
    path("mijn-antwoorden/", views.my_answers, name="my_answers"),
    path("antwoorden/<int:pk>/verwijderen/", views.response_delete, name="response_delete"),
    path("team/<int:pk>/", views.team_mix, name="team_mix"),
    path("team/<int:pk>/wensen/", views.team_wishes, name="team_wishes"),
    path("team/<int:pk>/uitnodigen/", views.team_invite, name="team_invite"),
    path("voorkeuren/", views.preferences, name="preferences"),
    path("beheer/", views.manage_list, name="manage_list"),
    path("beheer/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("beheer/<int:pk>/papier/", views.paper_entry, name="paper_entry"),
    path("beheer/vraag/<int:pk>/", views.question_edit, name="question_edit"),
]
