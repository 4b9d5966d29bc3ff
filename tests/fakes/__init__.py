"""Fakes of outside systems for tests and benchmarks; production code never imports these."""
