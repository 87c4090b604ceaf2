-- x, t_x, T (days) and the mean repeat value, as of the end of the calibration period.
{{ pg_usage.btyd_inputs(ref('customer_rfm'), 'customer_id', 'rfm', var('cdnow_as_of'), 'day') }}
