"""Run every benchmark and print one table each: `python -m bench` (or `make bench`)."""

from bench import feeds, planner, stats

planner.main()
feeds.main()
stats.main()
