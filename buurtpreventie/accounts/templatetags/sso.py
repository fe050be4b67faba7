from __future__ import annotations

from django import template

from buurtpreventie.accounts.oidc import oidc_enabled

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    return oidc_enabled()
