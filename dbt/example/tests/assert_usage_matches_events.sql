-- The usage models against plain SQL over the loaded events: per user (user_usage,
-- rolled up from the incremental daily_usage through monthly_usage), per user and
-- month (monthly_usage) and per account and month (account_monthly_usage).
-- Quantities are multiples of 0.25, so sum(float8) is exact here. Failing rows are
-- the keys whose figures differ.
with ev as (
    select e.user_id, u.account_id, (e.ts at time zone 'UTC')::date as day, e.quantity, e.feature
    from {{ ref('stg_events') }} e join {{ ref('users') }} u using (user_id)
),
plain_user as (
    select user_id, count(*) as events, sum(quantity) as total_quantity, count(distinct day) as active_days,
           min(day) as first_seen, max(day) as last_seen, count(distinct feature) as feature_breadth,
           sum(quantity) / count(distinct day) as intensity,
           date {{ "'" ~ var('as_of') ~ "'" }} - max(day) as recency_days,
           count(distinct day) filter (where day > date {{ "'" ~ var('as_of') ~ "'" }} - 28)::float8 / 28 as frequency
    from ev group by user_id
),
plain_month as (
    select 'user' as level, user_id as id, date_trunc('month', day)::date as month, count(*) as events,
           sum(quantity) as total_quantity, count(distinct day) as active_days
    from ev group by 1, 2, 3
    union all
    select 'account', account_id, date_trunc('month', day)::date, count(*), sum(quantity), count(distinct day)
    from ev group by 1, 2, 3
),
model_month as (
    select 'user' as level, user_id as id, month, events(usage) as events, total_quantity(usage) as total_quantity,
           active_days(usage) as active_days
    from {{ ref('monthly_usage') }}
    union all
    select 'account', account_id, month, events, total_quantity, active_days from {{ ref('account_monthly_usage') }}
)
select 'user ' || coalesce(p.user_id, u.user_id) as failing
from plain_user p full join {{ ref('user_usage') }} u using (user_id)
where (p.events, p.total_quantity, p.active_days, p.first_seen, p.last_seen, p.feature_breadth, p.recency_days)
      is distinct from (u.events, u.total_quantity, u.active_days, u.first_seen, u.last_seen, u.feature_breadth, u.recency_days)
   or abs(p.intensity - u.intensity) > 1e-12 * p.intensity
   or p.frequency is distinct from u.frequency
union all
select p.level || ' ' || p.id || ' ' || p.month
from plain_month p full join model_month m using (level, id, month)
where (p.events, p.total_quantity, p.active_days) is distinct from (m.events, m.total_quantity, m.active_days)
