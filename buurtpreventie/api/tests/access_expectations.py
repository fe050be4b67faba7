"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:openapi-json": ("GET", None, {"*": 200}),
    "api:openapi-view": ("GET", None, {"*": 200}),
    "api:api-root": ("GET", None, {"*": 404}),
}
