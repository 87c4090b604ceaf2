-- Segments and quadrants against their definitions written in plain SQL: intensity
-- below the population median is light, from the median to the 80th percentile
-- moderate, above heavy (a value equal to a cut goes above it); quadrants against
-- the medians of frequency and intensity.
with cuts as (
    select percentile_cont(0.5) within group (order by intensity) as p50,
           percentile_cont(0.8) within group (order by intensity) as p80,
           percentile_cont(0.5) within group (order by frequency) as f50
    from {{ ref('user_usage') }}
),
expected as (
    select user_id,
           case when intensity < p50 then 'light' when intensity < p80 then 'moderate' else 'heavy' end as segment,
           case when frequency >= f50 and intensity >= p50 then 'hardcore'
                when frequency >= f50 then 'social'
                when intensity >= p50 then 'competitive'
                else 'casual' end as quadrant
    from {{ ref('user_usage') }}, cuts
)
select user_id from expected e full join {{ ref('user_segments') }} s using (user_id)
where (e.segment, e.quadrant) is distinct from (s.segment, s.quadrant)
