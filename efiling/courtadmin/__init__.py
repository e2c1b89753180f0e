"""Court administrators manage their courts here, in pages of the system (not the Django admin)."""
