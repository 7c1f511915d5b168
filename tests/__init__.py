"""Tests (a package, so that tests/ui never shadows the application's ui package on sys.path)."""
