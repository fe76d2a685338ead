"""The API's token authentication (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES): DRF's, refusing the token of an
account that needs a second factor. Fund staff get no token (accounts.api), and one an account held from before it
became staff stops working: a token is a password's worth of access, with no second factor (decision 0017)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import second_factor


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if second_factor.required(user):
            raise exceptions.AuthenticationFailed(
                _("Fund staff accounts cannot use an API token."), code="staff_no_token"
            )
        return user, token
