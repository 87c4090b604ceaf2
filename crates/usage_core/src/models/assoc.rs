//! Association rules over baskets with mlxtend's semantics: `apriori(df,
//! min_support, max_len)` on the one-hot basket table, then
//! `association_rules(frequent, metric="confidence", min_threshold)`. Frequent
//! itemsets are mined by FP-growth (Han, Pei & Yin 2000); every split of every
//! frequent itemset of two or more items into antecedent and consequent whose
//! confidence reaches the threshold is a rule. Recommendations rank the items a
//! customer lacks by the best rule that applies to what they have.
//!
//! [`Baskets`] is the aggregate's state: the distinct items of each basket, keyed
//! by basket id, so that states of parallel workers merge by basket (a basket split
//! across workers is one basket). [`AssocRules`] is the stored result.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use smallvec::SmallVec;

use crate::codec::{JsonView, Reader, TextForm, Versioned, Writer};
use crate::usage::Fnv;
use crate::{Error, ErrorKind, Result};

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Most frequent itemsets one call mines: past it the call stops with an error
/// instead of exhausting memory (each costs about 100 bytes while mining).
pub const MAX_ITEMSETS: usize = 1_000_000;
/// Most rules one value holds (each about 40 bytes stored).
pub const MAX_RULES: usize = 1_000_000;

const NONE: u32 = u32::MAX;

/// Calls `interrupts` every 4096 steps of a loop.
struct Ticker<'a> {
    steps: u32,
    interrupts: &'a dyn Fn() -> Result<()>,
}

impl<'a> Ticker<'a> {
    fn new(interrupts: &'a dyn Fn() -> Result<()>) -> Self {
        Ticker { steps: 0, interrupts }
    }
    #[inline]
    fn tick(&mut self) -> Result<()> {
        self.steps = self.steps.wrapping_add(1);
        if self.steps.is_multiple_of(4096) {
            (self.interrupts)()?;
        }
        Ok(())
    }
}

// ---- parameters -------------------------------------------------------------------

/// The thresholds of one `assoc_rules` call (constant over its rows).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub min_support: f64,
    pub min_confidence: f64,
    /// Longest itemset mined (mlxtend's max_len); `None`: no limit.
    pub max_len: Option<u32>,
}

impl Params {
    pub fn new(min_support: f64, min_confidence: f64, max_len: Option<i64>) -> Result<Params> {
        if !(min_support > 0.0 && min_support <= 1.0) {
            return Err(Error::invalid_parameter(
                format!("assoc_rules: min_support must be in (0, 1], got {min_support}"),
                "min_support is the fraction of baskets that contain an itemset, e.g. 0.01 for 1%.",
            ));
        }
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(Error::invalid_parameter(
                format!("assoc_rules: min_confidence must be in [0, 1], got {min_confidence}"),
                "min_confidence is the fraction of baskets with the antecedent that also hold the consequent, e.g. 0.5.",
            ));
        }
        let max_len = match max_len {
            None => None,
            Some(m) if m >= 1 => Some(u32::try_from(m).unwrap_or(u32::MAX)),
            Some(m) => return Err(Error::invalid_parameter(
                format!("assoc_rules: max_len must be at least 1, got {m}"),
                "max_len is the largest number of items in an itemset (antecedent and consequent together), e.g. 3.",
            )),
        };
        // -0 is 0: the text form never shows -0.
        Ok(Params { min_support, min_confidence: min_confidence + 0.0, max_len })
    }

    fn show(&self) -> String {
        let max_len = self.max_len.map_or("NULL".to_string(), |m| m.to_string());
        format!("({}, {}, {max_len})", self.min_support, self.min_confidence)
    }

    fn same(&self, other: &Params) -> bool {
        self.min_support.to_bits() == other.min_support.to_bits()
            && self.min_confidence.to_bits() == other.min_confidence.to_bits()
            && self.max_len == other.max_len
    }
}

// ---- the aggregate's state ----------------------------------------------------------

/// A basket id of one row.
#[derive(Debug, Clone, Copy)]
pub enum BasketId<'a> {
    Int(i64),
    Text(&'a str),
}

