-- Ranking in the emulation zones and blocks (seeds/ref_emulation_zones.csv): every member with data
-- on the as-of period, ranked by the reviewed score (points computed from the reports; the claimed
-- points only where the reports cannot score a criterion) beside its rank by the claimed score.
with totals as (
    select
        unit_code,
        period_end,
        unit_level,
        province_code,
        stat_year,
        cast(sum(max_points) as decimal(9, 2)) as max_points,
        cast(sum(computed_points) as decimal(9, 2)) as computed_points,
        cast(sum(reviewed_points) as decimal(9, 2)) as reviewed_points,
        cast(sum(claimed_points) as decimal(9, 2)) as claimed_points,
        count(claimed_points) > 0 as has_self_score,
        count(*) filter (where claim_status = 'overclaimed') as n_overclaimed,
        count(*) filter (where claim_status = 'underclaimed') as n_underclaimed,
        bool_and(is_reliable) as is_reliable
    from {{ ref('fct_emulation_score') }}
    group by unit_code, period_end, unit_level, province_code, stat_year
),

members as (
    select
        z.zone_code,
        z.zone_kind,
        z.name_vi as zone_name_vi,
        z.name_en as zone_name_en,
        t.*
    from {{ ref('ref_emulation_zones') }} as z
    inner join totals as t
        on
            z.province_code = t.province_code
            and t.period_end between z.valid_from and z.valid_to
            and (
                (z.member_level = 'province' and t.unit_level = 'province')
                or (z.member_level = 'district' and t.unit_level in ('district', 'region'))
            )
)

select
    zone_code,
    zone_kind,
    zone_name_vi,
    zone_name_en,
    stat_year,
    period_end,
    unit_code,
    unit_level,
    province_code,
    max_points,
    computed_points,
    reviewed_points,
    claimed_points,
    cast(claimed_points - reviewed_points as decimal(9, 2)) as points_difference,
    rank() over (partition by zone_code, period_end order by reviewed_points desc) as rank_reviewed,
    rank() over (partition by zone_code, period_end order by computed_points desc nulls last) as rank_computed,
    case
        when has_self_score
            then rank() over (
                partition by zone_code, period_end, has_self_score order by claimed_points desc
            )
    end as rank_claimed,
    count(*) over (partition by zone_code, period_end) as n_members,
    n_overclaimed,
    n_underclaimed,
    is_reliable
from members
