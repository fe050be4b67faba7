"""Who gets what on this app's URLs: (method, object, answers[, JSON body]) per URL name.

See buurtpreventie/testing/access_matrix.py; checked by accounts/tests/test_permission_matrix.py.
Answers: 302 = to the login page, 404 = not yours (other team, wijk or municipality), 403 = wrong
role. A tuple is (own, other team, other wijk, other municipality), or (own, other municipality)
for a URL without an object. "*" answers for every role not named.
"""

EXPECTATIONS = {
    "alerts:index": ("GET", None, {"anonymous": 302, "*": (200, 404)}),
    "alerts:new": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:preview": ("POST", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:board": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:board_data": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:board_alerts": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:stream_token": ("GET", None, {"anonymous": 302, "member": 200, "coordinator": 200, "app_group_admin": 200, "*": 403}),
    "alerts:my_round": ("GET", None, {"anonymous": 302, "member": 200, "coordinator": 200, "app_group_admin": 200, "*": 403}),
    "alerts:home": ("GET", None, {"anonymous": 302, "member": 200, "coordinator": 200, "app_group_admin": 200, "*": 403}),
    "alerts:push_subscribe": ("POST", None, {"anonymous": 302, "*": 400}),
    "alerts:service_worker": ("GET", None, {"*": 200}),
    "alerts:push_receipt": ("POST", None, {"*": 400}),  # only a signed token from a push payload counts
    "alerts:templates": ("GET", None, {"anonymous": 302, "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:template_new": ("GET", None, {"anonymous": 302, "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:template_edit": ("GET", 'template', {"anonymous": 302, "meldkamer": (200, 200, 200, 404), "*": 403}),
    "alerts:detail": ("GET", 'alert', {"anonymous": 302, "member": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "meldkamer": (200, 200, 200, 404), "*": 404}),
    "alerts:status": ("GET", 'alert', {"anonymous": 302, "wijkagent": (200, 200, 404, 404), "meldkamer": (200, 200, 200, 404), "*": 404}),
    "alerts:ack": ("POST", 'alert', {"anonymous": 302, "member": (400, 404, 404, 404), "*": 404}),
    "alerts:clear": ("POST", 'alert', {"anonymous": 302, "member": (403, 404, 404, 404), "wijkagent": (302, 302, 404, 404), "meldkamer": (302, 302, 302, 404), "*": 404}),
    "alerts:outcome": ("POST", 'alert', {"anonymous": 302, "member": (403, 404, 404, 404), "wijkagent": (302, 302, 404, 404), "meldkamer": (302, 302, 302, 404), "*": 404}),
    "alerts:sos": ("POST", None, {"anonymous": 302, "*": 404}),
    "alerts:round_mates": ("GET", 'walked_round', {"anonymous": 302, "member": (200, 404, 404, 404), "*": 404}),
    "alerts:sos_cancel": ("POST", 'sos', {"anonymous": 302, "member": (400, 404, 404, 404), "wijkagent": (400, 400, 404, 404), "meldkamer": (400, 400, 400, 404), "*": 404}),
    "alerts:board_sos": ("GET", None, {"anonymous": 302, "wijkagent": (200, 404), "meldkamer": (200, 404), "*": (403, 404)}),
    "alerts:subscriptions": ("GET", None, {"anonymous": 302, "*": 200}),
    "alerts:receipt": ("POST", 'alert', {"anonymous": 302, "member": (204, 404, 404, 404), "*": 404}),
    "alerts:sighting": ("POST", 'alert', {"anonymous": 302, "member": (400, 404, 404, 404), "*": 404}),
    "alerts:sighting_photo": ("GET", 'sighting', {"anonymous": 302, "member": (200, 404, 404, 404), "wijkagent": (200, 200, 404, 404), "meldkamer": (200, 200, 200, 404), "*": 404}),
}
