"""Stage 1 — ingest: the drop zone into the raw tables of the build file.

layouts (+ layouts/*.yaml)  the layout registry: report forms as data
safety                      container checks before any reader opens a workbook
readers → read_xlsx, read_csv, read_self_score (with grid, parsed)   one reader per input kind
normalise                   numbers, dates and labels as units write them
identity                    the header against the unit register and the calendar
reasons (+ reasons.yaml)    reason codes of refused files, in Vietnamese and English
raw_tables                  the raw tables, each defined once (DDL, frame schema, description)
load                        walk the drop zone, read, check, write in batches; quarantine the rest
"""
