"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:initiatives": ("GET", None, {"anonymous": 401, "*": (200, 404)}),
    "api:history": ("GET", 'initiative_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:index": ("GET", None, {"anonymous": 302, "resident": 403, "meldkamer": 403, "beheer": 403, "*": (200, 404)}),
    "initiatives:new": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "initiatives:policy": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "initiatives:goal_new_municipality": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "initiatives:commitment_new_municipality": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "initiatives:goal_edit": ("GET", 'goal', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:applications": ("GET", None, {"anonymous": 302, "coordinator": (200, 404), "app_group_admin": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "initiatives:application": ("GET", 'application', {"anonymous": 302, "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:moments": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "initiatives:moment": ("GET", 'moment', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:agreement": ("GET", 'agreement', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:agreement_accept": ("POST", 'agreement', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:agreement_pdf": ("GET", 'agreement', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:detail": ("GET", 'initiative', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:edit": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:status": ("POST", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "initiatives:at_risk": ("POST", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "initiatives:members": ("GET", 'initiative', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:member_action": ("POST", 'membership', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "initiatives:agreement_new": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:goal_new": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:commitment_new": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:involvement_new": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:continuity_new": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "initiatives:agreement_terms": ("GET", 'agreement', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
}
