-- The BTYD inputs from the orders reproduce lifetimes' published CDNOW summary
-- (seed cdnow_summary: x, t_x and T in weeks, 2 decimals): the same (x, t_x, T)
-- points with the same counts, 2,357 customers. Failing rows: points that differ.
with ours as (
    select x, round(t_x / 7.0, 2) as t_x, round(age / 7.0, 2) as age, count(*) as n
    from {{ ref('btyd_inputs') }} group by 1, 2, 3
),
published as (
    select x, round(t_x::numeric, 2) as t_x, round(t::numeric, 2) as age, count(*) as n
    from {{ ref('cdnow_summary') }} group by 1, 2, 3
)
select * from ours o full join published p using (x, t_x, age)
where o.n is distinct from p.n
