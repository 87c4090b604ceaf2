//! The per-feature activity of a summary: a map from feature name to activity,
//! kept as one vector sorted by name. A summary has a handful to a few dozen
//! features; one allocation per summary (instead of a B-tree's nodes of a
//! kilobyte each) keeps a per-(user, day) summary small and cheap to build.

use super::Activity;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    entries: Vec<(Box<str>, Activity)>,
}

impl Features {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(n, _)| (**n).cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&Activity> {
        self.position(name).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Activity> {
        self.position(name).ok().map(|i| &mut self.entries[i].1)
    }

    /// The activity of `name`, inserted empty when missing.
    pub fn entry(&mut self, name: &str) -> &mut Activity {
        let i = match self.position(name) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (name.into(), Activity::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Appends a feature that sorts after every present one (a decoder reading
    /// features in order); `false` when it does not.
    pub(super) fn push_sorted(&mut self, name: &str, activity: Activity) -> bool {
        if self.entries.last().is_some_and(|(last, _)| **last >= *name) {
            return false;
        }
        self.entries.push((name.into(), activity));
        true
    }

    /// Merges the activity of `name` in a walk over names in ascending order:
    /// `cursor` (start at 0) remembers where the previous name was found.
    pub(super) fn merge_ascending(&mut self, cursor: &mut usize, name: &str, activity: Activity) -> crate::Result<()> {
        while *cursor < self.entries.len() && *self.entries[*cursor].0 < *name {
            *cursor += 1;
        }
        match self.entries.get_mut(*cursor) {
            Some((n, mine)) if **n == *name => mine.merge(&activity),
            _ => {
                self.entries.insert(*cursor, (name.into(), activity));
                Ok(())
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Features in name order (byte order of the UTF-8 names).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Activity)> {
        self.entries.iter().map(|(n, a)| (&**n, a))
    }
}
