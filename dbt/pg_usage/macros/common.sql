{#- Helpers shared by the recipes. Arguments that name columns take plain column
    names; arguments called ts, quantity, amount ... take SQL expressions. -#}

{#- CREATE EXTENSION IF NOT EXISTS pg_usage, for on-run-start. -#}
{% macro create_extension(schema=none) -%}
create extension if not exists pg_usage{% if schema is not none %} schema {{ adapter.quote(schema) }}{% endif %}
{%- endmacro %}

{#- A date argument: 'YYYY-MM-DD' becomes a date literal, anything else (a column,
    current_date, a var) is used as the SQL expression it is. -#}
{% macro date_literal(d) -%}
{%- if d is none -%}{{ exceptions.raise_compiler_error("pg_usage: a date argument (as_of, through, from_date, to_date) is missing") }}
{%- elif d is string and modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', d) -%}date '{{ d }}'
{%- else -%}({{ d }})::date{%- endif -%}
{%- endmacro %}

{#- A text literal, quotes doubled. -#}
{% macro text_literal(s) -%}
'{{ s | replace("'", "''") }}'
{%- endmacro %}

{#- "a, b, " for a list of column names (empty for none), to put before further columns. -#}
{% macro columns_prefix(columns, alias=none) -%}
{%- for c in columns %}{% if alias %}{{ alias }}.{% endif %}{{ c }}, {% endfor -%}
{%- endmacro %}

{#- "group by 1, 2, ..., n" for n leading output columns; nothing for n = 0. -#}
{% macro group_by_first(n) -%}
{%- if n > 0 %}group by {% for i in range(1, n + 1) %}{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif -%}
{%- endmacro %}

{#- The calendar day of an event: a date as it is, a timestamptz in the named zone
    (or the session TimeZone without one), as usage_agg and rfm_agg count it. -#}
{% macro event_day(ts, zone=none) -%}
{%- if zone is none -%}({{ ts }})::date
{%- else -%}(({{ ts }}) at time zone {{ pg_usage.text_literal(zone) }})::date{%- endif -%}
{%- endmacro %}

{#- The leading zone argument of the explicit-zone overloads, or nothing. -#}
{% macro zone_argument(zone=none) -%}
{%- if zone is not none %}{{ pg_usage.text_literal(zone) }}::time_zone, {% endif -%}
{%- endmacro %}

{#- A model's parameters as float8 columns (BI tools cannot read the model types):
    model_parameters('bg', ['r', 'alpha', 'a', 'b'], prefix='bg_'). Also adds
    <prefix>converged (boolean). -#}
{% macro model_parameters(model, parameters, prefix='') -%}
{%- for p in parameters %}({{ model }}::text::jsonb ->> {{ pg_usage.text_literal(p) }})::float8 as {{ prefix }}{{ p }},
{% endfor -%}
({{ model }}::text::jsonb ->> 'converged')::boolean as {{ prefix }}converged
{%- endmacro %}

{#- Generic test: no two rows share the values of these columns (NULLs compare equal). -#}
{% test unique_columns(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
