"""The read-only API of the benefit catalogue and the medical organisations: public, paginated.

Texts follow the request's language (Accept-Language: kk by default, ru, en), as the pages do: names are read
through modeltranslation, region and kind names from the organisation directory's reference data.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny

from accounts.choices import Region
from plumbing.api_docs import choice_field, errors

from . import organisation_views as directory
from .models import Disease, DiseaseList, Item, MedicalOrganisation, Package, Section

LANGUAGE_NOTE = "Texts are in the language of Accept-Language: kk (default), ru or en."


# --- serializers ----------------------------------------------------------------------------------------------


class CataloguePackageSerializer(serializers.ModelSerializer):
    kind = choice_field(Package.Kind.choices, component="PackageKind")
    in_force = serializers.SerializerMethodField(help_text="In force today.")

    class Meta:
        model = Package
        fields = ["code", "version", "kind", "name", "summary", "who", "valid_from", "valid_to", "complete", "in_force"]

    def get_in_force(self, package) -> bool:
        today = self.context["today"]
        return package.valid_from <= today and (package.valid_to is None or today <= package.valid_to)


class CatalogueSectionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["code", "group", "order", "name"]


class CataloguePackageDetailSerializer(CataloguePackageSerializer):
    sections = CatalogueSectionBriefSerializer(many=True, read_only=True)

    class Meta(CataloguePackageSerializer.Meta):
        fields = [*CataloguePackageSerializer.Meta.fields, "sections"]


class CatalogueConditionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class CatalogueItemSerializer(serializers.ModelSerializer):
    condition = CatalogueConditionSerializer(
        allow_null=True, help_text="When the item is given; null: to everyone covered."
    )

    class Meta:
        model = Item
        fields = ["order", "text", "condition", "condition_note"]


class CatalogueSectionSerializer(serializers.ModelSerializer):
    items = CatalogueItemSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["code", "group", "order", "name", "items"]


class CatalogueDiseaseListSerializer(serializers.ModelSerializer):
    package = serializers.CharField(source="package_code", help_text="Code of the package the list belongs to.")

    class Meta:
        model = DiseaseList
        fields = ["code", "package", "valid_from", "valid_to", "name", "note", "source"]


class CatalogueDiseaseSerializer(serializers.ModelSerializer):
    lists = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    icd10_includes = serializers.ListField(child=serializers.CharField())
    icd10_excludes = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Disease
        fields = ["id", "icd10", "name", "note", "lists", "icd10_includes", "icd10_excludes"]


class SectionNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MedicalOrganisationSerializer(serializers.ModelSerializer):
    region = choice_field(Region.choices, component="RegionCode")
    kind = choice_field(MedicalOrganisation.Kind.choices, component="OrganisationKind")
    region_name = serializers.SerializerMethodField()
    kind_name = serializers.SerializerMethodField()
    provides = serializers.SerializerMethodField(help_text="Sections of care it provides, with their names.")

    class Meta:
        model = MedicalOrganisation
        fields = ["bin", "name", "region", "region_name", "kind", "kind_name", "address", "is_fund_supplier"]
        fields += ["provides"]

    def get_region_name(self, organisation) -> str:
        return directory.region_label(organisation.region)

    def get_kind_name(self, organisation) -> str:
        return directory.kind_label(organisation.kind)

    @extend_schema_field(SectionNameSerializer(many=True))
    def get_provides(self, organisation) -> list[dict]:
        names = self.context["section_names"]
        return [{"code": code, "name": names.get(code, code)} for code in organisation.provides or []]


# --- query parameters -------------------------------------------------------------------------------------------


class PackageQuerySerializer(serializers.Serializer):
    in_force = serializers.BooleanField(required=False, allow_null=True, help_text="Only those in force today (true).")
    on = serializers.DateField(required=False, help_text="YYYY-MM-DD: only those in force on this day.")


class DiseaseQuerySerializer(serializers.Serializer):
    list = serializers.SlugField(required=False, max_length=40, help_text="Only the diseases of this list (its code).")
    icd10 = serializers.CharField(required=False, max_length=16, help_text="Only this ICD-10 code, e.g. G40.")


class OrganisationQuerySerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=Region.values, required=False)
    kind = serializers.ChoiceField(choices=MedicalOrganisation.Kind.values, required=False)
    supplier = serializers.BooleanField(
        required=False, allow_null=True, help_text="Only suppliers of the fund (true) or only others (false)."
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=400, help_text="Name contains (any language, any case)."
    )


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


# --- views --------------------------------------------------------------------------------------------------------


class _Public:
    permission_classes = [AllowAny]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


def _published() -> QuerySet[Package]:
    return Package.objects.filter(published=True)


def _one(queryset: QuerySet, **lookup):
    """The one row, or the API's 404 (raised as DRF's NotFound, so the error body is the usual one)."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise exceptions.NotFound()
    return found


