-- The fits reproduce the published CDNOW estimates (Fader, Hardie & Lee 2005:
-- BG/NBD r 0.243, alpha 4.414 per week, a 0.793, b 2.426; Hardie's note 025:
-- Gamma-Gamma p 6.25, q 3.74, gamma 15.44); the models were fitted in days, so
-- alpha / 7 is the weekly alpha.
select *
from {{ ref('cltv_models') }}
where (round(bg_r::numeric, 3), round(bg_alpha::numeric / 7, 3), round(bg_a::numeric, 3), round(bg_b::numeric, 3))
      <> (0.243, 4.414, 0.793, 2.426)
   or (round(gg_p::numeric, 2), round(gg_q::numeric, 2), round(gg_v::numeric, 2)) <> (6.25, 3.74, 15.44)
   or not (bg_converged and gg_converged)
