//! The one aggregate pattern of every family.
//!
//! **Internal-state aggregates** (`usage_agg`, `rfm_agg`, `nps_agg`, `mrr_agg`,
//! `saas_agg`, `window_funnel`, the CLV fits): the state is a core value placed in
//! the aggregate's memory context. Every support function runs inside
//! [`in_aggregate_memory`], so whatever the state allocates lands in that context
//! too: PostgreSQL counts it (EXPLAIN, HashAggregate's spill decision) and frees it
//! by resetting the context. No drop callback is registered per group.
//! - transition: [`update`] (or [`update_raw`] from a hand-written fmgr function);
//! - combine, serial, deserial: [`internal_state_support!`] over an [`AggState`];
//! - final: [`read`] (folds buffered rows, then reads).
//!
//! **Rollups** of stored summaries (`rollup(usage_summary)` and the other four):
//! the state type is the summary type itself, so Citus combines partial rollups on
//! its workers. The transition keeps the running summary decoded between rows as
//! a PostgreSQL *expanded object* in a child context of the aggregate context,
//! which nodeAgg adopts without flattening; it is encoded only when stored, sent
//! to another process or output. [`summary_rollup!`] declares it for a type.

use std::ffi::c_void;
use std::mem::{align_of, size_of};

use pgrx::{pg_guard, pg_sys, Internal};
use usage_core::codec::Summary;

use crate::memory::{allocating_in, in_aggregate_memory};
use crate::pgutil::{raise, raw_args, raw_datum, OrReport};

/// A state of an internal-state aggregate: merged by combine, shipped between
/// parallel workers by serial/deserial in its versioned binary form.
pub trait AggState: Clone {
    fn merge(&mut self, other: &Self) -> usage_core::Result<()>;
    fn to_bytes(&self) -> Vec<u8>;
    fn from_bytes(bytes: &[u8]) -> usage_core::Result<Self>;
}

/// Every stored summary is also the state of its own aggregates.
macro_rules! summary_state {
    ($($core:ty),+) => {$(
        impl $crate::aggregate::AggState for $core {
            fn merge(&mut self, other: &Self) -> usage_core::Result<()> {
                usage_core::codec::Summary::combine(self, other)
            }
            fn to_bytes(&self) -> Vec<u8> {
                // Nothing is written that its decoder would refuse.
                $crate::pgutil::OrReport::or_report(usage_core::codec::Summary::check_storable(self));
                usage_core::codec::Versioned::to_bytes(self)
            }
            fn from_bytes(bytes: &[u8]) -> usage_core::Result<Self> {
                <$core as usage_core::codec::Versioned>::from_bytes(bytes)
            }
        }
    )+};
}
pub(crate) use summary_state;

/// The fit states: merged by their own `merge`, shipped in their binary form
/// (`versioned_state!([const N: usize] Type<N>)` for a generic one).
macro_rules! versioned_state {
    ([$($generic:tt)*] $core:ty) => {
        impl<$($generic)*> $crate::aggregate::AggState for $core {
            fn merge(&mut self, other: &Self) -> usage_core::Result<()> {
                <$core>::merge(self, other)
            }
            fn to_bytes(&self) -> Vec<u8> {
                usage_core::codec::Versioned::to_bytes(self)
            }
            fn from_bytes(bytes: &[u8]) -> usage_core::Result<Self> {
                <$core as usage_core::codec::Versioned>::from_bytes(bytes)
            }
        }
    };
    ($($core:ty),+) => {$(
        $crate::aggregate::versioned_state!([] $core);
    )+};
}
pub(crate) use versioned_state;

/// Places `value` in `context` as plain memory: it is never dropped, the
/// context's reset frees it (with everything it allocated there).
unsafe fn place<T>(context: pg_sys::MemoryContext, value: T) -> *mut T {
    const { assert!(align_of::<T>() <= 8, "palloc aligns to 8 bytes") };
    // SAFETY: the caller passes a live context; the chunk is large enough for a T and
    // aligned for it (8 bytes, checked above).
    unsafe {
        let chunk = crate::memory::alloc_in(context, size_of::<T>().max(1)).cast::<T>();
        chunk.write(value);
        chunk
    }
}

