-- RFM scores, segments and buyer types at the end of the calibration period.
{{ pg_usage.rfm_scores(ref('customer_rfm'), 'customer_id', 'rfm', var('cdnow_as_of')) }}
