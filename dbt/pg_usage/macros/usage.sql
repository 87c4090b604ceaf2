{#- Usage summaries (docs/usage.md): building them, the incremental pattern,
    rollups to longer periods or to accounts, plain-column metrics, segments. -#}

{#- usage_agg(...) over the given expressions: quantity defaults to 1 per event,
    zone (a zone name) selects the IMMUTABLE explicit-zone overload. -#}
{% macro usage_agg(ts, quantity=none, feature=none, zone=none) -%}
usage_agg({{ pg_usage.zone_argument(zone) }}{{ ts }}
{%- if quantity is not none or feature is not none %}, {{ quantity if quantity is not none else '1::float8' }}{% endif -%}
{%- if feature is not none %}, {{ feature }}{% endif %})
{%- endmacro %}

{#- One usage summary per group and period ('day', 'week' or 'month'):
    group_by columns, the period's first day as column <period_column>, usage.
    With loaded_at (a column that grows with every load: a load timestamp or batch
    id) the largest value of each group is kept as column loaded_at. -#}
{% macro usage_summaries(relation, group_by, ts, quantity=none, feature=none, zone=none,
                         period='day', period_column=none, loaded_at=none) -%}
select {{ pg_usage.columns_prefix(group_by) }}period_start({{ pg_usage.text_literal(period) }}, {{ pg_usage.event_day(ts, zone) }}) as {{ period_column or period }},
       {{ pg_usage.usage_agg(ts, quantity, feature, zone) }} as usage
       {%- if loaded_at is not none %},
       max({{ loaded_at }}) as loaded_at{% endif %}
from {{ relation }}
{{ pg_usage.group_by_first(group_by | length + 1) }}
{%- endmacro %}

{#- The body of an incremental model of usage summaries per group and period,
    materialized='incremental', unique_key=group_by + [period_column],
    incremental_strategy='delete+insert'. A run reads only the source rows loaded
    after the model's largest loaded_at, summarizes them, and merges each new
    summary with the stored one of the same key by rollup: late events for a day
    already stored are added to it, never lost or counted twice, and the result
    equals a full refresh (rollup is exact and order-independent). -#}
{% macro incremental_usage_summaries(relation, group_by, ts, loaded_at, quantity=none, feature=none,
                                     zone=none, period='day', period_column=none) -%}
{%- set pcol = period_column or period -%}
{%- set keys = group_by + [pcol] -%}
with new_rows as (
    select * from {{ relation }}
    {%- if is_incremental() %}
    where {{ loaded_at }} > (select max(loaded_at) from {{ this }})
       or not exists (select from {{ this }})
    {%- endif %}
),
new_summaries as (
    {{ pg_usage.usage_summaries('new_rows', group_by, ts, quantity, feature, zone, period, pcol, loaded_at) | indent(4) }}
)
{%- if is_incremental() %}
select {{ keys | join(', ') }}, rollup(usage) as usage, max(loaded_at) as loaded_at
from (
    select {{ keys | join(', ') }}, usage, loaded_at from new_summaries
    union all
    select {{ pg_usage.columns_prefix(keys, 't') }}t.usage, t.loaded_at
    from {{ this }} t
    where exists (select from new_summaries n
                  where {% for k in keys %}n.{{ k }} = t.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %})
) merged
{{ pg_usage.group_by_first(keys | length) }}
{%- else %}
select * from new_summaries
{%- endif %}
{%- endmacro %}

{#- Merges stored summaries (any pg_usage summary type: usage_summary, rfm_summary,
    mrr_history, saas_summary, purchase_points, spend_points) per group, and per
    period when date_column and period are given ('week', 'month' ...): days into
    months, users into accounts, shards into a cluster. -#}
{% macro rollup_summaries(relation, group_by, summary='usage', date_column=none, period=none,
                          period_column=none, summary_column=none) -%}
select {{ pg_usage.columns_prefix(group_by) }}
       {%- if period is not none %}period_start({{ pg_usage.text_literal(period) }}, {{ date_column }}) as {{ period_column or period }}, {% endif -%}
       rollup({{ summary }}) as {{ summary_column or summary }}
from {{ relation }}
{{ pg_usage.group_by_first(group_by | length + (1 if period is not none else 0)) }}
{%- endmacro %}

{#- The usage_summary's figures as plain columns (numbers, dates, text), as of a
    day: for models, views and BI tools. -#}
{% macro usage_columns(summary='usage', as_of=none, window_days=28) -%}
events({{ summary }}) as events,
total_quantity({{ summary }}) as total_quantity,
active_days({{ summary }}) as active_days,
first_seen({{ summary }}) as first_seen,
last_seen({{ summary }}) as last_seen,
feature_breadth({{ summary }}) as feature_breadth,
usage_intensity({{ summary }}) as intensity
{%- if as_of is not none %},
recency_days({{ summary }}, {{ pg_usage.date_literal(as_of) }}) as recency_days,
tenure_days({{ summary }}, {{ pg_usage.date_literal(as_of) }}) as tenure_days,
usage_frequency({{ summary }}, {{ pg_usage.date_literal(as_of) }}, {{ window_days }}) as frequency,
frequency_class({{ summary }}, {{ pg_usage.date_literal(as_of) }}) as frequency_class
{%- endif %}
{%- endmacro %}

{#- Every row of relation plus a segment from the population's own percentiles of
    value (default: bottom half light, top fifth heavy; a value equal to a cut goes
    above it), per partition when partition_by is given. NULL values: NULL segment. -#}
{% macro usage_segments(relation, value, cuts=[0.5, 0.8], labels=['light', 'moderate', 'heavy'],
                        partition_by=[], segment_column='segment') -%}
select r.*,
       usage_segment(r.{{ value }}, c.cuts, array[{% for l in labels %}{{ pg_usage.text_literal(l) }}{% if not loop.last %}, {% endif %}{% endfor %}]::text[]) as {{ segment_column }}
from {{ relation }} r
left join (
    select {{ pg_usage.columns_prefix(partition_by) }}percentile_cont(array[{{ cuts | join(', ') }}]::float8[]) within group (order by {{ value }}) as cuts
    from {{ relation }}
    where {{ value }} is not null
    {{ pg_usage.group_by_first(partition_by | length) }}
) c on {% for p in partition_by %}c.{{ p }} = r.{{ p }} and {% endfor %}r.{{ value }} is not null
{%- endmacro %}

{#- Every row of relation plus its quadrant (casual, social, competitive, hardcore)
    against the population medians of frequency and intensity. -#}
{% macro usage_quadrants(relation, frequency='frequency', intensity='intensity', quadrant_column='quadrant') -%}
select r.*, usage_quadrant(r.{{ frequency }}, r.{{ intensity }}, c.f, c.i) as {{ quadrant_column }}
from {{ relation }} r
cross join (
    select percentile_cont(0.5) within group (order by {{ frequency }}) as f,
           percentile_cont(0.5) within group (order by {{ intensity }}) as i
    from {{ relation }}
    where {{ frequency }} is not null and {{ intensity }} is not null
) c
{%- endmacro %}
