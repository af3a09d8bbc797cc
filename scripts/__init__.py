"""Maintenance scripts (run as files; importable by the tests)."""