/// Basket ids to basket numbers; one aggregate uses one kind.
#[derive(Debug, Clone)]
enum Keys {
    Int(FnvMap<i64, u32>),
    Text(FnvMap<Box<str>, u32>),
}

/// Items of a basket, distinct and ascending by item number (most baskets hold few).
type BasketItems = SmallVec<[u32; 6]>;

fn insert_sorted(items: &mut BasketItems, item: u32) {
    if let Err(at) = items.binary_search(&item) {
        items.insert(at, item);
    }
}

/// The state of `assoc_rules`: the distinct items of every basket.
#[derive(Debug, Clone)]
pub struct Baskets {
    params: Option<Params>,
    items: Vec<Box<str>>,
    item_ids: FnvMap<Box<str>, u32>,
    keys: Keys,
    baskets: Vec<BasketItems>,
}

fn too_many(what: &str) -> Error {
    Error::new(
        ErrorKind::NumericOutOfRange,
        format!("assoc_rules: more than {} {what}", u32::MAX - 1),
        "Split the input, e.g. by a hash of the basket id, and mine each part.",
    )
}

impl Baskets {
    /// An empty state for baskets with integer (`text == false`) or text ids.
    pub fn new(text: bool) -> Self {
        Baskets {
            params: None,
            items: Vec::new(),
            item_ids: FnvMap::default(),
            keys: if text { Keys::Text(FnvMap::default()) } else { Keys::Int(FnvMap::default()) },
            baskets: Vec::new(),
        }
    }

    /// Sets the thresholds; every row must pass the same.
    pub fn set_params(&mut self, params: Params) -> Result<()> {
        match &self.params {
            Some(old) if !old.same(&params) => Err(Error::invalid_parameter(
                format!(
                    "assoc_rules: min_support, min_confidence and max_len must be the same for every row, got {} and {}",
                    old.show(),
                    params.show()
                ),
                "Pass the thresholds as constants.",
            )),
            _ => {
                self.params = Some(params);
                Ok(())
            }
        }
    }

    fn item_id(&mut self, item: &str) -> Result<u32> {
        if let Some(&id) = self.item_ids.get(item) {
            return Ok(id);
        }
        let id = u32::try_from(self.items.len()).ok().filter(|&i| i != NONE).ok_or_else(|| too_many("items"))?;
        self.items.push(item.into());
        self.item_ids.insert(item.into(), id);
        Ok(id)
    }

    fn basket(&mut self, basket: BasketId<'_>) -> Result<&mut BasketItems> {
        let next = u32::try_from(self.baskets.len()).ok().filter(|&i| i != NONE).ok_or_else(|| too_many("baskets"))?;
        let index = match (&mut self.keys, basket) {
            (Keys::Int(m), BasketId::Int(k)) => *m.entry(k).or_insert(next),
            (Keys::Text(m), BasketId::Text(k)) => match m.get(k) {
                Some(&i) => i,
                None => {
                    m.insert(k.into(), next);
                    next
                }
            },
            _ => return Err(Error::corrupted("assoc_rules: basket ids of two types in one state")),
        };
        if index == next {
            self.baskets.push(BasketItems::new());
        }
        Ok(&mut self.baskets[index as usize])
    }

    /// Adds one (basket, item) row; a repeated pair counts once.
    pub fn add(&mut self, basket: BasketId<'_>, item: &str) -> Result<()> {
        let item = self.item_id(item)?;
        insert_sorted(self.basket(basket)?, item);
        Ok(())
    }

