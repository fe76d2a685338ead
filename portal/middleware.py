"""Kazakh first: pages speak Kazakh until the citizen picks another language.

Django's LocaleMiddleware would follow the browser's Accept-Language; a national portal starts in
the state language instead, and remembers the choice made with the language switcher (a cookie).
The JSON API keeps Accept-Language, the usual way for an app or a bot to ask for a language.
"""


class KazakhFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
