{#- Lifecycle and retention (docs/lifecycle.md), from stored usage summaries. -#}

{#- Key columns plus one lifecycle status column per period (lifecycle_day,
    lifecycle_week, lifecycle_month), as of a day. A NULL summary is non_user. -#}
{% macro lifecycle_statuses(relation, key, summary='usage', as_of=none, periods=['week', 'month']) -%}
select {{ pg_usage.columns_prefix(key if key is not string else [key]) }}
       {%- for p in periods %}lifecycle_status({{ summary }}, {{ pg_usage.date_literal(as_of) }}, {{ pg_usage.text_literal(p) }}) as lifecycle_{{ p }}{% if not loop.last %},
       {% endif %}{% endfor %}
from {{ relation }}
{%- endmacro %}

{#- The PostHog lifecycle chart: per (group_by..., period_start, status) the users,
    and signed_users (dormant below the axis). all_statuses=true adds lapsed and
    non_user so that every period adds up to the whole population. -#}
{% macro lifecycle_chart(relation, summary='usage', period='month', from_date=none, to_date=none,
                         group_by=[], all_statuses=false) -%}
select {{ pg_usage.columns_prefix(group_by, 'r') }}l.period_start, l.status, count(*) as users,
       case l.status when 'dormant' then -count(*) else count(*) end as signed_users
from {{ relation }} r,
     lifecycle(r.{{ summary }}, {{ pg_usage.text_literal(period) }}, {{ pg_usage.date_literal(from_date) }},
               {{ pg_usage.date_literal(to_date) }}, {{ 'true' if all_statuses else 'false' }}) l
{{ pg_usage.group_by_first(group_by | length + 2) }}
{%- endmacro %}

{#- First-time cohort table: per (cohort, n) the users active in period n after
    their first period ("on period N"), and the share of the cohort. -#}
{% macro retention_cohorts(relation, summary='usage', period='month') -%}
select cohort, n, count(*) as users,
       count(*)::float8 / first_value(count(*)) over (partition by cohort order by n) as share
from (
    select period_start({{ pg_usage.text_literal(period) }}, first_seen({{ summary }})) as cohort,
           periods_between({{ pg_usage.text_literal(period) }}, first_seen({{ summary }}), a) as n
    from {{ relation }}, activity_periods({{ summary }}, {{ pg_usage.text_literal(period) }}) a
) t
group by cohort, n
{%- endmacro %}