    /// Adds another state's baskets: a basket in both is the union of its items.
    pub fn merge(&mut self, other: &Baskets) -> Result<()> {
        match (&self.params, &other.params) {
            (_, None) => {}
            (None, Some(p)) => self.params = Some(*p),
            (Some(_), Some(p)) => self.set_params(*p)?,
        }
        let ids = other.items.iter().map(|name| self.item_id(name)).collect::<Result<Vec<u32>>>()?;
        let add = |this: &mut Baskets, key: BasketId<'_>, items: &BasketItems| -> Result<()> {
            let target = this.basket(key)?;
            items.iter().for_each(|&i| insert_sorted(target, ids[i as usize]));
            Ok(())
        };
        match &other.keys {
            Keys::Int(m) => m.iter().try_for_each(|(&k, &i)| add(self, BasketId::Int(k), &other.baskets[i as usize])),
            Keys::Text(m) => m.iter().try_for_each(|(k, &i)| add(self, BasketId::Text(k), &other.baskets[i as usize])),
        }
    }

    /// The number of baskets (each holds at least one item).
    pub fn basket_count(&self) -> usize {
        self.baskets.len()
    }

    /// Mines the rules.
    pub fn rules(&self, interrupts: &dyn Fn() -> Result<()>) -> Result<AssocRules> {
        let params = self.params.ok_or_else(|| Error::corrupted("assoc_rules: a state without thresholds"))?;
        mine_rules(&self.items, &self.baskets, params, interrupts)
    }
}

impl Versioned for Baskets {
    const TYPE_NAME: &'static str = "assoc_rules state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        match &self.params {
            None => w.u8(0),
            Some(p) => {
                w.u8(1);
                w.f64(p.min_support);
                w.f64(p.min_confidence);
                w.varint(p.max_len.map_or(0, u64::from));
            }
        }
        w.varint(self.items.len() as u64);
        self.items.iter().for_each(|i| w.str(i));
        w.u8(matches!(self.keys, Keys::Text(_)) as u8);
        w.varint(self.baskets.len() as u64);
        let write_basket = |w: &mut Writer, index: u32| {
            let items = &self.baskets[index as usize];
            w.varint(items.len() as u64);
            items.iter().for_each(|&i| w.varint(u64::from(i)));
        };
        match &self.keys {
            Keys::Int(m) => m.iter().for_each(|(&k, &i)| {
                w.signed(k);
                write_basket(w, i);
            }),
            Keys::Text(m) => m.iter().for_each(|(k, &i)| {
                w.str(k);
                write_basket(w, i);
            }),
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let params = match r.u8()? {
            0 => None,
            1 => {
                let (s, c) = (r.f64()?, r.f64()?);
                let m = r.varint()?;
                let max_len = if m == 0 { None } else { Some(i64::try_from(m).unwrap_or(i64::MAX)) };
                Some(Params::new(s, c, max_len).map_err(|e| Error::corrupted(e.message))?)
            }
            _ => return Err(Error::corrupted("assoc_rules state: bad thresholds flag")),
        };
        let n_items = r.len()?;
        let mut state = Baskets::new(false);
        state.params = params;
        for _ in 0..n_items {
            let name = r.str()?;
            if state.item_ids.contains_key(name) {
                return Err(Error::corrupted("assoc_rules state: an item twice"));
            }
            state.item_id(name)?;
        }
        let text = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(Error::corrupted("assoc_rules state: bad basket id kind")),
        };
        state.keys = Baskets::new(text).keys;
        let n_baskets = r.len()?;
        for _ in 0..n_baskets {
            let before = state.baskets.len();
            match text {
                false => state.basket(BasketId::Int(r.signed()?))?,
                true => state.basket(BasketId::Text(r.str()?))?,
            };
            if state.baskets.len() == before {
                return Err(Error::corrupted("assoc_rules state: a basket twice"));
            }
            let n = r.len()?;
            let mut items = BasketItems::with_capacity(n);
            for _ in 0..n {
                let id = u32::try_from(r.varint()?).ok().filter(|&i| (i as usize) < n_items);
                match id {
                    Some(id) if items.last().is_none_or(|&last| last < id) => items.push(id),
                    _ => return Err(Error::corrupted("assoc_rules state: bad item number")),
                }
            }
            if items.is_empty() {
                return Err(Error::corrupted("assoc_rules state: an empty basket"));
            }
            *state.baskets.last_mut().ok_or_else(|| Error::corrupted("assoc_rules state: no basket"))? = items;
        }
        Ok(state)
    }
}

// ---- FP-growth ------------------------------------------------------------------------

/// An FP-tree over items numbered by rank (0 = most frequent): node 0 is the root;
/// every node has its item, count, parent and the next node of the same item.
struct Tree {
    item: Vec<u32>,
    count: Vec<u64>,
    parent: Vec<u32>,
    next: Vec<u32>,
    /// First node of each item, and the item's total count in the tree.
    head: Vec<u32>,
    total: Vec<u64>,
}

