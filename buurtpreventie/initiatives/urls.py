from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.initiative_new, name="new"),
    path("beleid/", views.policy, name="policy"),
    path("beleid/doel/", views.goal_new, name="goal_new_municipality"),
    path("beleid/inspanning/", views.commitment_new, name="commitment_new_municipality"),
    path("beleid/doel/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("aanmeldingen/", views.applications, name="applications"),
    path("aanmeldingen/<int:pk>/", views.application_detail, name="application"),
    path("aanmeldmomenten/", views.moments, name="moments"),
    path("aanmeldmomenten/<int:pk>/", views.moment_detail, name="moment"),
    path("convenant/<int:pk>/", views.agreement_detail, name="agreement"),
    path("convenant/<int:pk>/accepteren/", views.agreement_accept, name="agreement_accept"),
    path("convenant/<int:pk>/pdf/", views.agreement_download, name="agreement_pdf"),
    path("convenant/<int:pk>/gegevens/", views.agreement_terms, name="agreement_terms"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/status/", views.status_change, name="status"),
    path("<int:pk>/risico/", views.at_risk, name="at_risk"),
    path("<int:pk>/leden/", views.members, name="members"),
    path("<int:pk>/leden/<int:membership_pk>/<str:action>/", views.member_action, name="member_action"),
    path("<int:pk>/convenant/nieuw/", views.agreement_new, name="agreement_new"),
    path("<int:pk>/doel/", views.goal_new, name="goal_new"),
    path("<int:pk>/inspanning/", views.commitment_new, name="commitment_new"),
    path("<int:pk>/professional/", views.involvement_new, name="involvement_new"),
    path("<int:pk>/continuiteit/", views.continuity_new, name="continuity_new"),
]
