-- RFM figures and buyer types at var('cdnow_as_of') against plain SQL over the orders.
with o as (
    select * from {{ ref('cdnow_orders') }} where order_date <= date {{ "'" ~ var('cdnow_as_of') ~ "'" }}
),
plain as (
    select customer_id,
           date {{ "'" ~ var('cdnow_as_of') ~ "'" }} - max(order_date) as recency_days,
           count(distinct order_date) as frequency,
           sum(amount) as monetary,
           case when count(distinct order_date) = 1 then 'one_time'
                when count(distinct order_date) filter (where order_date > date {{ "'" ~ var('cdnow_as_of') ~ "'" }} - 365) >= 4
                then 'frequent' else 'occasional' end as buyer_type
    from o group by customer_id
)
select customer_id
from plain p full join {{ ref('rfm_segments') }} s using (customer_id)
where (p.recency_days, p.frequency, p.buyer_type) is distinct from (s.recency_days, s.frequency, s.buyer_type)
   or not abs(p.monetary - s.monetary) <= 1e-9 * p.monetary
