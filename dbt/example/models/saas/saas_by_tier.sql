-- The metrics table per segment: self-serve (customers below 103) and sales.
with histories as (
    select customer_id, case when customer_id < 103 then 'self-serve' else 'sales' end as tier, history
    from {{ ref('customer_mrr') }}
)
{{ pg_usage.saas_metrics('histories', 'history', var('through'), group_by=['tier']) }}
