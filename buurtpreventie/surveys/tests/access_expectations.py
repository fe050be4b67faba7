"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:team_mix": ("GET", 'initiative_id', {"anonymous": 401, "coordinator": (200, 403, 403, 404), "app_group_admin": (200, 403, 403, 404), "wijkagent": (200, 200, 403, 404), "boa": (200, 200, 403, 404), "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "surveys:index": ("GET", None, {"anonymous": 302, "*": (200, 404)}),
    "surveys:answer": ("GET", 'questionnaire', {"anonymous": 302, "member": (200, 200, 200, 404), "coordinator": (200, 200, 200, 404), "app_group_admin": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "surveys:answer_link": ("GET", 'bad_token', {"*": 403}),
    "surveys:poll": ("GET", 'slug', {"*": 404}),
    "surveys:my_answers": ("GET", None, {"anonymous": 302, "*": 200}),
    "surveys:response_delete": ("POST", 'response', {"anonymous": 302, "member": (302, 302, 302, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "surveys:team_mix": ("GET", 'initiative', {"anonymous": 302, "coordinator": (200, 403, 403, 404), "app_group_admin": (200, 403, 403, 404), "wijkagent": (200, 200, 403, 404), "boa": (200, 200, 403, 404), "oov": (200, 200, 200, 404), "*": (403, 403, 403, 404)}),
    "surveys:team_wishes": ("GET", 'initiative', {"anonymous": 302, "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "surveys:team_invite": ("POST", 'initiative', {"anonymous": 302, "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "surveys:preferences": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "surveys:manage_list": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "surveys:manage_detail": ("GET", 'questionnaire', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": 404}),
    "surveys:paper_entry": ("GET", 'questionnaire', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": 404}),
    "surveys:question_edit": ("GET", 'question', {"anonymous": 302, "oov": (200, 200, 200, 404), "*": 404}),
}
