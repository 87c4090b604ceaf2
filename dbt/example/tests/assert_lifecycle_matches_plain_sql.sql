-- Monthly lifecycle statuses as of var('as_of') from the definitions (docs/lifecycle.md),
-- written in plain SQL over the events' months; and the chart's last month adds up
-- to the statuses of the users.
with months as (
    select user_id, date_trunc('month', (ts at time zone 'UTC'))::date as month
    from {{ ref('stg_events') }}
    where (ts at time zone 'UTC')::date <= date {{ "'" ~ var('as_of') ~ "'" }}
    group by 1, 2
),
p as (
    select date_trunc('month', date {{ "'" ~ var('as_of') ~ "'" }})::date as cur,
           (date_trunc('month', date {{ "'" ~ var('as_of') ~ "'" }}) - interval '1 month')::date as prev
),
flags as (
    select u.user_id,
           coalesce(bool_or(m.month = p.cur), false) as in_p,
           coalesce(bool_or(m.month = p.prev), false) as in_prev,
           coalesce(bool_or(m.month < p.prev), false) as before
    from {{ ref('users') }} u left join months m using (user_id) cross join p
    group by u.user_id
),
expected as (
    select user_id,
           case when in_p and not in_prev and not before then 'new'
                when in_p and in_prev then 'returning'
                when in_p then 'resurrecting'
                when in_prev then 'dormant'
                when before then 'lapsed'
                else 'non_user' end as status
    from flags
)
select 'user ' || user_id as failing
from expected e full join {{ ref('user_lifecycle') }} l using (user_id)
where e.status is distinct from l.lifecycle_month
union all
select 'chart ' || coalesce(c.status, s.status)
from (select status, users from {{ ref('lifecycle_chart') }}, p where period_start = p.cur) c
full join (select lifecycle_month as status, count(*) as users from {{ ref('user_lifecycle') }}
           where lifecycle_month in ('new', 'returning', 'resurrecting', 'dormant') group by 1) s using (status)
where c.users is distinct from s.users
