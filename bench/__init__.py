"""Benchmarks of tracker against raw-driver baselines doing the same work on the same synthetic data.

`python -m bench --help` lists the options; README.md in this folder explains what is measured and how.
"""
