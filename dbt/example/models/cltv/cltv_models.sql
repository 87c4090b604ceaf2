-- BG/NBD and Gamma-Gamma fitted on every customer (one row).
{{ pg_usage.cltv_models(ref('btyd_inputs')) }}
