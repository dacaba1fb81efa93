"""python_ml: KPI models trained on the warehouse's contracted marts, written back with provenance."""

__version__ = "0.1.0"