/// Transition body: runs `f` on the state (created by `init` on the group's first
/// row) in the aggregate's memory, and returns the state.
#[inline]
pub unsafe fn update<T>(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    init: impl FnOnce() -> T,
    f: impl FnOnce(&mut T),
) -> Internal {
    // SAFETY: the caller passes its live call frame and a state of type T (or none).
    Internal::from(Some(unsafe { update_raw(state.unwrap(), fcinfo, init, f) }))
}

/// [`update`] for hand-written fmgr transitions: the state as a raw datum.
#[inline]
pub unsafe fn update_raw<T>(
    state: Option<pg_sys::Datum>,
    fcinfo: pg_sys::FunctionCallInfo,
    init: impl FnOnce() -> T,
    f: impl FnOnce(&mut T),
) -> pg_sys::Datum {
    // SAFETY: fcinfo is the caller's live call frame; a state datum points to a T placed
    // by `place` in the aggregate context, which outlives the group.
    unsafe {
        in_aggregate_memory(fcinfo, |context| {
            let state = match state {
                Some(d) => d.cast_mut_ptr::<T>(),
                None => place(context, init()),
            };
            f(&mut *state);
            pg_sys::Datum::from(state)
        })
    }
}

/// Final body: reads the state (`None` for a group without rows). Runs in the
/// aggregate's memory: reading may fold rows still buffered in the state.
pub unsafe fn read<T, R>(state: Internal, fcinfo: pg_sys::FunctionCallInfo, f: impl FnOnce(&mut T) -> R) -> Option<R> {
    let state = state.unwrap()?;
    // SAFETY: fcinfo is the caller's live call frame; the state datum points to a T placed
    // by `place` in the aggregate context.
    Some(unsafe { in_aggregate_memory(fcinfo, |_| f(&mut *state.cast_mut_ptr::<T>())) })
}

/// Final or serial body that only reads the state (`None` for a group without
/// rows). What it builds goes to the calling per-row memory, never to the aggregate
/// context: HashAggregate keeps every group's state until its end, and a final
/// function that grew each of them would hold up to twice what EXPLAIN's Memory
/// Usage and the spill decision measured (they see the states before it runs).
pub unsafe fn read_only<T, R>(state: Internal, f: impl FnOnce(&T) -> R) -> Option<R> {
    let state = state.unwrap()?;
    // SAFETY: reads the backend's current memory context, on the backend's thread.
    let context = unsafe { pg_sys::CurrentMemoryContext };
    // SAFETY: the state datum points to a T placed by `place`, only read here.
    Some(allocating_in(context, || f(unsafe { &*state.cast_mut_ptr::<T>() })))
}

/// Combine body: merges `b` into `a`; a state first seen here is copied into the
/// aggregate context (a deserialized `b` lives in a per-row context).
pub unsafe fn combine<T: AggState>(a: Internal, b: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    // SAFETY: fcinfo is the caller's live call frame; both state datums point to distinct
    // Ts placed by `place` (in the aggregate context, or by `deserialize`).
    unsafe {
        in_aggregate_memory(fcinfo, |context| match (a.unwrap(), b.unwrap()) {
            (Some(a), Some(b)) => {
                (*a.cast_mut_ptr::<T>()).merge(&*b.cast_mut_ptr::<T>()).or_report();
                Internal::from(Some(a))
            }
            (Some(a), None) => Internal::from(Some(a)),
            (None, Some(b)) => {
                Internal::from(Some(pg_sys::Datum::from(place(context, (*b.cast_mut_ptr::<T>()).clone()))))
            }
            (None, None) => Internal::default(),
        })
    }
}

/// Serial body: the state's versioned binary form.
pub unsafe fn serialize<T: AggState>(state: Internal) -> Vec<u8> {
    // SAFETY: the caller passes a state of type T.
    unsafe { read_only(state, |s: &T| s.to_bytes()) }
        .unwrap_or_else(|| raise(usage_core::Error::corrupted("missing aggregate state to serialize")))
}

/// Deserial body: a state in the calling (per-row) memory context.
pub unsafe fn deserialize<T: AggState>(bytes: &[u8]) -> Internal {
    // SAFETY: reads the backend's current memory context, on the backend's thread.
    let context = unsafe { pg_sys::CurrentMemoryContext };
    let value = allocating_in(context, || T::from_bytes(bytes)).or_report();
    // SAFETY: the current memory context is live for the call.
    Internal::from(Some(pg_sys::Datum::from(unsafe { place(context, value) })))
}