impl Tree {
    /// Builds the tree of weighted paths, each ascending by rank, given in
    /// lexicographic order: a path then shares its prefix with the previous one
    /// only, so no node needs a table of children.
    fn build<'p>(items: usize, paths: impl Iterator<Item = (&'p [u32], u64)>, ticker: &mut Ticker<'_>) -> Result<Tree> {
        let mut t = Tree {
            item: vec![NONE],
            count: vec![0],
            parent: vec![NONE],
            next: vec![NONE],
            head: vec![NONE; items],
            total: vec![0; items],
        };
        let mut stack: Vec<u32> = Vec::new();
        let mut previous: &[u32] = &[];
        for (path, weight) in paths {
            ticker.tick()?;
            let common = previous.iter().zip(path).take_while(|(a, b)| a == b).count();
            stack.truncate(common);
            for &node in &stack {
                t.count[node as usize] += weight;
                t.total[t.item[node as usize] as usize] += weight;
            }
            for &item in &path[common..] {
                let node =
                    u32::try_from(t.item.len()).ok().filter(|&n| n != NONE).ok_or_else(|| too_many("tree nodes"))?;
                t.item.push(item);
                t.count.push(weight);
                t.parent.push(stack.last().copied().unwrap_or(0));
                t.next.push(t.head[item as usize]);
                t.head[item as usize] = node;
                t.total[item as usize] += weight;
                stack.push(node);
            }
            previous = path;
        }
        Ok(t)
    }
}

/// What a mining run collects: itemsets (ranks, descending) with their counts.
struct Mining<'a> {
    min_count: u64,
    max_len: usize,
    itemsets: Vec<(Vec<u32>, u64)>,
    ticker: Ticker<'a>,
}

impl Mining<'_> {
    fn mine(&mut self, tree: &Tree, suffix: &mut Vec<u32>) -> Result<()> {
        for item in (0..tree.head.len()).rev() {
            let total = tree.total[item];
            if total < self.min_count {
                continue;
            }
            (self.ticker.interrupts)()?;
            suffix.push(item as u32);
            if self.itemsets.len() >= MAX_ITEMSETS {
                return Err(Error::invalid_parameter(
                    format!("assoc_rules: more than {MAX_ITEMSETS} frequent itemsets"),
                    "Raise min_support or pass max_len (e.g. 3): the number of itemsets grows combinatorially.",
                ));
            }
            self.itemsets.push((suffix.clone(), total));
            if suffix.len() < self.max_len && item > 0 {
                if let Some(conditional) = self.conditional(tree, item)? {
                    self.mine(&conditional, suffix)?;
                }
            }
            suffix.pop();
        }
        Ok(())
    }

    /// The tree of the prefix paths of `item`'s nodes, without the items that are
    /// not frequent among them.
    fn conditional(&mut self, tree: &Tree, item: usize) -> Result<Option<Tree>> {
        let mut flat: Vec<u32> = Vec::new();
        let mut spans: Vec<(usize, usize, u64)> = Vec::new();
        let mut totals = vec![0u64; item];
        let mut node = tree.head[item];
        while node != NONE {
            let weight = tree.count[node as usize];
            let start = flat.len();
            let mut up = tree.parent[node as usize];
            while up != 0 {
                self.ticker.tick()?;
                let it = tree.item[up as usize];
                flat.push(it);
                totals[it as usize] += weight;
                up = tree.parent[up as usize];
            }
            if flat.len() > start {
                spans.push((start, flat.len(), weight));
            }
            node = tree.next[node as usize];
        }
        // Paths were read leaf to root: keep the frequent items, ascending by rank.
        let mut kept: Vec<u32> = Vec::with_capacity(flat.len());
        let mut paths: Vec<(usize, usize, u64)> = Vec::with_capacity(spans.len());
        for (start, end, weight) in spans {
            self.ticker.tick()?;
            let from = kept.len();
            kept.extend(flat[start..end].iter().rev().filter(|&&i| totals[i as usize] >= self.min_count));
            if kept.len() > from {
                paths.push((from, kept.len(), weight));
            }
        }
        if paths.is_empty() {
            return Ok(None);
        }
        paths.sort_unstable_by(|a, b| kept[a.0..a.1].cmp(&kept[b.0..b.1]));
        Tree::build(item, paths.iter().map(|&(s, e, w)| (&kept[s..e], w)), &mut self.ticker).map(Some)
    }
}

