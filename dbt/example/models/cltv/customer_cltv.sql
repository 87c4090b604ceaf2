-- P(alive), expected purchases in the next 365 days and 12-month CLTV per customer.
{{ pg_usage.customer_cltv(ref('btyd_inputs'), ref('cltv_models'), 'customer_id') }}
