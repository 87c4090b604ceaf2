//! The per-feature activity of a summary: a map from feature name to activity in
//! name order. A summary usually has a handful to a few dozen features, kept as
//! one vector sorted by name: one allocation per summary, where a B-tree's leaf
//! alone is about a kilobyte, keeps a per-(user, day) summary small and cheap to
//! build. Past [`SMALL`] features (a feature column of URLs or ids) it becomes a
//! B-tree, so that inserting stays logarithmic whatever the number of features.

use std::collections::BTreeMap;

use super::Activity;

/// Features kept in a sorted vector; one more moves them to a B-tree.
const SMALL: usize = 64;

#[derive(Debug, Clone)]
pub enum Features {
    Small(Vec<(Box<str>, Activity)>),
    Large(BTreeMap<Box<str>, Activity>),
}

impl Default for Features {
    fn default() -> Self {
        Features::Small(Vec::new())
    }
}

impl PartialEq for Features {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Features {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, name: &str) -> Option<&Activity> {
        match self {
            Features::Small(v) => v.binary_search_by(|(n, _)| (**n).cmp(name)).ok().map(|i| &v[i].1),
            Features::Large(m) => m.get(name),
        }
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Activity> {
        match self {
            Features::Small(v) => v.binary_search_by(|(n, _)| (**n).cmp(name)).ok().map(|i| &mut v[i].1),
            Features::Large(m) => m.get_mut(name),
        }
    }

    /// Moves a vector that reached [`SMALL`] features to a B-tree.
    fn grow(&mut self) {
        if let Features::Small(v) = self {
            if v.len() >= SMALL {
                *self = Features::Large(std::mem::take(v).into_iter().collect());
            }
        }
    }

    /// The activity of `name`, inserted empty when missing.
    pub fn entry(&mut self, name: &str) -> &mut Activity {
        if self.get(name).is_none() {
            self.grow();
        }
        match self {
            Features::Small(v) => {
                let i = match v.binary_search_by(|(n, _)| (**n).cmp(name)) {
                    Ok(i) => i,
                    Err(i) => {
                        v.insert(i, (name.into(), Activity::default()));
                        i
                    }
                };
                &mut v[i].1
            }
            Features::Large(m) => m.entry(name.into()).or_default(),
        }
    }

    /// Appends a feature that sorts after every present one (a decoder reading
    /// features in order); `false` when it does not.
    pub(super) fn push_sorted(&mut self, name: &str, activity: Activity) -> bool {
        if self.iter().next_back().is_some_and(|(last, _)| last >= name) {
            return false;
        }
        self.grow();
        match self {
            Features::Small(v) => v.push((name.into(), activity)),
            Features::Large(m) => {
                m.insert(name.into(), activity);
            }
        }
        true
    }

    /// Merges the activity of `name` in a walk over names in ascending order:
    /// `cursor` (start at 0) remembers where the previous name was found in a
    /// vector, so a sorted run of names costs one pass.
    pub(super) fn merge_ascending(&mut self, cursor: &mut usize, name: &str, activity: Activity) -> crate::Result<()> {
        if let Features::Small(v) = self {
            while *cursor < v.len() && *v[*cursor].0 < *name {
                *cursor += 1;
            }
            if v.get(*cursor).is_some_and(|(n, _)| **n == *name) {
                return v[*cursor].1.merge(&activity);
            }
            if v.len() < SMALL {
                v.insert(*cursor, (name.into(), activity));
                return Ok(());
            }
            self.grow();
        }
        match self.get_mut(name) {
            Some(mine) => mine.merge(&activity),
            None => {
                *self.entry(name) = activity;
                Ok(())
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Features::Small(v) => v.len(),
            Features::Large(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Features in name order (byte order of the UTF-8 names).
    pub fn iter(&self) -> Box<dyn DoubleEndedIterator<Item = (&str, &Activity)> + '_> {
        match self {
            Features::Small(v) => Box::new(v.iter().map(|(n, a)| (&**n, a))),
            Features::Large(m) => Box::new(m.iter().map(|(n, a)| (&**n, a))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_a_btree_across_the_switch(names in prop::collection::vec(0u32..200, 0..300)) {
            let mut features = Features::new();
            let mut reference: BTreeMap<String, u64> = BTreeMap::new();
            for n in &names {
                let name = format!("f{n}");
                features.entry(&name).events += 1;
                *reference.entry(name).or_default() += 1;
            }
            prop_assert_eq!(features.len(), reference.len());
            let ours: Vec<(String, u64)> = features.iter().map(|(n, a)| (n.to_owned(), a.events)).collect();
            let theirs: Vec<(String, u64)> = reference.into_iter().collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
