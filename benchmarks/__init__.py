"""Benchmarks of eks-addons (run with `make bench`)."""
