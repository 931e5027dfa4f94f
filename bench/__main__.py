"""`python -m bench` runs the benchmark (see bench/README.md)."""

from bench.run import main

main()