@extend_schema_view(
    get=extend_schema(
        operation_id="packages_list",
        summary="Package versions",
        description="Every published version of the packages (GOBMP, OSMS, the 2026 unified parts), oldest first; "
        "`in_force=true` or `on=YYYY-MM-DD` keeps those in force today or on that day. " + LANGUAGE_NOTE,
        parameters=[PackageQuerySerializer],
        responses={200: CataloguePackageSerializer(many=True), **errors(400, 404, 429)},
        tags=["catalogue"],
    )
)
class PackageList(_Public, generics.ListAPIView):
    serializer_class = CataloguePackageSerializer

    def get_queryset(self):
        query = _query(PackageQuerySerializer, self.request)
        packages = _published()
        if query.get("on") is not None:
            packages = packages.in_force(query["on"])
        if query.get("in_force") is True:
            packages = packages.in_force(timezone.localdate())
        elif query.get("in_force") is False:
            packages = packages.exclude(pk__in=Package.objects.in_force(timezone.localdate()))
        return packages.order_by("valid_from", "code", "version")


@extend_schema_view(
    get=extend_schema(
        operation_id="packages_retrieve",
        summary="One package version",
        description="A package version with its sections in order. " + LANGUAGE_NOTE,
        responses={200: CataloguePackageDetailSerializer, **errors(404, 429)},
        tags=["catalogue"],
    )
)
class PackageDetail(_Public, generics.RetrieveAPIView):
    serializer_class = CataloguePackageDetailSerializer

    def get_object(self):
        sections = Prefetch("sections", queryset=Section.objects.order_by("order"))
        return _one(_published().prefetch_related(sections), code=self.kwargs["code"], version=self.kwargs["version"])


@extend_schema_view(
    get=extend_schema(
        operation_id="packages_sections_list",
        summary="A package version's sections and items",
        description="The sections of one package version in order, each with its items and their conditions. "
        + LANGUAGE_NOTE,
        responses={200: CatalogueSectionSerializer(many=True), **errors(404, 429)},
        tags=["catalogue"],
    )
)
class PackageSections(_Public, generics.ListAPIView):
    serializer_class = CatalogueSectionSerializer

    def get_queryset(self):
        package = _one(_published(), code=self.kwargs["code"], version=self.kwargs["version"])
        items = Item.objects.select_related("condition").order_by("order")
        return package.sections.order_by("order", "pk").prefetch_related(Prefetch("items", queryset=items))


@extend_schema_view(
    get=extend_schema(
        operation_id="disease_lists_list",
        summary="Chronic-disease lists",
        description="The lists of diseases under dynamic observation, by package and dates. " + LANGUAGE_NOTE,
        responses={200: CatalogueDiseaseListSerializer(many=True), **errors(404, 429)},
        tags=["catalogue"],
    )
)
class DiseaseListList(_Public, generics.ListAPIView):
    serializer_class = CatalogueDiseaseListSerializer
    queryset = DiseaseList.objects.order_by("code")


@extend_schema_view(
    get=extend_schema(
        operation_id="diseases_list",
        summary="Diseases",
        description="Chronic diseases (groups) with their ICD-10 codes and the lists they are on; filter by list or "
        "code. " + LANGUAGE_NOTE,
        parameters=[DiseaseQuerySerializer],
        responses={200: CatalogueDiseaseSerializer(many=True), **errors(400, 404, 429)},
        tags=["catalogue"],
    )
)
class DiseaseListView(_Public, generics.ListAPIView):
    serializer_class = CatalogueDiseaseSerializer

    def get_queryset(self):
        query = _query(DiseaseQuerySerializer, self.request)
        diseases = Disease.objects.prefetch_related("lists")
        if query.get("list"):
            diseases = diseases.filter(lists__code=query["list"])
        if query.get("icd10"):
            diseases = diseases.filter(icd10__iexact=query["icd10"].strip())
        return diseases.order_by("icd10", "id")


class _Organisations(_Public):
    serializer_class = MedicalOrganisationSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "section_names": directory.section_names()}


@extend_schema_view(
    get=extend_schema(
        operation_id="organisations_list",
        summary="Medical organisations",
        description="Active medical organisations by name; filter by region, kind, supplier of the fund, and a part "
        "of the name in any language. " + LANGUAGE_NOTE,
        parameters=[OrganisationQuerySerializer],
        responses={200: MedicalOrganisationSerializer(many=True), **errors(400, 404, 429)},
        tags=["organisations"],
    )
)
class OrganisationList(_Organisations, generics.ListAPIView):
    def get_queryset(self):
        query = _query(OrganisationQuerySerializer, self.request)
        organisations = MedicalOrganisation.objects.filter(active=True)
        if query.get("region"):
            organisations = organisations.filter(region=query["region"])
        if query.get("kind"):
            organisations = organisations.filter(kind=query["kind"])
        if query.get("supplier") is not None:
            organisations = organisations.filter(is_fund_supplier=query["supplier"])
        text = directory.clean_query(query.get("q") or "")
        if text:
            organisations = organisations.filter(directory._name_matches(text))
        return organisations.order_by("name", "bin")  # `name` is the request's language


@extend_schema_view(
    get=extend_schema(
        operation_id="organisations_retrieve",
        summary="One medical organisation",
        parameters=[OpenApiParameter("bin", str, OpenApiParameter.PATH, description="12-digit BIN")],
        responses={200: MedicalOrganisationSerializer, **errors(404, 429)},
        tags=["organisations"],
    )
)
class OrganisationDetail(_Organisations, generics.RetrieveAPIView):
    def get_object(self):
        return _one(MedicalOrganisation.objects.all(), bin=self.kwargs["bin"], active=True)
