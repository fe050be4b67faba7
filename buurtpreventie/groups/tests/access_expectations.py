"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "groups:join": ("GET", 'bad_token', {"*": 410}),
    "groups:municipality_settings": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": 403}),
    "groups:invites": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "groups:invite_revoke": ("POST", 'invite_link', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "groups:invite_decide": ("POST", 'invite_request', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "groups:broadcasts": ("GET", 'initiative', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "groups:house_rules": ("GET", 'initiative', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "groups:trainings": ("GET", 'initiative', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "groups:activities": ("GET", 'initiative', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "groups:walk_along": ("POST", 'round_pk', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (302, 302, 404, 404), "boa": (302, 302, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
}
