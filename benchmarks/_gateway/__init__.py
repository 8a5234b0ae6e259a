"""The parts of ``bench_gateway.py``: CPU accounting, targets, workloads, the load
generator and the report. Not a public module; imported with ``benchmarks/`` on the path."""
