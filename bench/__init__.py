"""Benchmarks of the pure modules, runnable without Django (``python -m bench.<name>``)."""
