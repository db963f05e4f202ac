"""The logic of the pipeline, as plain functions that tests call directly; Dagster (pipelines/defs)
only wires them. The packages follow the data: ingest → warehouse → validation → reporting, with
the sample generator beside them and small shared modules:

glossary (+ glossary.yaml)  every term a user reads, in Vietnamese and English
periods                     the statistical calendar (year from 1 October, month ends)
vietnamese                  numbers as Vietnamese (4.132 ; 86,32%) and English readers write them
reference                   the unit register (dated tree of units) read from the seeds
"""
