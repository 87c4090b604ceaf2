-- SaaS models against the definitions (docs/saas.md) in plain SQL over the
-- subscriptions: a subscription counts in the months from month(start) up to, not
-- including, month(end) (ChartMogul's month-end rule); movements compare each
-- customer's MRR with the month before; cash is monthly_amount * billing_months on
-- the start day and every billing_months months while before the end (the seed has
-- no start day past the 28th, so no clamping to short months is needed here).
with months as (
    select m::date as month
    from generate_series(date '2024-01-01', date {{ "'" ~ var('through') ~ "'" }}, interval '1 month') m
),
customer_month as (
    select c.customer_id, m.month,
           coalesce(sum(s.monthly_amount) filter (
               where date_trunc('month', s.start_date) <= m.month
                 and (s.end_date is null or m.month < date_trunc('month', s.end_date))), 0) as mrr
    from (select distinct customer_id from {{ ref('subscriptions') }}) c
    cross join months m
    left join {{ ref('subscriptions') }} s using (customer_id)
    group by 1, 2
),
moves as (
    select customer_id, month, mrr,
           coalesce(lag(mrr) over w, 0) as prev,
           coalesce(bool_or(mrr > 0) over (w rows between unbounded preceding and 1 preceding), false) as paid_before
    from customer_month
    window w as (partition by customer_id order by month)
),
expected_moves as (
    select customer_id, month,
           case when mrr > 0 and not paid_before then 'new'
                when mrr > 0 and prev = 0 then 'reactivation'
                when mrr > prev and prev > 0 then 'expansion'
                when mrr < prev and mrr > 0 then 'contraction'
                when mrr = 0 and prev > 0 then 'churn' end as category
    from moves
),
cash as (
    select date_trunc('month', b)::date as month, sum(s.monthly_amount * s.billing_months) as cash
    from {{ ref('subscriptions') }} s,
         generate_series(s.start_date::timestamp,
                         least(coalesce(s.end_date - 1, date {{ "'" ~ var('through') ~ "'" }}), date {{ "'" ~ var('through') ~ "'" }}),
                         make_interval(months => s.billing_months)) b
    group by 1
),
expected_metrics as (
    select cm.month, sum(cm.mrr) as mrr, count(*) filter (where cm.mrr > 0) as customers,
           coalesce(max(c.cash), 0) as cash
    from customer_month cm left join cash c using (month)
    group by cm.month
)
select 'move ' || customer_id || ' ' || month as failing
from (select * from expected_moves where category is not null) e
full join (select customer_id, month, category from {{ ref('mrr_movements') }} where category is not null) m
    using (customer_id, month, category)
where e.category is null or m.category is null
union all
select 'month ' || month
from expected_metrics e full join {{ ref('saas_monthly') }} s using (month)
where (e.mrr, e.customers, e.cash, 12 * e.mrr) is distinct from (s.mrr, s.customers, s.cash_collected, s.arr)
