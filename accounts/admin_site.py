"""The admin site of fund staff: Django's, asking for a second factor after the password.

`accounts.apps.StaffAdminConfig` makes it the default site (`admin.site`), so every app registers its models as
before. Like django_otp.admin.OTPAdminSite, it lets in only sessions that have passed the second factor
(`has_permission`); unlike it, the code is asked on a page of its own after the password, where a staff member
without a factor sets one up (accounts.second_factor_views).
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path

from . import second_factor


class StaffAdminSite(admin.AdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)
        from .forms import StaffSignInForm

        # The admin's sign-in counts failures and pauses like the portal's (accounts.lockout).
        self.login_form = StaffSignInForm

    def has_permission(self, request):
        return super().has_permission(request) and second_factor.passed(request.user)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        user = request.user
        if (
            isinstance(response, HttpResponseRedirect)
            and second_factor.required(user)
            and not second_factor.passed(user)
        ):
            return HttpResponseRedirect(second_factor.step_url(response.url))  # the password was right: next, the code
        return response

    def get_urls(self):
        from . import second_factor_views as views

        def bound(view):
            return partial(view, site=self)

        mine = [
            path("second-factor/", bound(views.manage), name="second_factor"),
            path("second-factor/verify/", bound(views.verify), name="second_factor_verify"),
            path("second-factor/set-up/", bound(views.set_up), name="second_factor_set_up"),
            path("second-factor/recovery-codes/", bound(views.codes), name="second_factor_codes"),
            path("second-factor/recovery-codes.txt", bound(views.codes_download), name="second_factor_codes_download"),
        ]
        return mine + super().get_urls()
