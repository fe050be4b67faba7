from django.urls import path

from . import news, views

app_name = "public"
urlpatterns = [
    path("<slug:slug>/", views.dossier, name="dossier"),
    path("<slug:slug>/aanmelden/", views.apply, name="apply"),
    path("<slug:slug>/aanmelding/<str:token>/", views.application_status, name="application_status"),
    path(
        "<slug:slug>/aanmelding/<str:token>/intrekken/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("<slug:slug>/initiatief/<int:pk>/contact/", views.contact, name="contact"),
    path("<slug:slug>/bewerken/", views.page_edit, name="page_edit"),
    path("<slug:slug>/nieuws/", news.news_index, name="news"),
    path("<slug:slug>/nieuws/feed/", news.NewsFeed(), name="news_feed"),
    path("<slug:slug>/privacy/", views.privacy, name="privacy"),
]
