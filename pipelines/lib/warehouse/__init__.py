"""Stage 2 — warehouse: the dbt project (dbt_project) and the build-then-swap publication (publish)."""
