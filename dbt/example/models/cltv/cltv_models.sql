-- BG/NBD, Gamma-Gamma and Pareto/NBD fitted on every customer (one row).
{{ pg_usage.cltv_models(ref('btyd_inputs'), pareto=true) }}
