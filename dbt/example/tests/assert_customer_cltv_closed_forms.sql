-- Per-customer scores against the papers' closed forms written in plain SQL with
-- the fitted parameters: BG/NBD P(alive) = 1 / (1 + a / (b + x - 1) *
-- ((alpha + T) / (alpha + t_x))^(r + x)) for x > 0 and 1 for x = 0 (Fader, Hardie &
-- Lee 2005, eq. 13); Gamma-Gamma expected spend = p (gamma + x mbar) / (p x + q - 1)
-- (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 5). Relative tolerance 1e-9.
with expected as (
    select c.customer_id, c.p_alive, c.expected_spend,
           case when c.x = 0 then 1
                else 1 / (1 + m.bg_a / (m.bg_b + c.x - 1)
                              * power((m.bg_alpha + c.age) / (m.bg_alpha + c.t_x), m.bg_r + c.x)) end as p_alive_formula,
           m.gg_p * (m.gg_v + c.x * c.monetary) / (m.gg_p * c.x + m.gg_q - 1) as spend_formula
    from {{ ref('customer_cltv') }} c cross join {{ ref('cltv_models') }} m
)
select customer_id, p_alive, p_alive_formula, expected_spend, spend_formula
from expected
where not abs(p_alive - p_alive_formula) <= 1e-9 * p_alive_formula
   or not abs(expected_spend - spend_formula) <= 1e-9 * spend_formula
