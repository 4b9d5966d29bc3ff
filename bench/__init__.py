"""Benchmarks for the speed and scale targets in PRODUCT.md; results go to BENCHMARKS.md."""
