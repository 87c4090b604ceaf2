-- One RFM summary per CDNOW customer over all orders.
{{ pg_usage.rfm_summaries(ref('cdnow_orders'), ['customer_id'], 'order_date', 'amount') }}
