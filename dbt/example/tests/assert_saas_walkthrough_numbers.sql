-- The hand-checked months of docs/saas.md's walkthrough (same subscriptions):
-- March: 102 and 104 churn (99 + 49), 105 arrives with 99 + 20, MRR 396 -> 367,
-- cash 49 (101) + 119 (105) = 168; February: 103 prepays a year, 12 x 199 = 2388
-- of the 2585 collected (2388 + 49 + 99 + 49); logo churn in March 2 of 4.
select month, mrr, starting_mrr, cash_collected, logo_churn_rate
from {{ ref('saas_monthly') }}
where (month = date '2024-03-01' and (starting_mrr, mrr, churned_mrr, new_mrr, cash_collected, logo_churn_rate)
                                     is distinct from (396, 367, 148, 119, 168, 0.5))
   or (month = date '2024-02-01' and cash_collected <> 2585)
   or (select count(*) from {{ ref('saas_monthly') }}) <> 6