/// Declares the combine, serial and deserial functions (SQL names as given) of an
/// internal-state aggregate whose state is `$state: AggState`.
macro_rules! internal_state_support {
    ($state:ty, $combine:ident, $serialize:ident, $deserialize:ident) => {
        #[pgrx::pg_extern(immutable, parallel_safe)]
        fn $combine(a: pgrx::Internal, b: pgrx::Internal, fcinfo: pgrx::pg_sys::FunctionCallInfo) -> pgrx::Internal {
            // SAFETY: the aggregates declared in sql/ pass states of this type.
            unsafe { $crate::aggregate::combine::<$state>(a, b, fcinfo) }
        }

        #[pgrx::pg_extern(immutable, parallel_safe, strict)]
        fn $serialize(state: pgrx::Internal) -> Vec<u8> {
            // SAFETY: the aggregates declared in sql/ pass states of this type.
            unsafe { $crate::aggregate::serialize::<$state>(state) }
        }

        #[pgrx::pg_extern(immutable, parallel_safe, strict)]
        fn $deserialize(bytes: &[u8], _unused: pgrx::Internal) -> pgrx::Internal {
            // SAFETY: called by nodeAgg with its per-row memory context current.
            unsafe { $crate::aggregate::deserialize::<$state>(bytes) }
        }
    };
}
pub(crate) use internal_state_support;

/// A value kept by the function's call site for the whole query (in `fn_mcxt`),
/// created by `init` on the first call; `f` runs with allocations going there too.
pub unsafe fn with_call_cache<T, R>(
    fcinfo: pg_sys::FunctionCallInfo,
    init: impl FnOnce() -> T,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    // SAFETY: fcinfo is the caller's live call frame; its flinfo lives for the query, and
    // this call site's fn_extra is null or the T placed here by an earlier call.
    unsafe {
        let flinfo = (*fcinfo).flinfo;
        allocating_in((*flinfo).fn_mcxt, || {
            if (*flinfo).fn_extra.is_null() {
                (*flinfo).fn_extra = place((*flinfo).fn_mcxt, init()).cast();
            }
            f(&mut *(*flinfo).fn_extra.cast::<T>())
        })
    }
}

// ---- rollups: the running summary as an expanded object --------------------------

/// A summary type whose rollup keeps its state decoded; see [`summary_rollup!`].
pub trait Rollup: Summary {
    /// The expanded-object methods of this type (one static per type): also how
    /// an expanded datum is recognised as one of this type.
    fn methods() -> &'static pg_sys::ExpandedObjectMethods;
}

/// The expanded object: PostgreSQL's header first, then the rolled-up summary.
///
/// A row's stored summary is not merged when it arrives: its bytes are appended
/// to `pending`, and pending rows are decoded and merged in one pass when they
/// reach [`FOLD_BYTES`] or the value is read. A HashAggregate visits thousands of
/// groups in turn; merging on arrival would walk a cold, scattered state per row,
/// appending touches one buffer end, and the fold then runs on hot memory.
#[repr(C)]
struct Expanded<T> {
    header: pg_sys::ExpandedObjectHeader,
    value: Option<T>,
    /// Stored forms not merged yet, each after its length (4 bytes, little-endian).
    pending: Vec<u8>,
    /// The stored form computed by `flat_size` for `flatten_into`.
    flat: Vec<u8>,
}

/// Pending bytes that trigger a fold: bounds a state's memory to its value plus this.
const FOLD_BYTES: usize = 64 * 1024;

impl<T: Rollup> Expanded<T> {
    /// Adds a stored form; run in the object's memory.
    fn add_stored(&mut self, bytes: &[u8]) -> usage_core::Result<()> {
        self.flat = Vec::new();
        // A varlena is under 1 GB, so its length fits the 4-byte prefix.
        self.pending.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= FOLD_BYTES {
            self.fold()?;
        }
        Ok(())
    }

    /// Adds another rolled-up value; run in the object's memory.
    fn add_value(&mut self, other: &T) -> usage_core::Result<()> {
        self.flat = Vec::new();
        match &mut self.value {
            Some(value) => value.combine(other),
            None => {
                self.value = Some(other.clone());
                Ok(())
            }
        }
    }

