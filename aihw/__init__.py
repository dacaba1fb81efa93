"""aihw: the warehouse platform — landing, warehouse I/O, the dbt runner and main job, quality checks, docs, CLI.

The KPI models live in the sibling package ``python_ml``; this package runs them (``aihw.pipeline``) and
gives them warehouse I/O (``aihw.warehouse``).
"""
