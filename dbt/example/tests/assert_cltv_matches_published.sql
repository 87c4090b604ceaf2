-- The fits reproduce the published CDNOW estimates: BG/NBD r 0.243, alpha 4.414
-- per week, a 0.793, b 2.426 (Fader, Hardie & Lee 2005); Pareto/NBD r 0.553,
-- alpha 10.578, s 0.606, beta 11.669 (Fader & Hardie, note 009); Gamma-Gamma p 6.25,
-- q 3.74, gamma 15.44 (Hardie, note 025). The models were fitted in days, so the
-- rates alpha and beta divided by 7 are the weekly ones.
select *
from {{ ref('cltv_models') }}
where (round(bg_r::numeric, 3), round(bg_alpha::numeric / 7, 3), round(bg_a::numeric, 3), round(bg_b::numeric, 3))
      <> (0.243, 4.414, 0.793, 2.426)
   or (round(pn_r::numeric, 3), round(pn_alpha::numeric / 7, 3), round(pn_s::numeric, 3), round(pn_beta::numeric / 7, 3))
      <> (0.553, 10.578, 0.606, 11.669)
   or (round(gg_p::numeric, 2), round(gg_q::numeric, 2), round(gg_v::numeric, 2)) <> (6.25, 3.74, 15.44)
   or not (bg_converged and gg_converged and pn_converged)
