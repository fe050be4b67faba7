"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "api:rounds": ("GET", None, {"anonymous": 401, "*": 200}),
    "api:round_plan": ("POST", None, {"anonymous": 401, "resident": 404, "member": (201, 404), "coordinator": (201, 404), "meldkamer": 404, "beheer": 404, "*": (403, 404)}, {'initiative_id': '@initiative', 'planned_start': '@+7d20:00', 'planned_end': '@+7d22:00'}),
    "api:round_detail": ("GET", 'round_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "api:round_signup": ("POST", 'round_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "api:round_signup_cancel": ("POST", 'round_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "api:round_start": ("POST", 'round_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "api:round_end": ("POST", 'round_id', {"anonymous": 401, "member": (400, 404, 404, 404), "coordinator": (400, 404, 404, 404), "app_group_admin": (400, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "api:round_sharing": ("POST", 'round_id', {"anonymous": 401, "member": (400, 404, 404, 404), "coordinator": (400, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}, {'enabled': True}),
    "api:round_position": ("POST", 'round_id', {"anonymous": 401, "member": (403, 404, 404, 404), "coordinator": (403, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}, {'lat': 51.84, 'lon': 5.86}),
    "api:round_derived_route": ("GET", 'round_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "api:reports": ("GET", None, {"anonymous": 401, "*": 200}),
    "api:report_submit": ("POST", None, {"anonymous": 401, "member": (201, 404), "coordinator": (201, 404), "app_group_admin": (201, 404), "wijkagent": (403, 404), "boa": (403, 404), "oov": (403, 404), "*": 404}, {'round_id': '@round'}),
    "api:report_detail": ("GET", 'report_id', {"anonymous": 401, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "api:defects": ("GET", None, {"anonymous": 401, "*": 200}),
    "patrols:home": ("GET", None, {"anonymous": 302, "*": 200}),
    "patrols:plan": ("GET", None, {"anonymous": 302, "member": 200, "coordinator": 200, "*": 403}),
    "patrols:service_worker": ("GET", None, {"*": 200}),
    "patrols:report_list": ("GET", None, {"anonymous": 302, "*": 200}),
    "patrols:report_detail": ("GET", 'report', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "patrols:team_calendar": ("GET", 'initiative_id', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "patrols:ics_renew": ("POST", None, {"*": 302}),
    "patrols:ics": ("GET", 'bad_token', {"*": 404}),
    "patrols:round_detail": ("GET", 'round', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "boa": (200, 200, 404, 404), "oov": (200, 200, 200, 404), "*": 404}),
    "patrols:signup": ("POST", 'round', {"anonymous": 302, "member": (302, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:signup_cancel": ("POST", 'round', {"anonymous": 302, "member": (302, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:cancel": ("POST", 'round', {"anonymous": 302, "member": (403, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:patrol_mode": ("GET", 'round', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:start": ("POST", 'round', {"anonymous": 302, "member": (302, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:end": ("POST", 'round', {"anonymous": 302, "member": (302, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (302, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:position_sharing": ("POST", 'round', {"anonymous": 302, "member": (302, 404, 404, 404), "coordinator": (302, 404, 404, 404), "app_group_admin": (403, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
    "patrols:report_create": ("GET", 'round', {"anonymous": 302, "member": (200, 404, 404, 404), "coordinator": (200, 404, 404, 404), "app_group_admin": (200, 404, 404, 404), "wijkagent": (403, 403, 404, 404), "boa": (403, 403, 404, 404), "oov": (403, 403, 403, 404), "*": 404}),
}
