"""Stage 2 — processed: builders turn raw files into tidy, validated tables in data/processed/."""

from .load import load, table_names, table_spec
from .registry import TABLES, Column, Table, builder, iso3, register

__all__ = ["load", "table_names", "table_spec", "TABLES", "Column", "Table", "builder", "iso3", "register"]