    /// Merges the pending stored forms into the value; run in the object's memory.
    fn fold(&mut self) -> usage_core::Result<()> {
        let mut rest = &self.pending[..];
        while let Some((length, tail)) = rest.split_first_chunk::<4>() {
            let (bytes, tail) = tail.split_at(u32::from_le_bytes(*length) as usize);
            match &mut self.value {
                Some(value) => value.combine_stored(bytes)?,
                None => self.value = Some(T::from_bytes(bytes)?),
            }
            rest = tail;
        }
        self.pending.clear();
        Ok(())
    }

    /// The rolled-up value (an object always holds at least one summary). Reading
    /// usually means the group is complete, so the pending buffer is released.
    unsafe fn value(&mut self) -> usage_core::Result<&T> {
        let context = self.header.eoh_context;
        allocating_in(context, || {
            self.fold()?;
            self.pending = Vec::new();
            Ok(())
        })?;
        self.value.as_ref().ok_or_else(|| usage_core::Error::corrupted("empty rollup state"))
    }
}

/// The expanded object behind `datum` if it is one of `T`'s (read-only or read-write).
unsafe fn expanded<'a, T: Rollup>(datum: pg_sys::Datum) -> Option<&'a mut Expanded<T>> {
    let bytes = datum.cast_mut_ptr::<u8>();
    // SAFETY: the caller passes a varlena datum, which has at least two bytes; an expanded
    // one holds a pointer to a live object header after its tag, and an object with T's
    // methods is an Expanded<T> made by `expand`.
    unsafe {
        // An external 1-byte header (0x01) followed by an expanded tag.
        let tag = u32::from(*bytes.add(1));
        if *bytes != 0x01
            || (tag != pg_sys::vartag_external::VARTAG_EXPANDED_RO
                && tag != pg_sys::vartag_external::VARTAG_EXPANDED_RW)
        {
            return None;
        }
        let header = bytes.add(2).cast::<*mut pg_sys::ExpandedObjectHeader>().read_unaligned();
        std::ptr::eq((*header).eoh_methods, T::methods()).then(|| &mut *header.cast::<Expanded<T>>())
    }
}

/// The summary in `datum` (stored, toasted or expanded), read without decoding
/// when it is already expanded.
pub unsafe fn with_summary<T: Rollup, R>(datum: pg_sys::Datum, f: impl FnOnce(&T) -> R) -> R {
    // SAFETY: the caller passes a non-NULL datum of T's SQL type: one of T's expanded
    // objects (live in its context) or a stored, possibly toasted, varlena.
    unsafe {
        match expanded::<T>(datum) {
            Some(object) => f(object.value().or_report()),
            None => f(&T::from_bytes(varlena_bytes(datum)).or_report()),
        }
    }
}

/// Reads a stored summary argument: `from_value` when it is the expanded state of
/// a rollup (no decoding), else `from_bytes` on its stored form.
pub unsafe fn stored<T: Rollup, R>(
    datum: pg_sys::Datum,
    from_value: impl FnOnce(&T) -> usage_core::Result<R>,
    from_bytes: impl FnOnce(&[u8]) -> usage_core::Result<R>,
) -> usage_core::Result<R> {
    // SAFETY: the caller passes a non-NULL datum of T's SQL type: one of T's expanded
    // objects (live in its context) or a stored, possibly toasted, varlena.
    unsafe {
        match expanded::<T>(datum) {
            Some(object) => from_value(object.value()?),
            None => from_bytes(varlena_bytes(datum)),
        }
    }
}

/// The bytes of a varlena datum, detoasted into the current memory context.
pub unsafe fn varlena_bytes<'a>(datum: pg_sys::Datum) -> &'a [u8] {
    // SAFETY: the caller passes a non-NULL varlena datum; the detoasted copy (or the datum
    // itself) lives as long as the current memory context.
    unsafe {
        let varlena = pg_sys::pg_detoast_datum_packed(datum.cast_mut_ptr());
        pgrx::varlena::varlena_to_byte_slice(varlena)
    }
}

/// The rollup transition (also its combine function): `state` absorbs `input`.
/// In an aggregate the state becomes, on its second row, an expanded object that
/// later rows update in place; called as a plain function it returns a new value.
pub unsafe fn rollup_transition<T: Rollup>(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this strict fmgr function:
    // both arguments are non-NULL summaries of T's SQL type (stored, toasted or expanded).
    unsafe {
        let args = raw_args(fcinfo);
        let (state, input) = (args[0].value, args[1].value);
        let Some(aggregate_context) = crate::memory::aggregate_context(fcinfo) else {
            let mut value = with_summary::<T, T>(state, T::clone);
            with_summary::<T, _>(input, |other| value.combine(other)).or_report();
            return crate::pgutil::varlena_datum(&stored_form(&value));
        };
        let object = adopted_state::<T>(aggregate_context, Some(state));
        add(object, input);
        pg_sys::Datum::from(object.header.eoh_rw_ptr.as_mut_ptr())
    }
}

