-- Customer-months with their MRR movement, through var('through').
{{ pg_usage.mrr_movements(ref('customer_mrr'), 'customer_id', 'history', var('through')) }}
