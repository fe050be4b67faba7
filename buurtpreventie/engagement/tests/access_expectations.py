"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:overdue": ("GET", None, {"anonymous": 401, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "api:budgets": ("GET", None, {"anonymous": 401, "oov": (200, 404), "*": (403, 404)}),
    "engagement:index": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "engagement:rhythm": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "engagement:events": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "engagement:event_detail": ("GET", 'event', {"anonymous": 302, "wijkagent": (200, 200, 200, 404), "boa": (200, 200, 200, 404), "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:appreciation": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "engagement:budgets": ("GET", None, {"anonymous": 302, "coordinator": (302, 404), "app_group_admin": (302, 404), "oov": (200, 404), "*": (403, 404)}),
    "engagement:budget_export": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "engagement:budget_rule_edit": ("GET", 'rule', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:team_budget": ("GET", 'initiative', {"anonymous": 302, "coordinator": (200, 403, 403, 404), "app_group_admin": (200, 403, 403, 404), "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:receipt": ("GET", 'expense', {"anonymous": 302, "coordinator": (200, 403, 403, 404), "app_group_admin": (200, 403, 403, 404), "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:newsletters": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "engagement:newsletter_detail": ("GET", 'newsletter', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:unsubscribe": ("GET", 'bad_token', {"*": 200}),
    "engagement:evaluations": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "engagement:evaluation_detail": ("GET", 'evaluation', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "engagement:budget_export_xlsx": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
}