/// The stored form of `value`, refused (an ERROR) when it would not read back.
fn stored_form<T: Summary>(value: &T) -> Vec<u8> {
    value.check_storable().or_report();
    value.to_bytes()
}

/// A row transition whose state is a stored summary type (so that Citus combines
/// partial states on its workers): `f` adds the row to the group's value (`init`
/// makes a group's first value). In an aggregate the state is an expanded object
/// from the first row on; called as a plain function it returns a new value.
/// `state` is the first argument, NULL before the group's first row.
pub unsafe fn stored_state_update<T: Rollup>(
    fcinfo: pg_sys::FunctionCallInfo,
    init: impl FnOnce() -> T,
    f: impl FnOnce(&mut T) -> usage_core::Result<()>,
) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // first argument is NULL or a summary of T's SQL type (stored, toasted or expanded).
    unsafe {
        let state = raw_datum(&raw_args(fcinfo)[0]);
        let Some(aggregate_context) = crate::memory::aggregate_context(fcinfo) else {
            let mut value = state.map_or_else(init, |s| with_summary::<T, T>(s, T::clone));
            f(&mut value).or_report();
            return crate::pgutil::varlena_datum(&stored_form(&value));
        };
        let object = adopted_state::<T>(aggregate_context, state);
        allocating_in(object.header.eoh_context, || {
            object.fold()?;
            object.flat = Vec::new();
            f(object.value.get_or_insert_with(init))
        })
        .or_report();
        pg_sys::Datum::from(object.header.eoh_rw_ptr.as_mut_ptr())
    }
}

/// The group's expanded state: `state` itself when it is a read-write object of
/// T's (one this aggregate made), else a new object holding `state`'s value.
unsafe fn adopted_state<'a, T: Rollup>(
    aggregate_context: pg_sys::MemoryContext,
    state: Option<pg_sys::Datum>,
) -> &'a mut Expanded<T> {
    // SAFETY: the caller passes its live aggregate context and a NULL or non-NULL datum
    // of T's SQL type; a datum's second byte is its external tag.
    unsafe {
        if let Some(state) = state {
            if let Some(object) = expanded::<T>(state) {
                if u32::from(*state.cast_mut_ptr::<u8>().add(1)) == pg_sys::vartag_external::VARTAG_EXPANDED_RW {
                    return object;
                }
            }
        }
        let object = expand::<T>(states_context(aggregate_context));
        if let Some(state) = state {
            add(object, state);
        }
        object
    }
}

/// Adds the summary in `datum` to `object`.
unsafe fn add<T: Rollup>(object: &mut Expanded<T>, datum: pg_sys::Datum) {
    let context = object.header.eoh_context;
    // SAFETY: the caller passes a non-NULL datum of T's SQL type: one of T's expanded
    // objects (live in its context) or a stored, possibly toasted, varlena.
    unsafe {
        match expanded::<T>(datum) {
            Some(other) => {
                let other = other.value().or_report();
                allocating_in(context, || object.add_value(other))
            }
            None => allocating_in(context, || object.add_stored(varlena_bytes(datum))),
        }
    }
    .or_report();
}

/// A new, empty expanded object in `context`.
unsafe fn expand<'a, T: Rollup>(context: pg_sys::MemoryContext) -> &'a mut Expanded<T> {
    // SAFETY: the header is plain C data (all-zero is valid until EOH_init_header sets it),
    // the caller passes a live context, and `place` returns a valid, initialised chunk there.
    unsafe {
        let empty = Expanded::<T> { header: std::mem::zeroed(), value: None, pending: Vec::new(), flat: Vec::new() };
        let object = place(context, empty);
        pg_sys::EOH_init_header(&mut (*object).header, T::methods(), context);
        &mut *object
    }
}

/// The name of the child context that holds the expanded states; a static, so its
/// address also identifies the context among the aggregate context's children.
static STATES_CONTEXT: &std::ffi::CStr = c"pg_usage rollup states";

