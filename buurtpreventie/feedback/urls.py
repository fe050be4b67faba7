from django.urls import path

from . import views, webhooks

app_name = "feedback"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("verslag/<int:pk>/", views.report_detail, name="report"),
    path("verslag/<int:pk>/status/", views.report_status, name="report_status"),
    path("verslag/<int:pk>/terugkoppeling/", views.report_feedback, name="report_feedback"),
    path("signaal/<int:pk>/", views.signal_detail, name="signal"),
    path("signaal/<int:pk>/status/", views.signal_status, name="signal_status"),
    path("signaal/<int:pk>/terugkoppeling/", views.signal_feedback, name="signal_feedback"),
    path("meldingen/", views.defects, name="defects"),
    path("meldingen/categorieen/", views.category_mapping, name="category_mapping"),
    path("meldingen/<int:pk>/opnieuw/", views.defect_retry, name="defect_retry"),
    path("meldingen/<int:pk>/afhandelen/", views.defect_close, name="defect_close"),
    path("berichten/", views.notices, name="notices"),
    path("nieuws/", views.news_list, name="news_list"),
    path("nieuws/<slug:slug>/", views.news_public, name="news_public"),
    path("signalen/<str:code>/status/", webhooks.signalen_status, name="signalen_status"),
]
