-- The incremental daily_usage equals usage_agg over all loaded events of each
-- (user, UTC day), whatever order the events were loaded in: late events merged by
-- rollup give the summary of a single pass. Compared through the text form, which
-- holds every feature's events, quantity and days.
with direct as (
    select user_id, (ts at time zone 'UTC')::date as day, usage_agg('UTC', ts, quantity, feature)::text as usage,
           max(load_id) as loaded_at
    from {{ ref('stg_events') }}
    group by 1, 2
)
select coalesce(d.user_id, m.user_id) as user_id, coalesce(d.day, m.day) as day
from direct d
full join (select user_id, day, usage::text as usage, loaded_at from {{ ref('daily_usage') }}) m using (user_id, day)
where (d.usage, d.loaded_at) is distinct from (m.usage, m.loaded_at)
