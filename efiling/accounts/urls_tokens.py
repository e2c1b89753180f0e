from django.urls import path

from efiling.accounts.views import tokens

urlpatterns = [
    path("", tokens.api_tokens, name="api-tokens"),
    path("<int:pk>/revoke/", tokens.api_token_revoke, name="api-token-revoke"),
]
