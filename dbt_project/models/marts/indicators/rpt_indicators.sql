-- Headline indicators per unit (every level, plus the nation) and period: see int_indicators.
select * from {{ ref('int_indicators') }}
