"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "insights:dashboard": ("GET", None, {"anonymous": 302, "coordinator": (302, 404), "app_group_admin": (302, 404), "oov": (200, 404), "beheer": (200, 404), "*": (403, 404)}),
    "insights:csv": ("GET", 'insights_table', {"anonymous": 302, "oov": (200, 200, 200, 404), "beheer": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "insights:map_json": ("GET", None, {"anonymous": 302, "oov": (200, 404), "beheer": (200, 404), "*": (403, 404)}),
    "insights:team": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (200, 403, 403, 404), "app_group_admin": (200, 403, 403, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "beheer": (200, 200, 200, 404), "*": 404}),
    "insights:teams": ("GET", None, {"anonymous": 302, "oov": (200, 404), "beheer": (200, 404), "*": (403, 404)}),
    "insights:settings": ("GET", None, {"anonymous": 302, "oov": (200, 404), "beheer": (200, 404), "*": (403, 404)}),
    "insights:council_report": ("GET", 'council_report', {"anonymous": 302, "oov": (200, 200, 200, 404), "beheer": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "insights:public_summary": ("GET", 'slug', {"*": 404}),
}
