"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "accounts:login": ("GET", None, {"anonymous": 200, "*": 302}),
    "accounts:logout": ("POST", None, {"*": 302}),
    "accounts:two_factor": ("GET", None, {"*": 302}),
    "accounts:profile": ("GET", None, {"anonymous": 302, "*": 200}),
    "accounts:password_reset": ("GET", None, {"*": 200}),
    "accounts:password_reset_done": ("GET", None, {"*": 200}),
    "accounts:password_reset_confirm": ("GET", 'bad_reset', {"*": 200}),
    "accounts:password_reset_complete": ("GET", None, {"*": 200}),
    "accounts:two_factor_enrol": ("GET", 'bad_token', {"anonymous": 302, "*": 403}),
    "accounts:my_data": ("GET", None, {"anonymous": 302, "*": 200}),
    "accounts:my_data_json": ("GET", None, {"anonymous": 302, "*": 200}),
    "accounts:delete": ("GET", None, {"anonymous": 302, "resident": 200, "member": 200, "coordinator": 200, "app_group_admin": 200, "*": 403}),
    "oidc_authentication_init": ("GET", None, {"*": 302}),
    "oidc_authentication_callback": ("GET", None, {"*": 302}),
    "oidc_logout": ("POST", None, {"*": 302}),
}
