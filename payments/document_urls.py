from django.urls import path

from . import document_views as views

app_name = "documents"

urlpatterns = [
    path("cabinet/statement.csv", views.statement_csv, name="statement_csv"),
    path("cabinet/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("cabinet/certificate/", views.certificate_issue, name="certificate_issue"),
    path("cabinet/certificate/<uuid:number>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificate/<uuid:number>/", views.certificate_verify, name="certificate_verify"),
]
