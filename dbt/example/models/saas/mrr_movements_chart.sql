-- Signed movements per month in long format, for a stacked bar chart.
{{ pg_usage.mrr_movements_chart(ref('saas_monthly')) }}
