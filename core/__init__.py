"""Shared building blocks every app may use (the lowest layer): nothing here imports an app."""