/// The smallest count whose support `count / n` reaches `min_support`, compared in
/// floating point as mlxtend does (`support >= min_support`).
fn min_count(n: u64, min_support: f64) -> u64 {
    let reaches = |c: u64| c as f64 / n as f64 >= min_support;
    let mut c = ((min_support * n as f64).ceil() as u64).clamp(1, n.max(1));
    while c > 1 && reaches(c - 1) {
        c -= 1;
    }
    while c < n && !reaches(c) {
        c += 1;
    }
    c
}

fn mine_rules(
    names: &[Box<str>],
    baskets: &[BasketItems],
    params: Params,
    interrupts: &dyn Fn() -> Result<()>,
) -> Result<AssocRules> {
    let mut ticker = Ticker::new(interrupts);
    let n = baskets.len() as u64;
    let mut counts = vec![0u64; names.len()];
    for basket in baskets {
        ticker.tick()?;
        basket.iter().for_each(|&i| counts[i as usize] += 1);
    }
    let min_count = min_count(n, params.min_support);
    // Frequent items by rank: most frequent first (ties by name, for a fixed tree).
    let mut frequent: Vec<u32> =
        (0..names.len() as u32).filter(|&i| n > 0 && counts[i as usize] >= min_count).collect();
    frequent.sort_unstable_by(|&a, &b| {
        counts[b as usize].cmp(&counts[a as usize]).then_with(|| names[a as usize].cmp(&names[b as usize]))
    });
    let mut rank = vec![NONE; names.len()];
    frequent.iter().enumerate().for_each(|(r, &i)| rank[i as usize] = r as u32);

    let mut flat: Vec<u32> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for basket in baskets {
        ticker.tick()?;
        let start = flat.len();
        flat.extend(basket.iter().map(|&i| rank[i as usize]).filter(|&r| r != NONE));
        if flat.len() > start {
            flat[start..].sort_unstable();
            spans.push((start, flat.len()));
        }
    }
    spans.sort_unstable_by(|a, b| flat[a.0..a.1].cmp(&flat[b.0..b.1]));
    let tree = Tree::build(frequent.len(), spans.iter().map(|&(s, e)| (&flat[s..e], 1)), &mut ticker)?;
    drop((flat, spans));

    let max_len = params.max_len.map_or(usize::MAX, |m| m as usize);
    let mut mining = Mining { min_count, max_len, itemsets: Vec::new(), ticker };
    mining.mine(&tree, &mut Vec::new())?;
    drop(tree);
    let Mining { itemsets, mut ticker, .. } = mining;

    // Items of the answer are numbered by name; itemsets are ascending item lists.
    let mut by_name: Vec<u32> = frequent.clone();
    by_name.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
    let mut number = vec![NONE; frequent.len()];
    by_name.iter().enumerate().for_each(|(k, &i)| number[rank[i as usize] as usize] = k as u32);
    let mut counts_of: FnvMap<Vec<u32>, u64> = FnvMap::default();
    counts_of.reserve(itemsets.len());
    for (set, count) in itemsets {
        ticker.tick()?;
        let mut set: Vec<u32> = set.iter().map(|&r| number[r as usize]).collect();
        set.sort_unstable();
        counts_of.insert(set, count);
    }

    let mut rules = Vec::new();
    let support = |c: u64| c as f64 / n as f64;
    for (set, &count) in counts_of.iter().filter(|(s, _)| s.len() >= 2) {
        // Every subset of a frequent itemset is frequent: at most log2(MAX_ITEMSETS) items.
        let splits = (1u64 << set.len()) - 1;
        for mask in 1..splits {
            ticker.tick()?;
            let (mut antecedent, mut consequent) = (Vec::new(), Vec::new());
            for (bit, &item) in set.iter().enumerate() {
                if mask >> bit & 1 == 1 {
                    antecedent.push(item)
                } else {
                    consequent.push(item)
                }
            }
            let antecedent_count = *counts_of.get(&antecedent).ok_or_else(|| Error::corrupted("missing subset"))?;
            let consequent_count = *counts_of.get(&consequent).ok_or_else(|| Error::corrupted("missing subset"))?;
            // mlxtend's confidence: the ratio of the two supports.
            if support(count) / support(antecedent_count) >= params.min_confidence {
                if rules.len() >= MAX_RULES {
                    return Err(Error::invalid_parameter(
                        format!("assoc_rules: more than {MAX_RULES} rules"),
                        "Raise min_support or min_confidence, or pass max_len (e.g. 3).",
                    ));
                }
                rules.push(Rule { antecedent, consequent, count, antecedent_count, consequent_count });
            }
        }
    }
    AssocRules::new(n, params, by_name.iter().map(|&i| names[i as usize].to_string()).collect(), rules)
}

