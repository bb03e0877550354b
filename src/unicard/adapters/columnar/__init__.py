"""Columnar evaluation of the whole nation: DuckDB over Parquet files (docs/eligibility.md)."""
