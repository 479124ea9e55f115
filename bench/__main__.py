"""Run every benchmark and print one table each: `python -m bench` (or `make bench`)."""

from bench import feeds, planner

planner.main()
feeds.main()
