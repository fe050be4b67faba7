from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buurtpreventie.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from buurtpreventie.core import navigation

        user_logged_out.connect(_end_live_streams, dispatch_uid="accounts.end_live_streams")

        navigation.register(
            navigation.NavItem(
                "profile", _("Mijn account"), "accounts:profile", order=990, visible=lambda u: u.is_authenticated
            )
        )


def _end_live_streams(sender: object, request: object = None, **kwargs: object) -> None:
    """Logging out ends the session's live streams (their tokens are bound to the session)."""
    from buurtpreventie.core.live import end_session_streams

    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        end_session_streams(session.session_key)
