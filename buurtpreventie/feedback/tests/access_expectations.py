"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:inbox": ("GET", None, {"anonymous": 401, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": 403}),
    "api:report_status": ("POST", 'report_id', {"anonymous": 401, "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}, {'status': 'in_progress'}),
    "api:report_feedback": ("POST", 'report_id', {"anonymous": 401, "wijkagent": (201, 201, 404, 404), "boa": (201, 201, 404, 404), "oov": (201, 201, 201, 404), "*": 404}, {'kind': 'info', 'body': 'Dank voor de melding.'}),
    "api:report_feedback_list": ("GET", 'report_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "api:news": ("GET", None, {"*": 422}),
    "feedback:inbox": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "feedback:report": ("GET", 'report', {"anonymous": 302, "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "feedback:report_status": ("POST", 'report', {"anonymous": 302, "wijkagent": (400, 400, 404, 404), "boa": (400, 400, 404, 404), "oov": (400, 400, 400, 404), "*": 404}),
    "feedback:report_feedback": ("POST", 'report', {"anonymous": 302, "wijkagent": (400, 400, 404, 404), "boa": (400, 400, 404, 404), "oov": (400, 400, 400, 404), "*": 404}),
    "feedback:defects": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "feedback:defect_retry": ("POST", 'defect', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (302, 302, 404, 404), "boa": (302, 302, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "feedback:defect_close": ("POST", 'defect', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (302, 302, 404, 404), "boa": (302, 302, 404, 404), "oov": (302, 302, 302, 404), "*": 404}),
    "feedback:notices": ("GET", None, {"anonymous": 302, "*": 200}),
    "feedback:news_list": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "boa": (200, 404), "oov": (200, 404), "*": (403, 404)}),
    "feedback:news_public": ("GET", 'news', {"*": 200}),
    "open311-services": ("GET", None, {"*": 200}),
    "open311-requests": ("GET", None, {"*": 200}),
    "open311-request": ("GET", 'open311_request', {"*": 200}),
    "api:signal_status": ("POST", 'signal_id', {"anonymous": 401, "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}, {'status': 'in_progress'}),
    "api:signal_feedback": ("POST", 'signal_id', {"anonymous": 401, "wijkagent": (201, 201, 404, 404), "boa": (201, 201, 404, 404), "oov": (201, 201, 201, 404), "*": 404}, {'kind': 'info', 'body': 'Dank voor het signaal.'}),
    "api:signal_feedback_list": ("GET", 'signal_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "feedback:signal": ("GET", 'signal', {"anonymous": 302, "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "feedback:signal_status": ("POST", 'signal', {"anonymous": 302, "wijkagent": (400, 400, 404, 404), "boa": (400, 400, 404, 404), "oov": (400, 400, 400, 404), "*": 404}),
    "feedback:signal_feedback": ("POST", 'signal', {"anonymous": 302, "wijkagent": (400, 400, 404, 404), "boa": (400, 400, 404, 404), "oov": (400, 400, 400, 404), "*": 404}),
    "feedback:category_mapping": ("GET", None, {"anonymous": 302, "oov": (200, 404), "*": (403, 404)}),
    "feedback:signalen_status": ("POST", 'municipality_code', {"*": 401}),
    "open311-discovery": ("GET", None, {"*": 200}),
    "open311-service": ("GET", 'open311_service', {"*": 200}),
}