// ---- the rules ---------------------------------------------------------------------------

/// One rule: items are numbers into [`AssocRules`]'s item list, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub antecedent: Vec<u32>,
    pub consequent: Vec<u32>,
    /// Baskets holding antecedent and consequent, the antecedent, the consequent.
    pub count: u64,
    pub antecedent_count: u64,
    pub consequent_count: u64,
}

/// A rule's measures as mlxtend's `association_rules` computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub antecedent_support: f64,
    pub consequent_support: f64,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
    pub leverage: f64,
    /// `(1 - consequent_support) / (1 - confidence)`; `None` where mlxtend gives
    /// infinity (confidence 1).
    pub conviction: Option<f64>,
}

/// Association rules mined from `baskets` baskets, ordered by antecedent, then
/// consequent (item lists compared element by element, items by name).
#[derive(Debug, Clone, PartialEq)]
pub struct AssocRules {
    baskets: u64,
    params: Params,
    items: Vec<String>,
    rules: Vec<Rule>,
}

impl PartialEq for Params {
    fn eq(&self, other: &Params) -> bool {
        self.same(other)
    }
}

impl AssocRules {
    /// Checks the invariants and puts `rules` (over `items`, sorted and distinct)
    /// in canonical order, keeping only the items they use.
    fn new(baskets: u64, params: Params, items: Vec<String>, mut rules: Vec<Rule>) -> Result<AssocRules> {
        if items.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::corrupted("assoc_rules: items out of order"));
        }
        let mut used = vec![false; items.len()];
        for r in &rules {
            let ascending = |s: &[u32]| !s.is_empty() && s.windows(2).all(|w| w[0] < w[1]);
            let known = r.antecedent.iter().chain(&r.consequent).all(|&i| (i as usize) < items.len());
            let disjoint = r.antecedent.iter().all(|i| r.consequent.binary_search(i).is_err());
            let counts = r.count >= 1
                && r.count <= r.antecedent_count.min(r.consequent_count)
                && r.antecedent_count.max(r.consequent_count) <= baskets;
            if !(ascending(&r.antecedent) && ascending(&r.consequent) && known && disjoint && counts) {
                return Err(Error::corrupted("assoc_rules: a rule with bad items or counts"));
            }
            r.antecedent.iter().chain(&r.consequent).for_each(|&i| used[i as usize] = true);
        }
        // Renumber to the items in use (the numbering stays ascending by name).
        let mut renumber = vec![NONE; items.len()];
        let mut kept = Vec::new();
        for (i, name) in items.into_iter().enumerate() {
            if used[i] {
                renumber[i] = kept.len() as u32;
                kept.push(name);
            }
        }
        for r in &mut rules {
            r.antecedent.iter_mut().chain(r.consequent.iter_mut()).for_each(|i| *i = renumber[*i as usize]);
        }
        rules.sort_unstable_by(|a, b| (&a.antecedent, &a.consequent).cmp(&(&b.antecedent, &b.consequent)));
        if rules.windows(2).any(|w| w[0].antecedent == w[1].antecedent && w[0].consequent == w[1].consequent) {
            return Err(Error::corrupted("assoc_rules: a rule twice"));
        }
        Ok(AssocRules { baskets, params, items: kept, rules })
    }

    pub fn baskets(&self) -> u64 {
        self.baskets
    }
    pub fn params(&self) -> Params {
        self.params
    }
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    pub fn item(&self, i: u32) -> &str {
        &self.items[i as usize]
    }
    /// The names of `items`.
    pub fn names(&self, items: &[u32]) -> Vec<String> {
        items.iter().map(|&i| self.items[i as usize].clone()).collect()
    }

    pub fn measures(&self, rule: &Rule) -> Measures {
        let n = self.baskets as f64;
        let (s_ac, s_a, s_c) =
            (rule.count as f64 / n, rule.antecedent_count as f64 / n, rule.consequent_count as f64 / n);
        let confidence = s_ac / s_a;
        Measures {
            antecedent_support: s_a,
            consequent_support: s_c,
            support: s_ac,
            confidence,
            lift: confidence / s_c,
            leverage: s_ac - s_a * s_c,
            conviction: (confidence < 1.0).then(|| (1.0 - s_c) / (1.0 - confidence)),
        }
    }

    /// The `k` best items missing from `have`, each with the index of its best rule:
    /// rules whose antecedent is in `have` and whose consequent shares no item with
    /// it; an item's best rule has the highest confidence, then lift, then support
    /// (then comes first); items rank the same way, then by name.
    pub fn recommend(&self, have: &[&str], k: usize, interrupts: &dyn Fn() -> Result<()>) -> Result<Vec<(u32, usize)>> {
        let mut ticker = Ticker::new(interrupts);
        let mut held = vec![false; self.items.len()];
        for name in have {
            ticker.tick()?;
            if let Ok(i) = self.items.binary_search_by(|item| item.as_str().cmp(name)) {
                held[i] = true;
            }
        }
        let key = |rule: usize| {
            let m = self.measures(&self.rules[rule]);
            (m.confidence, m.lift, m.support)
        };
        let better = |a: usize, b: usize| {
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(ka.2.total_cmp(&kb.2)).then(b.cmp(&a))
        };
        let mut best: Vec<Option<usize>> = vec![None; self.items.len()];
        for (index, rule) in self.rules.iter().enumerate() {
            ticker.tick()?;
            if rule.antecedent.iter().all(|&i| held[i as usize]) && rule.consequent.iter().all(|&i| !held[i as usize]) {
                for &c in &rule.consequent {
                    let slot = &mut best[c as usize];
                    if slot.is_none_or(|b| better(index, b).is_gt()) {
                        *slot = Some(index);
                    }
                }
            }
        }
        let mut found: Vec<(u32, usize)> =
            best.iter().enumerate().filter_map(|(i, b)| b.map(|rule| (i as u32, rule))).collect();
        // Items are numbered by name: the last tie-break is the item number.
        found.sort_by(|a, b| better(b.1, a.1).then(a.0.cmp(&b.0)));
        found.truncate(k);
        Ok(found)
    }
}