/// The context that holds the expanded states of the groups of `parent` (an
/// aggregate context). nodeAgg adopts a state only when its context is a child of
/// the aggregate context; one shared child, not one per group, because
/// HashAggregate adds up the memory of every child context each time it creates
/// a group. PostgreSQL never deletes an adopted state on its own (the transition
/// returns the same state every time); resetting the aggregate context deletes the
/// child with it. The child is found again among `parent`'s children, not cached
/// at the call site: Citus's worker_partial_agg and coord_combine_agg call the
/// transition through an FmgrInfo on their stack, so `fn_extra` and `fn_mcxt` do
/// not outlive one call (a reset callback kept there crashed the coordinator).
/// Called once per group (later rows find the state already expanded), and an
/// aggregate context has few children.
unsafe fn states_context(parent: pg_sys::MemoryContext) -> pg_sys::MemoryContext {
    // SAFETY: `parent` is a live aggregate context; its children list is PostgreSQL's
    // and holds live contexts only.
    unsafe {
        let mut child = (*parent).firstchild;
        while !child.is_null() {
            if (*child).name == STATES_CONTEXT.as_ptr() {
                return child;
            }
            child = (*child).nextchild;
        }
        pg_sys::AllocSetContextCreateInternal(
            parent,
            STATES_CONTEXT.as_ptr(),
            pg_sys::ALLOCSET_DEFAULT_MINSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
        )
    }
}

/// `get_flat_size` of the expanded-object protocol: folds and encodes once, for
/// `flatten_into`.
#[pg_guard]
pub unsafe extern "C-unwind" fn flat_size<T: Rollup>(header: *mut pg_sys::ExpandedObjectHeader) -> pg_sys::Size {
    // SAFETY: PostgreSQL calls the methods of T's objects, made by `expand`, with their
    // header; the object lives in its context.
    unsafe {
        let object = &mut *header.cast::<Expanded<T>>();
        if object.flat.is_empty() {
            let context = object.header.eoh_context;
            let value = object.value().or_report();
            let bytes = allocating_in(context, || stored_form(value));
            object.flat = bytes;
        }
        object.flat.len() + pg_sys::VARHDRSZ
    }
}

/// `flatten_into` of the expanded-object protocol: the stored form into `result`.
#[pg_guard]
pub unsafe extern "C-unwind" fn flatten_into<T: Rollup>(
    header: *mut pg_sys::ExpandedObjectHeader,
    result: *mut c_void,
    size: pg_sys::Size,
) {
    // SAFETY: PostgreSQL calls the methods of T's objects, made by `expand`, with their header,
    // and `result` has room for the `size` bytes that `flat_size` returned just before.
    unsafe {
        let object = &mut *header.cast::<Expanded<T>>();
        debug_assert_eq!(size, object.flat.len() + pg_sys::VARHDRSZ);
        pgrx::varlena::set_varsize_4b(result.cast(), size as i32);
        std::ptr::copy_nonoverlapping(
            object.flat.as_ptr(),
            result.cast::<u8>().add(pg_sys::VARHDRSZ),
            object.flat.len(),
        );
    }
}

/// Declares `$core`'s rollup: its [`Rollup`] methods and the fmgr transition
/// `$merge`, which sql/ declares as the rollup's sfunc and combinefunc.
macro_rules! summary_rollup {
    ($core:ty, $merge:ident, $finfo:ident) => {
        impl $crate::aggregate::Rollup for $core {
            fn methods() -> &'static pgrx::pg_sys::ExpandedObjectMethods {
                static METHODS: pgrx::pg_sys::ExpandedObjectMethods = pgrx::pg_sys::ExpandedObjectMethods {
                    get_flat_size: Some($crate::aggregate::flat_size::<$core>),
                    flatten_into: Some($crate::aggregate::flatten_into::<$core>),
                };
                &METHODS
            }
        }

        $crate::pgutil::finfo_v1!($finfo);

        #[pgrx::pg_guard]
        #[no_mangle]
        pub unsafe extern "C-unwind" fn $merge(fcinfo: pgrx::pg_sys::FunctionCallInfo) -> pgrx::pg_sys::Datum {
            // SAFETY: sql/ declares this function strict, with two arguments of this summary type.
            unsafe { $crate::aggregate::rollup_transition::<$core>(fcinfo) }
        }
    };
}
pub(crate) use summary_rollup;
