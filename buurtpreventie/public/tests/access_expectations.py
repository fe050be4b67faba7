"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "public:dossier": ("GET", 'slug', {"*": 200}),
    "public:apply": ("GET", 'slug', {"*": 200}),
    "public:application_status": ("GET", 'application_token', {"*": 200}),
    "public:application_withdraw": ("POST", 'application_token', {"*": 302}),
    "public:contact": ("GET", 'public_contact', {"*": 200}),
    "public:page_edit": ("GET", 'slug', {"anonymous": 302, "oov": (200, 200, 200, 403), "*": 403}),
    "public:news": ("GET", 'slug', {"*": 200}),
    "public:news_feed": ("GET", 'slug', {"*": 200}),
    "public:privacy": ("GET", 'slug', {"*": 200}),
}
