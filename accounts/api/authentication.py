from knox.auth import TokenAuthentication
from rest_framework.authentication import SessionAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    pass


class TwoFactorSessionAuthentication(SessionAuthentication):
    pass
