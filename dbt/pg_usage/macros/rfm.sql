{#- RFM and BTYD inputs (docs/rfm.md). -#}

{#- One rfm_summary per group: group_by columns, then the summary (column rfm). -#}
{% macro rfm_summaries(relation, group_by, ts, amount, zone=none, summary_column='rfm') -%}
select {{ pg_usage.columns_prefix(group_by) }}rfm_agg({{ pg_usage.zone_argument(zone) }}{{ ts }}, {{ amount }}) as {{ summary_column }}
from {{ relation }}
{{ pg_usage.group_by_first(group_by | length) }}
{%- endmacro %}

{#- RFM figures, quintile scores (5 = best), the named segment and the buyer type
    as of a day, for the customers with a purchase on or before it. -#}
{% macro rfm_scores(relation, key, summary='rfm', as_of=none) -%}
{%- set d = pg_usage.date_literal(as_of) -%}
select {{ key }}, recency_days, frequency, monetary, r, f, m,
       rfm_segment(r, f, m) as rfm_segment, buyer_type
from (
    select {{ key }},
           recency_days({{ summary }}, {{ d }}) as recency_days,
           purchase_days({{ summary }}, {{ d }}) as frequency,
           monetary_total({{ summary }}, {{ d }}) as monetary,
           ntile(5) over (order by recency_days({{ summary }}, {{ d }}) desc, {{ key }}) as r,
           ntile(5) over (order by purchase_days({{ summary }}, {{ d }}), {{ key }}) as f,
           ntile(5) over (order by monetary_total({{ summary }}, {{ d }}), {{ key }}) as m,
           buyer_type({{ summary }}, {{ d }}) as buyer_type
    from {{ relation }}
    where purchase_count({{ summary }}, {{ d }}) > 0
) scored
{%- endmacro %}

{#- The BTYD inputs (x, t_x, age, monetary) of every customer with a purchase on
    or before as_of, in periods of `period` (lifetimes' summary_data_from_transaction_data). -#}
{% macro btyd_inputs(relation, key, summary='rfm', as_of=none, period='day') -%}
{%- set d = pg_usage.date_literal(as_of) -%}
{%- set p = pg_usage.text_literal(period) -%}
select {{ key }},
       btyd_frequency({{ summary }}, {{ d }}, {{ p }}) as x,
       btyd_recency({{ summary }}, {{ d }}, {{ p }}) as t_x,
       btyd_age({{ summary }}, {{ d }}, {{ p }}) as age,
       btyd_monetary({{ summary }}, {{ d }}, {{ p }}) as monetary
from {{ relation }}
where purchase_count({{ summary }}, {{ d }}) > 0
{%- endmacro %}
