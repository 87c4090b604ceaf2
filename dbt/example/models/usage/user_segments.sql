-- Light / moderate / heavy by intensity (population percentiles .5 and .8) and
-- the frequency-intensity quadrant, as of var('as_of').
with metrics as (
    select user_id, intensity, frequency, frequency_class from {{ ref('user_usage') }}
),
segmented as (
    {{ pg_usage.usage_segments('metrics', 'intensity') | indent(4) }}
)
{{ pg_usage.usage_quadrants('segmented') }}
