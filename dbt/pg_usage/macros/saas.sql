{#- SaaS metrics (docs/saas.md): MRR histories, movements, monthly metrics. -#}

{#- One mrr_history per customer (column history). end_date is exclusive, NULL =
    still running; billing_months defaults to monthly billing. -#}
{% macro mrr_histories(relation, customer, start_date, end_date, monthly_amount, billing_months=none) -%}
select {{ customer }},
       mrr_agg({{ start_date }}, {{ end_date }}, {{ monthly_amount }}{% if billing_months is not none %}, {{ billing_months }}{% endif %}) as history
from {{ relation }}
group by 1
{%- endmacro %}

{#- Customer-months: one row per customer and month from the first paying month
    through the month of `through` (ending with the churn month), with the MRR,
    the previous month's, the change and the category (new, expansion,
    contraction, churn, reactivation; NULL when nothing moved). -#}
{% macro mrr_movements(relation, customer, history='history', through=none) -%}
select h.{{ customer }}, m.month, m.mrr, m.previous_mrr, m.change, m.category
from {{ relation }} h, mrr_movements(h.{{ history }}, {{ pg_usage.date_literal(through) }}) m
{%- endmacro %}

{#- The monthly SaaS metrics table (saas_metrics: MRR, ARR, customers, movements,
    churn rates, NRR, GRR, ARPA, quick ratio, cash) of all histories, or per
    group_by segment. Without through the rows stop at the last change. -#}
{% macro saas_metrics(relation, history='history', through=none, group_by=[]) -%}
select {{ pg_usage.columns_prefix(group_by, 'p') }}m.*
from (
    select {{ pg_usage.columns_prefix(group_by) }}saas_agg({{ history }}) as s
    from {{ relation }}
    {{ pg_usage.group_by_first(group_by | length) }}
) p,
saas_metrics(p.s{% if through is not none %}, {{ pg_usage.date_literal(through) }}{% endif %}) m
{%- endmacro %}

{#- Movements in long format (month, series, signed amount) for a stacked
    "MRR movements" bar chart, from a saas_metrics table. -#}
{% macro mrr_movements_chart(relation) -%}
select month, series, amount
from {{ relation }},
lateral (values ('new', new_mrr), ('expansion', expansion_mrr), ('reactivation', reactivation_mrr),
                ('contraction', -contraction_mrr), ('churn', -churned_mrr)) as v(series, amount)
where amount <> 0
{%- endmacro %}
