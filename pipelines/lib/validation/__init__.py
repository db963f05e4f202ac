"""Stage 3 — validation: what the rules in dbt do not do themselves.

locate        the likely-wrong cell of a report that does not add up (Fellegi–Holt)
checks        rule-family summaries for the Dagster asset checks
expectations  the Great Expectations value contracts and their offline Data Docs
"""
