"""The API for payments: the public status check, the citizen's own status, payments and statement, the calculator.

The JSON of `/me/status` and `/calculator` is the command-line contract's (`manage.py osms_status`, `osms_calc`):
both call the same selectors. The public check shares its rate limits with the web form (same scopes and
identities in the same cache), so a client's web and API checks count together.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import ListAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import person_of
from accounts.validators import validate_iin
from plumbing.api import error_response, json_error, method_not_allowed_message, throttled_message
from plumbing.api_docs import DESCRIPTIONS, choice_field, errors

from . import document_views, documents, rules
from .models import Basis, Payment
from .selectors import calculation, parse_period, payments_of, status_report
from .views import check_allowed

MIN_YEAR, MAX_YEAR = 1900, 2100  # dates the status engine and the filters accept
MAX_JOBS = 20  # incomes in one calculation
MAX_INCOME = Decimal("1000000000000")  # 10^12 KZT a month: far above any real income
MAX_INCOME_TEXT = 32  # characters of one income


# --- serializers (requests and responses) -------------------------------------------------------------------


class StatusReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="no_payments, gap, incomplete, underpaid, lump_sum, vacation_lump, category_lapsed, child, …"
    )
    months = serializers.ListField(child=serializers.CharField(help_text="YYYY-MM"))


class OsmsStatusSerializer(serializers.Serializer):
    """The JSON of `manage.py osms_status`."""

    iin = serializers.CharField()
    on = serializers.DateField()
    insured = serializers.BooleanField()
    basis = choice_field(Basis.values, component="StatusBasis", allow_null=True)
    reasons = StatusReasonSerializer(many=True)
    lapse_date = serializers.DateField(allow_null=True)


class StatusQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="YYYY-MM-DD: the status from what was known that day. Default: today's stored status."
    )

    def validate_on(self, value):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise serializers.ValidationError(_("Choose a date between 1900 and 2100."), code="out_of_range")
        return value


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


class StatementQuerySerializer(YearQuerySerializer):
    format = serializers.ChoiceField(choices=["csv", "pdf"], required=False, default="csv")


class MyPaymentSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField(help_text="The month the payment is for, YYYY-MM.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="KZT, as a string.")
    payer = serializers.SerializerMethodField(help_text="The payer's name as the register gave it.")
    payer_id = serializers.CharField(source="sender_id", help_text="The payer's IIN or BIN.")
    self_paid = serializers.BooleanField(help_text="Paid by the person themself.")
    knp = serializers.IntegerField(help_text="121: employer transfers; 122: contributions.")
    state = choice_field(
        Payment.State.choices, component="PaymentState", help_text="accepted, or rejected by the State Corporation."
    )

    class Meta:
        model = Payment
        fields = ["period", "knp", "amount", "payer", "payer_id", "self_paid", "received_on", "state"]

    def get_period(self, payment) -> str:
        return f"{payment.period:%Y-%m}"

    def get_payer(self, payment) -> str:
        return documents.payer_name(payment, self.context["person"])


class CalculatorQuerySerializer(serializers.Serializer):
    payer = serializers.ChoiceField(choices=list(rules.PAYER_TYPES))
    period = serializers.CharField(max_length=7, help_text="YYYY-MM, the month the payment is for.")

    def validate_period(self, value):
        try:
            return parse_period(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Enter a month as YYYY-MM, for example 2026-03."), code="invalid_period"
            ) from None

    def validate(self, attrs):
        """`income` repeats (?income=1&income=2): read as a list here, each checked with one flat error."""
        values = self.initial_data.getlist("income") if hasattr(self.initial_data, "getlist") else []
        if len(values) > MAX_JOBS:
            message = _("At most %(n)d incomes, one for each job.") % {"n": MAX_JOBS}
            raise serializers.ValidationError({"income": [ErrorDetail(message, code="max_length")]})
        for value in values:
            try:
                amount = Decimal(value) if len(value) <= MAX_INCOME_TEXT else None
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_INCOME:
                message = _("An income is a non-negative amount, such as 350000 or 350000.50.")
                raise serializers.ValidationError({"income": [ErrorDetail(message, code="invalid_income")]})
        return {**attrs, "income": values}


class _Amounts(serializers.Serializer):
    def get_fields(self):
        return {
            "121": serializers.CharField(help_text="KNP 121 (employer transfers), KZT with two decimals."),
            "122": serializers.CharField(help_text="KNP 122 (contributions), KZT with two decimals."),
        }


class CalculatorJobSerializer(_Amounts):
    pass


class CalculatorAnswerSerializer(_Amounts):
    """The JSON of `manage.py osms_calc`."""

    def get_fields(self):
        fields = super().get_fields()
        fields["jobs"] = CalculatorJobSerializer(many=True, help_text="Per income, in the order given.")
        fields["total"] = serializers.CharField(required=False, help_text="Only for the single payment.")
        return fields


def _query(serializer_class, request):
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


# --- the public check ----------------------------------------------------------------------------------------


class StatusCheckView(View):
    """`GET /api/v1/status/{iin}` → `{"insured": true|false}`: the public check, the API's busiest call.

    A plain Django view, not DRF's: it has no body to parse, nobody to authenticate, one JSON shape to answer,
    and DRF's request, negotiation and response around it cost as much as the check itself (decision 0016).
    Its errors have the API's one body; its limits (check_allowed: per client, network, IIN and for everyone)
    are counted together with the web form's. Documented in the schema by `document_status_check`.
    """

    http_method_names = ["get", "head", "options"]

    @classmethod
    def as_view(cls, **initkwargs):
        return csrf_exempt(super().as_view(**initkwargs))  # nothing to forge: it changes nothing

    def get(self, request, iin):
        try:
            number = validate_iin(iin)
        except DjangoValidationError as error:
            message = str(error.message)
            fields = {"iin": [{"code": error.code, "message": message}]}
            return error_response("invalid_iin", message, status.HTTP_400_BAD_REQUEST, fields=fields)
        if not check_allowed(request, number):
            return error_response("throttled", throttled_message(), status.HTTP_429_TOO_MANY_REQUESTS)
        return JsonResponse({"insured": documents.insured_today(number)})

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error_response("method_not_allowed", method_not_allowed_message(), 405)
        response["Allow"] = ", ".join(self._allowed_methods())
        return response


def document_status_check(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: the schema of StatusCheckView, which is not a DRF view."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    result["components"]["schemas"]["InsuredAnswer"] = {
        "type": "object",
        "properties": {"insured": {"type": "boolean"}},
        "required": ["insured"],
    }
    result["paths"]["/api/v1/status/{iin}"] = {
        "get": {
            "operationId": "status_check",
            "summary": "Is this IIN insured today?",
            "description": "Public: answers `insured` and nothing more. A valid IIN with no record is not insured, "
            "except a child under 18 (by the birth date in the IIN). Limited per client address and per IIN, "
            "together with the web form's checks. An invalid IIN answers 400 `invalid_iin`.",
            "parameters": [
                {
                    "in": "path",
                    "name": "iin",
                    "schema": {"type": "string"},
                    "description": "12-digit IIN",
                    "required": True,
                },
            ],  # fmt: skip
            "tags": ["status"],
            "security": [],
            "responses": {
                "200": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InsuredAnswer"}}},
                    "description": "",
                },
                "400": {"content": error, "description": DESCRIPTIONS[400]},
                "429": {"content": error, "description": DESCRIPTIONS[429]},
            },
        }
    }
    result["paths"] = dict(sorted(result["paths"].items()))
    return result


# --- the signed-in citizen's own -------------------------------------------------------------------------------


class MyStatusView(APIView):
    @extend_schema(
        operation_id="me_status",
        summary="My insurance status",
        description="The same JSON as `manage.py osms_status IIN [--on YYYY-MM-DD]` for the signed-in citizen.",
        parameters=[StatusQuerySerializer],
        responses={200: OsmsStatusSerializer, **errors(400, 401, 404, 429)},
        tags=["me"],
    )
    def get(self, request):
        person = person_of(request)
        query = _query(StatusQuerySerializer, request)
        return Response(status_report(person.iin, on=query.get("on")))


@extend_schema_view(
    get=extend_schema(
        operation_id="me_payments",
        summary="My payments",
        description="Payments received for the signed-in citizen, newest month first, a page at a time.",
        parameters=[YearQuerySerializer],
        responses={200: MyPaymentSerializer(many=True), **errors(400, 401, 404, 429)},
        tags=["me"],
    )
)
class MyPaymentsView(ListAPIView):
    serializer_class = MyPaymentSerializer

    def get_queryset(self):
        year = _query(YearQuerySerializer, self.request).get("year")
        rows = payments_of(self.person.iin, year=year)
        return rows.order_by(*rows.query.order_by, "pk")  # a total order: pages never overlap

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "person": self.person}

    def list(self, request, *args, **kwargs):
        self.person = person_of(request)
        return super().list(request, *args, **kwargs)


class _JsonOnlyNegotiation(DefaultContentNegotiation):
    """`?format=` picks the statement's file type here, not a renderer: errors are always JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class MyStatementView(APIView):
    content_negotiation_class = _JsonOnlyNegotiation

    @extend_schema(
        operation_id="me_statement",
        summary="My statement of payments",
        description="The same file as the web statement: CSV (UTF-8 with a BOM, `;`, decimal comma) or PDF; all "
        "payments, or one year's.",
        parameters=[StatementQuerySerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The statement as CSV."),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The statement as PDF."),
            **errors(400, 401, 404, 429),
        },
        tags=["me"],
    )
    def get(self, request):
        person = person_of(request)
        query = _query(StatementQuerySerializer, request)
        statement = documents.statement_of(person, year=query.get("year"))
        if query["format"] == "pdf":
            body, content_type = documents.render_pdf(documents.statement_html(statement)), "application/pdf"
        else:
            body, content_type = documents.statement_csv(statement), "text/csv; charset=utf-8"
        response = document_views._download(
            body, content_type, document_views._statement_filename(statement.year, query["format"])
        )
        add_never_cache_headers(response)
        return response


