{#- Customer lifetime value (docs/cltv.md): fits and per-customer scores. -#}

{#- One row: the BG/NBD (bg) and Gamma-Gamma (gg) models fitted on the BTYD inputs
    (columns x, t_x, age, monetary as btyd_inputs writes them), and the Pareto/NBD
    model (pn) when pareto=true; their parameters and convergence as plain columns. -#}
{% macro cltv_models(relation, penalizer=none, pareto=false) -%}
{%- set pen = (', 1, ' ~ penalizer) if penalizer is not none else '' -%}
select bg, gg,{% if pareto %} pn,{% endif %}
       {{ pg_usage.model_parameters('bg', ['r', 'alpha', 'a', 'b', 'log_likelihood'], 'bg_') | indent(7) }},
       {{ pg_usage.model_parameters('gg', ['p', 'q', 'v', 'log_likelihood'], 'gg_') | indent(7) }}
       {%- if pareto %},
       {{ pg_usage.model_parameters('pn', ['r', 'alpha', 's', 'beta', 'log_likelihood'], 'pn_') | indent(7) }}
       {%- endif %}
from (
    select bgnbd_fit(x, t_x, age{{ pen }}) as bg,
           gamma_gamma_fit(x, monetary{{ pen }}) as gg
           {%- if pareto %},
           pareto_nbd_fit(x, t_x, age{{ pen }}) as pn{% endif %}
    from {{ relation }}
) fits
{%- endmacro %}

{#- Per customer: the BTYD inputs, the probability of being alive, the expected
    purchases over the next `horizon` time units, the expected spend per purchase
    and the discounted CLTV over `months` months. model is 'bg' or 'pn' (a column
    of the models relation); time_unit is the unit of t_x and age. -#}
{% macro customer_cltv(inputs, models, key, model='bg', horizon=365, months=12, monthly_discount=0.01,
                       time_unit='day') -%}
select i.{{ key }}, i.x, i.t_x, i.age, i.monetary,
       p_alive(m.{{ model }}, i.x, i.t_x, i.age) as p_alive,
       expected_purchases(m.{{ model }}, {{ horizon }}, i.x, i.t_x, i.age) as expected_purchases,
       expected_spend(m.gg, i.x, i.monetary) as expected_spend,
       cltv(m.{{ model }}, m.gg, i.x, i.t_x, i.age, i.monetary, {{ months }}, {{ monthly_discount }},
            {{ pg_usage.text_literal(time_unit) }}) as cltv
from {{ inputs }} i
cross join {{ models }} m
{%- endmacro %}