impl Versioned for AssocRules {
    const TYPE_NAME: &'static str = "assoc_rules";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.varint(self.baskets);
        w.f64(self.params.min_support);
        w.f64(self.params.min_confidence);
        w.varint(self.params.max_len.map_or(0, u64::from));
        w.varint(self.items.len() as u64);
        self.items.iter().for_each(|i| w.str(i));
        w.varint(self.rules.len() as u64);
        for r in &self.rules {
            for side in [&r.antecedent, &r.consequent] {
                w.varint(side.len() as u64);
                side.iter().for_each(|&i| w.varint(u64::from(i)));
            }
            w.varint(r.count);
            w.varint(r.antecedent_count);
            w.varint(r.consequent_count);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let baskets = r.varint()?;
        let (s, c) = (r.f64()?, r.f64()?);
        let m = r.varint()?;
        let max_len = if m == 0 { None } else { Some(i64::try_from(m).unwrap_or(i64::MAX)) };
        let params = Params::new(s, c, max_len).map_err(|e| Error::corrupted(e.message))?;
        let n_items = r.len()?;
        let items = (0..n_items).map(|_| r.str().map(str::to_string)).collect::<Result<Vec<_>>>()?;
        let n_rules = r.len()?;
        let mut rules = Vec::with_capacity(n_rules);
        let side = |r: &mut Reader<'_>| -> Result<Vec<u32>> {
            let n = r.len()?;
            (0..n)
                .map(|_| u32::try_from(r.varint()?).map_err(|_| Error::corrupted("item number out of range")))
                .collect()
        };
        for _ in 0..n_rules {
            let antecedent = side(r)?;
            let consequent = side(r)?;
            let (count, antecedent_count, consequent_count) = (r.varint()?, r.varint()?, r.varint()?);
            rules.push(Rule { antecedent, consequent, count, antecedent_count, consequent_count });
        }
        let value = AssocRules::new(baskets, params, items, rules)?;
        if value.items.len() != n_items {
            return Err(Error::corrupted("assoc_rules: an item no rule uses"));
        }
        Ok(value)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesText {
    baskets: u64,
    min_support: f64,
    min_confidence: f64,
    max_len: Option<u32>,
    rules: Vec<RuleText>,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    antecedent: Vec<String>,
    consequent: Vec<String>,
    count: u64,
    antecedent_count: u64,
    consequent_count: u64,
}

impl TextForm for AssocRules {
    fn to_text(&self) -> String {
        let text = RulesText {
            baskets: self.baskets,
            min_support: self.params.min_support,
            min_confidence: self.params.min_confidence,
            max_len: self.params.max_len,
            rules: self
                .rules
                .iter()
                .map(|r| RuleText {
                    antecedent: self.names(&r.antecedent),
                    consequent: self.names(&r.consequent),
                    count: r.count,
                    antecedent_count: r.antecedent_count,
                    consequent_count: r.consequent_count,
                })
                .collect(),
        };
        serde_json::to_string(&text).unwrap_or_default()
    }

