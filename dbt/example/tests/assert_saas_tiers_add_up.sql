-- Segments add up: per month, the tiers' MRR, customers, movements and cash sum to
-- the population's (months in which a tier has no row count as 0).
select s.month
from {{ ref('saas_monthly') }} s
left join (select month, sum(mrr) as mrr, sum(customers) as customers, sum(net_new_mrr) as net_new_mrr,
                  sum(cash_collected) as cash
           from {{ ref('saas_by_tier') }} group by month) t using (month)
where (s.mrr, s.customers, s.net_new_mrr, s.cash_collected)
      is distinct from (coalesce(t.mrr, 0), coalesce(t.customers, 0), coalesce(t.net_new_mrr, 0), coalesce(t.cash, 0))
   or (select count(distinct tier) from {{ ref('saas_by_tier') }}) <> 2
