"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:signal_list": ("GET", None, {"anonymous": 401, "*": 200}),
    "api:signal_file": ("POST", None, {"anonymous": 401, "member": (201, 404), "coordinator": (201, 404), "app_group_admin": (201, 404), "wijkagent": (403, 404), "boa": (403, 404), "oov": (403, 404), "*": 404}, {'initiative_id': '@initiative', 'observed_at': '@-1d22:00', 'place': 'Hoek Kerkstraat', 'category': 'suspicious', 'behaviour': "Voelde aan deuren van auto's"}),
    "api:signal_detail": ("GET", 'signal_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "signals:home": ("GET", None, {"anonymous": 302, "*": 200}),
    "signals:create": ("GET", None, {"anonymous": 302, "member": 200, "coordinator": 200, "app_group_admin": 200, "*": 403}),
    "signals:service_worker": ("GET", None, {"*": 200}),
    "signals:feed": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": 403}),
    "signals:detail": ("GET", 'signal', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
}