    fn from_text(text: &str) -> Result<Self> {
        let bad = |message: String| {
            Error::invalid_text(
                format!("invalid assoc_rules text: {message}"),
                "Use the JSON form that an assoc_rules value prints (::text of assoc_rules(...)).",
            )
        };
        let t: RulesText = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let params = Params::new(t.min_support, t.min_confidence, t.max_len.map(i64::from))
            .map_err(|e| bad(e.message.replace("assoc_rules: ", "")))?;
        let mut items: Vec<String> =
            t.rules.iter().flat_map(|r| r.antecedent.iter().chain(&r.consequent).cloned()).collect();
        items.sort_unstable();
        items.dedup();
        let number = |names: &[String]| -> Result<Vec<u32>> {
            let mut ids: Vec<u32> =
                names.iter().filter_map(|n| items.binary_search(n).ok().map(|i| i as u32)).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() != names.len() {
                return Err(bad("an item appears twice on one side of a rule".into()));
            }
            Ok(ids)
        };
        let rules = t
            .rules
            .iter()
            .map(|r| {
                Ok(Rule {
                    antecedent: number(&r.antecedent)?,
                    consequent: number(&r.consequent)?,
                    count: r.count,
                    antecedent_count: r.antecedent_count,
                    consequent_count: r.consequent_count,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        AssocRules::new(t.baskets, params, items, rules).map_err(|_| {
            bad("each rule needs distinct, non-empty, disjoint antecedent and consequent and counts with 1 <= count <= antecedent_count, consequent_count <= baskets".into())
        })
    }
}

impl JsonView for AssocRules {
    fn json_view(&self) -> serde_json::Value {
        let rules: Vec<serde_json::Value> = self
            .rules
            .iter()
            .map(|r| {
                let m = self.measures(r);
                serde_json::json!({
                    "antecedent": self.names(&r.antecedent),
                    "consequent": self.names(&r.consequent),
                    "antecedent_support": m.antecedent_support,
                    "consequent_support": m.consequent_support,
                    "support": m.support,
                    "confidence": m.confidence,
                    "lift": m.lift,
                    "leverage": m.leverage + 0.0,
                    "conviction": m.conviction,
                })
            })
            .collect();
        serde_json::json!({
            "baskets": self.baskets,
            "min_support": self.params.min_support,
            "min_confidence": self.params.min_confidence,
            "max_len": self.params.max_len,
            "rules": rules,
        })
    }
}

#[cfg(test)]
mod tests;
