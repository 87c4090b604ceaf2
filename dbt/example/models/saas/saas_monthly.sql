-- The monthly SaaS metrics table, plus unit economics at an 80% gross margin.
select m.*, cltv(arpa, 0.8, logo_churn_rate) as cltv_80_margin
from ({{ pg_usage.saas_metrics(ref('customer_mrr'), 'history', var('through')) }}) m
