"""Writes one YAML per mart beside its SQL (dbt_project/models/marts/<subject>/<model>.yml) from the
glossary (pipelines/lib/glossary.yaml), so every mart column carries its Vietnamese term and its
contract type exactly once. Run `make docs` (the YAML is committed; tests/unit/test_docs.py fails
when it is stale)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

GLOSSARY_PATH = ROOT / "pipelines" / "lib" / "glossary.yaml"
GLOSSARY = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))["terms"]
MARTS_DIR = ROOT / "dbt_project" / "models" / "marts"

# Marts by subject: one folder each, one YAML per model beside its SQL.
SUBJECTS = {
    "core": [
        "fct_case_results",
        "fct_money_results",
        "fct_results_by_part",
        "fct_executor_results",
        "fct_report_arrival",
        "fct_report_revision",
        "fct_monthly_flows",
        "fct_backlog",
        "dim_unit",
        "map_unit_succession",
        "map_province_succession",
        "dim_period",
        "dim_target",
        "quarantine",
    ],
    "indicators": ["rpt_indicators", "rpt_backlog_current_units"],
    "validation": [
        "dim_rule",
        "fct_validation_result",
        "fct_validation_summary",
        "fct_validation_history",
        "fct_finding",
        "fct_finding_root_cause",
    ],
    "emulation": [
        "fct_emulation_score",
        "rpt_emulation_ranking",
        "fct_award_condition",
        "fct_award_eligibility",
        "rpt_emulation_registrations",
        "fct_campaign_result",
        "rpt_executor_results",
    ],
}


CASE_COLS = [
    "total_accepted_cases",
    "carried_in_cases",
    "new_cases",
    "delegated_out_cases",
    "withdrawn_cases",
    "to_enforce_cases",
    "enforceable_cases",
    "executed_cases",
    "terminated_cases",
    "in_progress_cases",
    "postponed_agreed_cases",
    "other_enforceable_cases",
    "not_enforceable_cases",
    "carried_out_cases",
    "carried_out_enforceable_cases",
]
MONEY_COLS = [c.replace("_cases", "_kvnd") for c in CASE_COLS if c != "executed_cases"]
MONEY_COLS.insert(7, "collected_kvnd")
MONEY_COLS.insert(9, "reduced_kvnd")


def results_columns(s: str) -> list[str]:
    base = ["carried_in", "new", "delegated_out", "withdrawn"]
    parts = (["executed", "terminated"] if s == "cases" else ["collected", "terminated", "reduced"]) + [
        "in_progress",
        "postponed_agreed",
        "other_enforceable",
        "not_enforceable",
    ]
    cols = [
        "unit_code",
        "period_end",
        "unit_level",
        "province_code",
        "stat_year",
        "period_months",
        "report_kind",
        "submission_no",
    ]
    cols += [f"{c}_{s}" for c in base + parts]
    for d in ("total_accepted", "to_enforce", "enforceable"):
        cols += [f"{d}_{s}_reported", f"{d}_{s}_calc"]
    cols += [f"completed_for_rate_{s}", "completion_rate_pct_reported", "completion_rate_pct"]
    for d in ("carried_out", "carried_out_enforceable"):
        cols += [f"{d}_{s}_reported", f"{d}_{s}_calc"]
    cols += ["file_sha256", "file_path", "sheet_row", "n_versions", "prepared_on", "is_reliable"]
    return cols


def col(name: str, tests=None) -> dict:
    term = GLOSSARY[name]
    out = {"name": name, "data_type": term["type"], "description": term["description"]}
    if tests:
        out["data_tests"] = tests
    return out


def results_model(name: str, s: str, form: str) -> dict:
    measure_vi = "việc" if s == "cases" else "tiền (nghìn đồng)"
    return {
        "name": name,
        "description": (
            f"Kết quả thi hành án dân sự tính bằng {measure_vi} (biểu {form}). Grain — one row per unit and period "
            "(current submission): the Tổng cộng row of the unit's own report, or of the province-wide report "
            "for a province. *_reported is what the unit wrote; *_calc is what the identity gives (I-01…I-09)."
        ),
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "period_end"]}}},
        ],
        "columns": [
            col(
                c,
                (
                    [
                        "not_null",
                        {"relationships": {"arguments": {"to": "ref('dim_period')", "field": "period_end"}}},
                    ]
                    if c == "period_end"
                    else ["not_null"]
                    if c in ("unit_code", "unit_level", "stat_year")
                    else [{"non_negative": {}}]
                    if c.endswith(f"_{s}") or c.endswith(f"_{s}_reported")
                    else None
                ),
            )
            for c in results_columns(s)
        ],
    }


models = [
    results_model("fct_case_results", "cases", "01/TK-THADS"),
    results_model("fct_money_results", "kvnd", "02/TK-THADS"),
    {
        "name": "fct_executor_results",
        "description": "Kết quả theo chấp hành viên (executor rows of the current unit reports). Grain — one row per "
        "unit, period and executor.",
        "data_tests": [
            {
                "unique_combination_of_columns": {
                    "arguments": {"combination_of_columns": ["unit_code", "period_end", "executor_code"]}
                }
            }
        ],
        "columns": [
            col("unit_code", ["not_null"]),
            col("period_end", ["not_null"]),
            col("executor_code", ["not_null"]),
            col("executor_name"),
        ]
        + [col(c) for c in CASE_COLS + MONEY_COLS]
        + [col("case_completion_rate_pct"), col("money_completion_rate_pct"), col("file_sha256"), col("sheet_row")],
    },
    {
        "name": "fct_monthly_flows",
        "description": "Phát sinh theo tháng (monthly flows) derived from the cumulative reports, flow measures only "
        "(I-15). Grain — one row per unit, period and flow measure.",
        "data_tests": [
            {
                "unique_combination_of_columns": {
                    "arguments": {"combination_of_columns": ["unit_code", "period_end", "flow_name"]}
                }
            }
        ],
        "columns": [
            col(c, ["not_null"] if c in ("unit_code", "period_end", "flow_name", "flow_status") else None)
            for c in (
                "unit_code",
                "period_end",
                "flow_name",
                "measure",
                "unit_level",
                "province_code",
                "stat_year",
                "period_months",
                "cumulative_value",
                "previous_cumulative_value",
                "monthly_flow",
                "flow_status",
            )
        ],
    },
    {
        "name": "fct_backlog",
        "description": "Số chuyển kỳ sau (backlog) per unit and period, as reported, with the same period of the "
        "previous year and carried-in against last year's 12-month carried-out (I-06…I-08, I-13). "
        "Grain — one row per unit and period.",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}
        ],
        "columns": [
            col(c, ["not_null"] if c in ("unit_code", "period_end") else None)
            for c in (
                "unit_code",
                "period_end",
                "unit_level",
                "province_code",
                "stat_year",
                "period_months",
                "carried_out_cases",
                "carried_out_enforceable_cases",
                "carried_out_not_enforceable_cases",
                "carried_out_kvnd",
                "carried_out_enforceable_kvnd",
                "carried_out_not_enforceable_kvnd",
                "prev_carried_out_cases",
                "prev_carried_out_enforceable_cases",
                "prev_carried_out_kvnd",
                "prev_carried_out_enforceable_kvnd",
                "carried_out_cases_change_pct",
                "carried_out_enforceable_cases_change_pct",
                "carried_out_kvnd_change_pct",
                "carried_out_enforceable_kvnd_change_pct",
                "carried_in_cases",
                "prev_year_end_carried_out_cases",
                "carried_in_gap_cases",
                "prev_year_end_not_enforceable_cases",
                "carried_in_kvnd",
                "prev_year_end_carried_out_kvnd",
                "carried_in_gap_kvnd",
                "prev_year_end_not_enforceable_kvnd",
                "compared_with_predecessors",
            )
        ],
    },
    {
        "name": "fct_report_arrival",
        "description": "Thời điểm nhận báo cáo và đúng hạn / chậm (arrival and timeliness of every submission, "
        "domain.md §3.2): the arrival against the deadline of the period's reporting regime, in working days "
        "(Monday to Friday less public holidays, seeds/ref_public_holidays.csv); a report is judged by its first "
        "submission. Grain — one row per unit, period, report kind and submission.",
        "data_tests": [
            {
                "unique_combination_of_columns": {
                    "arguments": {"combination_of_columns": ["unit_code", "period_end", "report_kind", "submission_no"]}
                }
            }
        ],
        "columns": [
            col(
                c,
                ["not_null"]
                if c in ("unit_code", "period_end", "report_kind", "arrived_at", "deadline", "working_days_late")
                else None,
            )
            for c in (
                "unit_code",
                "period_end",
                "report_kind",
                "submission_no",
                "is_current_version",
                "is_first_submission",
                "arrived_at",
                "arrived_on",
                "arrival_basis",
                "prepared_on",
                "deadline",
                "is_late",
                "working_days_late",
                "file_sha256",
                "file_path",
            )
        ],
    },
    {
        "name": "rpt_backlog_current_units",
        "description": "Số chuyển kỳ sau theo đơn vị hiện nay (as the units are today): reports from before "
        "1/7/2025 are summed under their successors. Grain — one row per today's unit and period.",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}
        ],
        "columns": [
            col(c, ["not_null"] if c in ("unit_code", "period_end") else None)
            for c in (
                "unit_code",
                "period_end",
                "name_vi",
                "unit_level",
                "province_code",
                "stat_year",
                "period_months",
                "n_reports_summed",
                "carried_out_cases",
                "carried_out_enforceable_cases",
                "carried_out_not_enforceable_cases",
                "carried_out_kvnd",
                "carried_out_enforceable_kvnd",
                "carried_out_not_enforceable_kvnd",
                "completed_for_rate_cases",
                "enforceable_cases",
                "case_rate_pct",
                "completed_for_rate_kvnd",
                "enforceable_kvnd",
                "money_rate_pct",
                "is_reliable",
            )
        ],
    },
    {
        "name": "rpt_indicators",
        "description": "Chỉ tiêu kết quả THADS (headline indicators) per unit, province and nation and period, with the "
        "same period of the previous year, targets (unit → province → national) and backlog change. "
        "Rates are recomputed from numerators and denominators at every level. Grain — one row per "
        "unit (VN = nation) and period.",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}
        ],
        "columns": [
            col(c, ["not_null"] if c in ("unit_code", "period_end", "unit_level") else None)
            for c in (
                "unit_code",
                "period_end",
                "unit_level",
                "province_code",
                "stat_year",
                "period_months",
                "completed_cases",
                "enforceable_cases",
                "case_rate_pct",
                "completed_kvnd",
                "enforceable_kvnd",
                "money_rate_pct",
                "enforceable_share_pct",
                "enforceable_share_kvnd_pct",
                "prev_completed_cases",
                "prev_enforceable_cases",
                "prev_case_rate_pct",
                "prev_completed_kvnd",
                "prev_enforceable_kvnd",
                "prev_money_rate_pct",
                "completed_cases_change",
                "completed_cases_change_pct",
                "completed_kvnd_change",
                "completed_kvnd_change_pct",
                "case_rate_change_points",
                "money_rate_change_points",
                "target_unit_code",
                "case_target_pct",
                "money_target_pct",
                "case_target_gap_points",
                "money_target_gap_points",
                "carried_out_cases",
                "prev_carried_out_cases",
                "carried_out_cases_change_pct",
                "carried_out_kvnd",
                "prev_carried_out_kvnd",
                "carried_out_kvnd_change_pct",
                "is_reliable",
                "n_open_errors",
                "open_error_rules",
                "n_members_unreliable",
                "implied_completed_cases",
                "implied_enforceable_cases",
                "implied_case_rate_pct",
                "implied_completed_kvnd",
                "implied_enforceable_kvnd",
                "implied_money_rate_pct",
            )
        ],
    },
    {
        "name": "dim_rule",
        "description": "Danh mục quy tắc kiểm tra (rule registry, seeds/ref_rules.csv; expressions in "
        "seeds/ref_rule_expressions.csv). Grain — one row per rule.",
        "columns": [
            col("rule_id", ["unique", "not_null"]),
            col("family", ["not_null"]),
            col("family_name_vi"),
            col("family_name_en"),
            col("ess_level"),
            col("severity", [{"accepted_values": {"arguments": {"values": ["error", "warning", "information"]}}}]),
            col("tolerance"),
            col("missing_mode", [{"accepted_values": {"arguments": {"values": ["non_null", "always_zero"]}}}]),
            col("basis"),
            col("valid_from"),
            col("valid_to"),
            col("description_vi"),
            col("description_en"),
            col("action_vi"),
            col("action_en"),
            col("lhs_label_vi"),
            col("rhs_label_vi"),
            col("lhs_label_en"),
            col("rhs_label_en"),
        ],
    },
    {
        "name": "fct_validation_result",
        "description": "Kết quả kiểm tra (validation results), as of the last refresh. Grain — one row per rule part "
        "and evaluated item (unit, period, form, row, column, submission). A rule that cannot be evaluated is na "
        "or error, never pass. A refresh evaluates again the statistical years its files touch and the year after; "
        "run_id and evaluated_at say which refresh evaluated a row.",
        "data_tests": [
            {
                # the rows this refresh evaluated (every row in a full build): the others were tested by the
                # refresh that evaluated them, and the years it deletes and inserts hold every key of theirs
                "unique_combination_of_columns": {
                    "arguments": {
                        "combination_of_columns": ["finding_key", "file_sha256", "submission_no"],
                        "evaluated_in_this_run": True,
                    }
                }
            }
        ],
        "columns": [
            col(
                c,
                ["not_null"]
                if c in ("finding_key", "rule_id", "outcome", "severity")
                else [{"accepted_values": {"arguments": {"values": ["pass", "fail", "na", "error"]}}}]
                if c == "outcome"
                else None,
            )
            for c in (
                "finding_key",
                "rule_id",
                "part",
                "form_code",
                "column_name",
                "unit_code",
                "report_kind",
                "period_end",
                "row_kind",
                "row_code",
                "file_sha256",
                "submission_no",
                "is_current_version",
                "family",
                "ess_level",
                "severity",
                "outcome",
                "comparison",
                "lhs_value",
                "rhs_value",
                "rhs_high_value",
                "imbalance",
                "tolerance",
                "missing_mode",
                "note",
                "run_id",
                "evaluated_at",
            )
        ],
    },
    {
        "name": "fct_validation_summary",
        "description": "Tổng hợp kết quả kiểm tra: items, passes, fails, NA and errors per rule and period (current "
        "submissions). Grain — one row per rule and period.",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["rule_id", "period_end"]}}}
        ],
        "columns": [
            col(c)
            for c in (
                "rule_id",
                "period_end",
                "family",
                "severity",
                "items",
                "passes",
                "fails",
                "nas",
                "errors",
                "failed_root_causes",
            )
        ],
    },
    {
        "name": "fct_validation_history",
        "description": "Lịch sử các mục không đạt qua các lần chạy (append-only). Grain — one row per failed item, "
        "submission and run.",
        "columns": [
            col(c)
            for c in (
                "finding_key",
                "rule_id",
                "part",
                "form_code",
                "column_name",
                "unit_code",
                "report_kind",
                "period_end",
                "row_code",
                "family",
                "severity",
                "outcome",
                "is_current_version",
                "file_sha256",
                "submission_no",
                "lhs_value",
                "rhs_value",
                "imbalance",
                "run_id",
                "evaluated_at",
            )
        ],
    },
    {
        "name": "fct_finding",
        "description": "Phát hiện (findings) for auditors: every item of an error or warning rule that failed in any "
        "run, with status, both sides, imbalance, likely-wrong cell, explanation and priority. "
        "Grain — one row per finding key.",
        "columns": [
            col(
                c,
                ["unique", "not_null"]
                if c == "finding_key"
                else [
                    {
                        "accepted_values": {
                            "arguments": {
                                "values": [
                                    "open",
                                    "explained",
                                    "accepted",
                                    "resolved_by_resubmission",
                                    "resolved",
                                    "superseded",
                                ]
                            }
                        }
                    }
                ]
                if c == "status"
                else None,
            )
            for c in (
                "finding_key",
                "rule_id",
                "part",
                "family",
                "severity",
                "status",
                "unit_code",
                "report_kind",
                "period_end",
                "form_code",
                "row_code",
                "column_name",
                "current_outcome",
                "current_submission_no",
                "failed_submission_no",
                "lhs_value",
                "rhs_value",
                "imbalance",
                "tolerance",
                "hint_cells",
                "hint_text",
                "hint_pattern",
                "hint_identifiable",
                "money_imbalance_kvnd",
                "rate_effect_points",
                "may_flip_target",
                "impact_score",
                "priority_rank",
                "explanation_status",
                "explanation_vi",
                "explanation_en",
                "reviewed_by",
                "reviewed_on",
                "first_seen_at",
                "last_seen_at",
                "n_runs_failed",
                "file_sha256",
                "root_cause_key",
                "measure",
                "likely_wrong_side",
                "side_hint_vi",
                "side_hint_en",
            )
        ],
    },
    {
        "name": "fct_finding_root_cause",
        "description": "Phát hiện theo nguyên nhân gốc (findings by root cause): one mistake, however many checks it "
        "breaks — the items of one submission explained by the same likely-wrong cell, the items of one row of a "
        "province-wide report (H-01) — with its items in marts.fct_finding (same root_cause_key), which side is "
        "probably wrong, what to do, and the priority of its most important item. Grain — one row per root cause.",
        "columns": [
            col(
                c,
                ["unique", "not_null"]
                if c == "root_cause_key"
                else ["not_null"]
                if c in ("n_items", "status")
                else None,
            )
            for c in (
                "root_cause_key",
                "lead_finding_key",
                "lead_rule_id",
                "rule_ids",
                "family",
                "severity",
                "status",
                "unit_code",
                "report_kind",
                "period_end",
                "form_codes",
                "n_items",
                "n_open_items",
                "hint_cells",
                "hint_text",
                "likely_wrong_side",
                "side_hint_vi",
                "side_hint_en",
                "money_impact_kvnd",
                "rate_effect_points",
                "may_flip_target",
                "action_vi",
                "action_en",
                "priority_rank",
                "first_seen_at",
                "last_seen_at",
                "current_submission_no",
                "failed_submission_no",
                "file_sha256",
            )
        ],
    },
    {
        "name": "fct_report_revision",
        "description": "Đính chính (restatements, domain.md §3.3): for each resubmission, every cell that changed "
        "from the submission before it, with the old and the new value; a resubmission that changes nothing is "
        "one row with change_kind no_change. Grain — one row per resubmission and changed cell.",
        "columns": [
            col(c, ["not_null"] if c in ("unit_code", "period_end", "report_kind", "change_kind") else None)
            for c in (
                "unit_code",
                "period_end",
                "report_kind",
                "form_code",
                "row_kind",
                "row_code",
                "column_name",
                "from_submission_no",
                "to_submission_no",
                "old_value",
                "new_value",
                "change",
                "old_cell_ref",
                "new_cell_ref",
                "change_kind",
                "from_file_sha256",
                "to_file_sha256",
            )
        ],
    },
    {
        "name": "dim_unit",
        "description": "Cây đơn vị theo thời gian (dated unit tree). Grain — one row per unit code and validity "
        "interval. Facts join on unit_code and period_end between valid_from and valid_to.",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "valid_from"]}}}
        ],
        "columns": [
            col("unit_code", ["not_null"]),
            col("valid_from", ["not_null"]),
            col("valid_to", ["not_null"]),
            col("name_vi", ["not_null"]),
            col(
                "level",
                [
                    {
                        "accepted_values": {
                            "arguments": {"values": ["nation", "province", "office", "district", "region"]}
                        }
                    }
                ],
            ),
            col("parent_code"),
            col("province_code"),
            col("is_current"),
        ],
    },
    {
        "name": "map_unit_succession",
        "description": "Bảng kế thừa đơn vị khi sắp xếp 1/7/2025 (63 Cục + 693 Chi cục → 34 THADS tỉnh + 355 "
        "Phòng khu vực). Grain — one row per predecessor and successor.",
        "data_tests": [
            {
                "unique_combination_of_columns": {
                    "arguments": {"combination_of_columns": ["predecessor_code", "successor_code"]}
                }
            }
        ],
        "columns": [
            col("predecessor_code", ["not_null"]),
            col("successor_code", ["not_null"]),
            col("effective_date", ["not_null"]),
            col("share", ["not_null"]),
        ],
    },
    {
        "name": "map_province_succession",
        "description": "Sáp nhập tỉnh 1/7/2025 (63 → 34, Nghị quyết 202/2025/QH15). Grain — one row per pre-2025 "
        "province.",
        "columns": [
            col("old_province_code", ["unique", "not_null"]),
            col("old_name_vi"),
            col("new_province_code", ["not_null"]),
            col("new_name_vi"),
            col("effective_date"),
            col("ward_share_in_successor"),
        ],
    },
    {
        "name": "dim_period",
        "description": "Kỳ báo cáo thống kê. Grain — one row per period end (month end), Oct 2009 – Sep 2031.",
        "columns": [
            col("period_end", ["unique", "not_null"]),
            col("stat_year", ["not_null"]),
            col("period_months", [{"accepted_values": {"arguments": {"values": list(range(1, 13)), "quote": False}}}]),
            col("period_start"),
            col("period_label_vi"),
            col("period_label_en"),
            col("same_period_prev_year_end"),
            col("prev_period_end"),
            col("regime_code"),
            col("regime_name_vi"),
            col("deadline_rule_vi"),
            col("unit_deadline"),
            col("province_deadline"),
        ],
    },
    {
        "name": "dim_target",
        "description": "Chỉ tiêu được giao (targets) per unit and statistical year (operator file seeds/ref_targets.csv).",
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "stat_year"]}}}
        ],
        "columns": [
            col("unit_code", ["not_null"]),
            col("stat_year", ["not_null"]),
            col("case_target_pct"),
            col("money_target_pct"),
            col("source_vi"),
        ],
    },
    {
        "name": "quarantine",
        "description": "Tệp bị cách ly và lý do (refused files). Grain — one row per defect found in a file. "
        "Messages name the file, sheet and cell.",
        "columns": [
            col(c, ["not_null"] if c in ("file_sha256", "reason_code", "message_vi", "message_en") else None)
            for c in (
                "file_sha256",
                "file_path",
                "file_name",
                "reason_code",
                "sheet",
                "cell_ref",
                "expected",
                "found",
                "message_vi",
                "message_en",
                "run_id",
                "quarantined_at",
            )
        ],
    },
]


# The intermediate validation models: one item per rule part and evaluated thing, all of one shape,
# unioned into marts.fct_validation_result.
ITEM_COLUMNS = [
    "rule_id",
    "part",
    "form_code",
    "column_name",
    "comparison",
    "unit_code",
    "period_end",
    "report_kind",
    "file_sha256",
    "submission_no",
    "is_current_version",
    "row_kind",
    "row_code",
    "family",
    "ess_level",
    "severity",
    "tolerance",
    "missing_mode",
    "lhs_value",
    "rhs_value",
    "rhs_high_value",
    "outcome",
    "imbalance",
    "note",
]
VALIDATION_MODELS = {
    "int_validation_within_report": "Kiểm tra trong một báo cáo (ESS level 1): the identities R-01…R-10 on every row "
    "of every submission (also superseded ones, so that a resubmission shows a "
    "finding as resolved), and the sums of detail rows against the total row.",
    "int_validation_within_report_items": "Kiểm tra trong một báo cáo, theo tệp: the items of "
    "int_validation_within_report, built per file (incremental: a refresh adds the new files' items); "
    "is_current_version is NULL here and set in int_validation_within_report.",
    "int_validation_periods": "Kiểm tra giữa các kỳ của cùng đơn vị (level 2, current submissions): carried-in "
    "constant in the year (P-01), cumulative flows non-decreasing (P-02), carried-in vs "
    "last year's 12-month carried-out (P-03), plausibility of changes (P-04, P-05).",
    "int_validation_hierarchy": "Kiểm tra giữa các đơn vị (level 3): each unit row of a province-wide report against "
    "the unit's own report and the province total against its units (H-01), the nation "
    "(H-02), delegation balance (H-03), succession of 2025 (H-05).",
    "int_validation_completeness": "Đủ báo cáo (C-01): every unit valid on a period end, in a province that reported "
    "for that period, sent its own report; every agency its province-wide report.",
    "int_validation_targets": "Chỉ tiêu và bảng tự chấm điểm (level 4): target attainment (T-01), backlog reduction "
    "(T-02) and each figure claimed in a self-scoring table against the reports (T-03).",
    "int_finding_causes": "Nguyên nhân gốc của các mục không đạt (root causes of the failing current items): items of "
    "one submission explained by one likely-wrong cell, of one row of a province-wide report (H-01), and which side "
    "of an H-01 mismatch is probably wrong.",
    "int_validation_expectations": "Hợp đồng giá trị (V-01…V-04): one item per Great Expectations expectation of "
    "this run, its unexpected rows as the left side and 0 as the right; a registered "
    "suite that did not run, or outcomes of an unregistered suite, are error items.",
}
VALIDATION_YAML = ROOT / "dbt_project" / "models" / "intermediate" / "validation" / "_int_validation__models.yml"


CAUSE_COLUMNS = ["finding_key", "root_cause_key", "likely_wrong_side", "side_hint_vi", "side_hint_en"]


def validation_models() -> list[dict]:
    def columns(names: list[str]) -> list[dict]:
        return [{"name": c, "description": GLOSSARY[c]["description"]} for c in names]

    return [
        {
            "name": name,
            "description": description
            + (
                " Grain — one row per failing current item."
                if name == "int_finding_causes"
                else " Grain — one row per rule part and evaluated item."
            ),
            "columns": columns(CAUSE_COLUMNS if name == "int_finding_causes" else ITEM_COLUMNS),
        }
        for name, description in VALIDATION_MODELS.items()
    ]


def simple_model(name: str, description: str, grain: list[str], columns: list[str]) -> dict:
    """A mart whose grain columns are unique together and not null."""
    return {
        "name": name,
        "description": description,
        "data_tests": [{"unique_combination_of_columns": {"arguments": {"combination_of_columns": grain}}}],
        "columns": [col(c, ["not_null"] if c in grain else None) for c in columns],
    }


EMULATION_MODELS = [
    simple_model(
        "fct_emulation_score",
        "Điểm thi đua theo tiêu chí (emulation points per criterion): computed from the reports by the criteria "
        "table (seeds/ref_emulation_criteria.csv) beside the points claimed in the unit's self-scoring table of "
        "that date (Bảng tự chấm điểm thi đua), the difference and the figures behind each. Grain — one row per "
        "unit, as-of period and criterion.",
        ["unit_code", "period_end", "criterion_code"],
        "unit_code period_end unit_level province_code stat_year criterion_code part_code criterion_name_vi "
        "criterion_name_en max_points computed_points claimed_points points_difference reviewed_points claim_status "
        "points_note figure_value comparison_value comparison_basis claimed_value claimed_cell self_score_file_sha256 "
        "self_score_submission_no is_reliable".split(),
    ),
    simple_model(
        "rpt_emulation_ranking",
        "Xếp hạng thi đua trong khu vực / khối (ranking in the emulation zones and blocks, "
        "seeds/ref_emulation_zones.csv): the reviewed score (computed from the reports; claimed only where they "
        "cannot score) and its rank beside the claimed score and its rank. Grain — one row per zone, as-of period "
        "and member unit.",
        ["zone_code", "period_end", "unit_code"],
        "zone_code zone_kind zone_name_vi zone_name_en stat_year period_end unit_code unit_level province_code "
        "max_points computed_points reviewed_points claimed_points points_difference rank_reviewed rank_computed "
        "rank_claimed "
        "n_members n_overclaimed n_underclaimed is_reliable".split(),
    ),
    simple_model(
        "fct_award_condition",
        "Điều kiện danh hiệu theo từng đăng ký (each condition of each registered title, "
        "seeds/ref_emulation_title_conditions.csv), judged on the registrant's figures at the last period of the "
        "year with data: met or not and the shortfall. Grain — one row per registration and condition.",
        ["stat_year", "sender_unit_code", "registrant_code", "title_code", "condition_no"],
        "stat_year sender_unit_code registrant_code registrant_name registrant_kind title_code condition_no figure "
        "condition_name_vi condition_name_en comparison threshold figure_value as_of_period_end is_met "
        "shortfall".split(),
    ),
    simple_model(
        "fct_award_eligibility",
        "Xét điều kiện danh hiệu thi đua (award eligibility): each registration with whether the reports support "
        "the title's conditions, which failed and by how much, and the award decision if any. Grain — one row per "
        "registration (year, registrant, title).",
        ["stat_year", "sender_unit_code", "registrant_code", "title_code"],
        "stat_year sender_unit_code registrant_code registrant_name registrant_kind title_code title_name_vi "
        "title_name_en level_code level_vi as_of_period_end n_conditions n_conditions_met n_conditions_failed "
        "n_conditions_na is_eligible failed_conditions_vi failed_conditions_en na_conditions_vi is_awarded "
        "decision_no decision_date decided_by file_sha256 registration_cell".split(),
    ),
    simple_model(
        "rpt_emulation_registrations",
        "Đăng ký và kết quả thi đua, khen thưởng (registered vs achieved) by province, year and title: what the "
        "provincial emulation council reports each year. Grain — one row per province, year and title.",
        ["province_unit_code", "stat_year", "title_code"],
        "province_unit_code stat_year title_code title_name_vi title_name_en recipient_kind level_code level_vi "
        "n_registered n_eligible n_not_eligible n_awarded n_awarded_not_eligible n_awarded_not_registered "
        "awarded_of_registered_pct".split(),
    ),
    simple_model(
        "fct_campaign_result",
        "Kết quả đợt thi đua (campaign results, seeds/ref_emulation_campaigns.csv): the campaign's indicator at the "
        "month end before the window and at its end, the change and whether the goal was reached. Grain — one row "
        "per campaign and unit.",
        ["campaign_code", "unit_code"],
        "campaign_code campaign_name_vi campaign_name_en stat_year unit_code unit_level province_code indicator "
        "start_period_end end_period_end start_value end_value change_value change_pct goal_change_pct "
        "goal_met".split(),
    ),
    simple_model(
        "rpt_executor_results",
        "Kết quả theo chấp hành viên để xét danh hiệu cá nhân (per-executor results for the individual titles): "
        "case and money rates against the unit's targets, backlog against the same period last year. Grain — one "
        "row per executor, unit and period.",
        ["executor_code", "unit_code", "period_end"],
        "executor_code executor_name unit_code province_code stat_year period_end period_months completed_cases "
        "enforceable_cases case_rate_pct completed_kvnd enforceable_kvnd money_rate_pct case_target_pct "
        "money_target_pct executor_case_target_gap_points executor_money_target_gap_points carried_out_cases "
        "prev_carried_out_cases carried_out_cases_change_pct carried_out_kvnd prev_carried_out_kvnd "
        "carried_out_kvnd_change_pct file_sha256 sheet_row".split(),
    ),
]
models += EMULATION_MODELS
BY_PART = simple_model(
    "fct_results_by_part",
    "Kết quả theo phần chủ động / theo yêu cầu (results by part): statistical years under TT 01/2013 "
    "reported each measure in two forms, enforcement ex officio (chủ động) and on request (theo yêu cầu); "
    "one row per part, adding up to fct_case_results and fct_money_results. Later regimes have no split: one "
    "row with enforcement_part NULL. Grain — one row per unit, period and part.",
    ["unit_code", "period_end"],
    "unit_code period_end enforcement_part unit_level province_code stat_year period_months report_kind "
    "carried_in_cases new_cases enforceable_cases completed_cases not_enforceable_cases carried_out_cases "
    "case_rate_pct_reported case_rate_pct carried_in_kvnd new_kvnd enforceable_kvnd completed_kvnd "
    "not_enforceable_kvnd carried_out_kvnd money_rate_pct_reported money_rate_pct file_sha256".split(),
)
# the part is in the grain but NULL where the regime has no split
BY_PART["data_tests"][0]["unique_combination_of_columns"]["arguments"]["combination_of_columns"].append(
    "enforcement_part"
)
BY_PART["columns"][2]["data_tests"] = [
    {"accepted_values": {"arguments": {"values": ["chu_dong", "theo_yeu_cau"]}}},
]
models.append(BY_PART)


def subject_of(model: str) -> str:
    return next(subject for subject, names in SUBJECTS.items() if model in names)


HEADER = (
    "# Generated by scripts/write_marts_yaml.py from the glossary (pipelines/lib/glossary.yaml);\n"
    "# edit those, then run `make docs`, not this file.\n"
)


def render() -> dict[Path, str]:
    """Every mart's YAML, by path."""
    out = {}
    for model in models:
        doc = {"version": 2, "models": [model]}
        path = MARTS_DIR / subject_of(model["name"]) / f"{model['name']}.yml"
        out[path] = HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
    doc = {"version": 2, "models": validation_models()}
    out[VALIDATION_YAML] = HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
    return out


def main() -> None:
    for path, text in render().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
