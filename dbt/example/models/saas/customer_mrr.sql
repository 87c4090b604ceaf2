-- One MRR history per customer.
{{ pg_usage.mrr_histories(ref('subscriptions'), 'customer_id', 'start_date', 'end_date',
                          'monthly_amount', 'billing_months') }}
