"""Orchestration and I/O at the edge: sources, fetching, the Prefect flow, the CLI."""
