"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    # Coordinators and app-group admins are sent on to their own team's figures.
    "insights:dashboard": ("GET", None, {"anonymous": 302, "oov": (200, 404), "beheer": (200, 404), "coordinator": (302, 404), "app_group_admin": (302, 404), "*": (403, 404)}),
}