# --- the calculator ---------------------------------------------------------------------------------------------


class CalculatorView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calculator",
        summary="What a payer owes for a month",
        description="The same JSON as `manage.py osms_calc --payer … --period YYYY-MM [--income N …]`. A bad payer, "
        "period or income answers 400 `invalid` with the field's code (`invalid_choice`, `invalid_period`, "
        "`invalid_income`); a month without rules answers 400 `no_rules`.",
        parameters=[
            OpenApiParameter("payer", str, enum=list(rules.PAYER_TYPES), required=True),
            OpenApiParameter("period", str, required=True, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
            OpenApiParameter(
                "income", str, many=True, explode=True, description="Monthly income of one job; repeat for several."
            ),
        ],
        responses={200: CalculatorAnswerSerializer, **errors(400, 429)},
        auth=[],
        tags=["calculator"],
    )
    def get(self, request):
        query = _query(CalculatorQuerySerializer, request)
        try:
            answer = calculation(payer_type=query["payer"], period=query["period"], incomes=query["income"])
        except rules.NoRules as missing:
            message = _("There are no rules for that date (%(detail)s). Choose a month from July 2017 to 2026.") % {
                "detail": missing
            }
            return json_error("no_rules", message, status.HTTP_400_BAD_REQUEST)
        except (ArithmeticError, ValueError):
            message = _("An income is a non-negative amount, such as 350000 or 350000.50.")
            fields = {"income": [{"code": "invalid_income", "message": message}]}
            return json_error("invalid", _("Some fields are not valid."), status.HTTP_400_BAD_REQUEST, fields=fields)
        return Response(answer)
