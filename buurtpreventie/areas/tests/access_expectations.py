"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:streets": ("GET", None, {"anonymous": 401, "*": (200, 404)}),
    "api:wijk_at": ("GET", None, {"anonymous": 401, "*": 422}),
    "areas:overview": ("GET", None, {"anonymous": 302, "*": (200, 404)}),
    "areas:geojson": ("GET", None, {"anonymous": 302, "*": (200, 404)}),
    "areas:detail": ("GET", 'wijk', {"anonymous": 302, "*": (200, 200, 200, 404)}),
    "areas:address_suggest": ("GET", None, {"anonymous": 302, "*": 200}),
    "areas:address_lookup": ("GET", None, {"anonymous": 302, "*": 404}),
    "areas:address_reverse": ("GET", None, {"anonymous": 302, "*": 400}),
}
