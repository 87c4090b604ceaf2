//! k-means in the database: `kmeans_fit` (an internal-state aggregate collecting
//! the points; the final function fits), the stored `kmeans_model` and its
//! readers, and the `kmeans_silhouette` aggregate. The maths is in
//! `usage_core::models::kmeans`; this module reads arrays and checks for cancel.

use std::ptr::NonNull;

use pgrx::array::RawArray;
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::models::kmeans::{
    FitState, Init, KmeansModel, Params, SilhouetteState, DEFAULT_MAX_ITER, DEFAULT_SEED,
};
use usage_core::{Error, ErrorKind};

use crate::aggregate::{internal_state_support, read_only, update_raw, varlena_bytes, versioned_state};
use crate::pgutil::{
    finfo_v1, int8_count, interrupts, null_argument, raise, raw_args, raw_datum, raw_result, summary_type, Array1,
    Finite, OrReport,
};

summary_type!(kmeans_model, KmeansModel);

/// A float8[] argument's elements and its number of rows (first dimension) when
/// it has two dimensions; read straight from the array (no per-row catalog lookup).
/// NULL elements are an ERROR naming `what`; more than `max_dims` dimensions too.
unsafe fn float8_array<'a>(datum: pg_sys::Datum, what: &str, max_dims: i32) -> (&'a [f64], Option<usize>) {
    // SAFETY: the caller passes a non-NULL float8[] datum; its detoasted copy lives in the
    // current memory context for the call; float8 elements are 8-aligned in the data area.
    unsafe {
        let ptr = pg_sys::pg_detoast_datum(datum.cast_mut_ptr()) as *mut pg_sys::ArrayType;
        let ndim = (*ptr).ndim;
        if ndim > max_dims {
            raise(Error::new(
                ErrorKind::ArrayMismatch,
                format!(
                    "{what} must have at most {max_dims} dimension{}, got {ndim}",
                    if max_dims > 1 { "s" } else { "" }
                ),
                if max_dims == 1 {
                    "Pass one vector per row as a flat float8[], e.g. ARRAY[1.0, 2.5, 0.3]."
                } else {
                    "Pass the k starting centroids as a k x d array, e.g. ARRAY[[1,2],[3,4]], or flattened."
                },
            ));
        }
        let Some(ptr) = NonNull::new(ptr) else { null_argument(0) };
        let mut raw = RawArray::from_ptr(ptr);
        let rows = (ndim == 2).then(|| raw.dims()[0] as usize);
        if let Some(bits) = raw.nulls() {
            let len = raw.len();
            let bits = bits.as_ptr() as *const u8;
            if (0..len).any(|i| *bits.add(i / 8) & (1 << (i % 8)) == 0) {
                raise(Error::new(
                    ErrorKind::ArrayMismatch,
                    format!("{what} must not contain NULL elements"),
                    "Impute or filter out missing components before clustering, e.g. coalesce(x, 0).",
                ));
            }
        }
        let data = raw.data::<f64>();
        (&*(data.as_ptr() as *const [f64]), rows)
    }
}

fn int_arg(args: &[pg_sys::NullableDatum], i: usize) -> i64 {
    raw_datum(&args[i]).map_or_else(|| null_argument(i), |d| d.value() as i64)
}

fn bool_arg(args: &[pg_sys::NullableDatum], i: usize) -> bool {
    raw_datum(&args[i]).map_or_else(|| null_argument(i), |d| d.value() != 0)
}

/// (standardize, max_iter) at positions 4 and 5 of a call, with their defaults.
fn options(args: &[pg_sys::NullableDatum]) -> (bool, i32) {
    let standardize = args.len() > 4 && bool_arg(args, 4);
    let max_iter = if args.len() > 5 { int_arg(args, 5) as i32 } else { DEFAULT_MAX_ITER as i32 };
    (standardize, max_iter)
}

versioned_state!(FitState);

// One call per input row: plain V1 C functions (no pgrx wrapper, the array read
// in place), declared in sql/kmeans.sql. Arguments by position:
// (state, v, k [, seed | init [, standardize [, max_iter]]]); rows with a NULL v
// are skipped.

finfo_v1!(pg_finfo_kmeans_trans);

/// kmeans_trans(internal, v, k [, seed [, standardize [, max_iter]]]).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn kmeans_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed, with the arguments of one of
    // the kmeans_fit overloads of sql/kmeans.sql (int4 k, int8 seed, bool, int4); the state
    // is a FitState or NULL.
    unsafe {
        let args = raw_args(fcinfo);
        let state = raw_datum(&args[0]);
        let Some(v) = raw_datum(&args[1]) else { return raw_result(fcinfo, state) };
        let k = int_arg(args, 2) as i32;
        let seed = if args.len() > 3 { int_arg(args, 3) } else { DEFAULT_SEED };
        let (standardize, max_iter) = options(args);
        let (v, _) = float8_array(v, "v", 1);
        update_raw(state, fcinfo, FitState::default, |s| {
            if !s.same_seeded(k, seed, standardize, max_iter) {
                s.set_params(Params::new(k, Init::Seeded(seed), None, standardize, max_iter).or_report()).or_report();
            }
            s.add(v).or_report();
        })
    }
}

finfo_v1!(pg_finfo_kmeans_trans_init);

/// kmeans_trans_init(internal, v, k, init [, standardize [, max_iter]]).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn kmeans_trans_init(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: as kmeans_trans, with a float8[] init at position 3.
    unsafe {
        let args = raw_args(fcinfo);
        let state = raw_datum(&args[0]);
        let Some(v) = raw_datum(&args[1]) else { return raw_result(fcinfo, state) };
        let k = int_arg(args, 2) as i32;
        let Some(init) = raw_datum(&args[3]) else { null_argument(4) };
        let (standardize, max_iter) = options(args);
        let (v, _) = float8_array(v, "v", 1);
        // Constant parameters (the usual call) are read on the state's first row
        // only: comparing k x d starting values on every row costs a tenth of a fit.
        let constant = (2..args.len()).all(|i| pg_sys::get_fn_expr_arg_stable((*fcinfo).flinfo, i as i32));
        update_raw(state, fcinfo, FitState::default, |s| {
            if !(constant && s.has_params()) {
                let (init, rows) = float8_array(init, "init", 2);
                if !s.same_given(k, init, rows, standardize, max_iter) {
                    let params = Params::new(k, Init::Given(init.to_vec()), rows, standardize, max_iter).or_report();
                    s.set_params(params).or_report();
                }
            }
            s.add(v).or_report();
        })
    }
}

internal_state_support!(FitState, kmeans_combine, kmeans_serialize, kmeans_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn kmeans_final(state: Internal) -> Option<kmeans_model> {
    // The fit only reads the state; its working memory (a sorted copy of the points,
    // labels) is the per-call memory's, freed when the fit ends.
    // SAFETY: kmeans_fit's state is a FitState.
    unsafe { read_only(state, |s: &FitState| s.fit(&interrupts).or_report().map(kmeans_model)) }.flatten()
}

// ---- readers ---------------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict)]
fn kmeans_assign(model: kmeans_model, v: Array1<f64>) -> i32 {
    let (c, _) = model.0.assign(&v.no_nulls("v")).or_report();
    c as i32 + 1
}

#[pg_extern(immutable, parallel_safe, strict)]
fn kmeans_distance(model: kmeans_model, v: Array1<f64>) -> f64 {
    model.0.assign(&v.no_nulls("v")).or_report().1.finite("kmeans_distance")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn kmeans_inertia(model: kmeans_model) -> f64 {
    model.0.inertia.finite("kmeans_inertia")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn kmeans_sizes(model: kmeans_model) -> Vec<i64> {
    model.0.sizes.iter().map(|&s| int8_count(s, "kmeans_sizes")).collect()
}

finfo_v1!(pg_finfo_kmeans_centroids);

/// kmeans_centroids(kmeans_model) -> float8[]: k x d, two dimensions (pgrx
/// returns one-dimensional arrays only).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn kmeans_centroids(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame of the strict kmeans_centroids(kmeans_model);
    // construct_md_array copies k * d by-value float8 datums into a new array.
    unsafe {
        let args = raw_args(fcinfo);
        let Some(datum) = raw_datum(&args[0]) else { null_argument(1) };
        let model = <KmeansModel as usage_core::codec::Versioned>::from_bytes(varlena_bytes(datum)).or_report();
        let mut elems: Vec<pg_sys::Datum> =
            model.centroids.iter().flatten().map(|&x| pg_sys::Datum::from(x.to_bits() as usize)).collect();
        let mut dims = [model.k as i32, model.d as i32];
        let mut lbs = [1, 1];
        let array = pg_sys::construct_md_array(
            elems.as_mut_ptr(),
            std::ptr::null_mut(),
            2,
            dims.as_mut_ptr(),
            lbs.as_mut_ptr(),
            pg_sys::FLOAT8OID,
            8,
            true,
            b'd' as std::ffi::c_char,
        );
        pg_sys::Datum::from(array)
    }
}

// ---- silhouette --------------------------------------------------------------------

versioned_state!(SilhouetteState);

finfo_v1!(pg_finfo_kmeans_silhouette_trans);

/// kmeans_silhouette_trans(internal, model, v): rows with a NULL model or v are skipped.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn kmeans_silhouette_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame of kmeans_silhouette_trans(internal, kmeans_model,
    // float8[]); the state is a SilhouetteState or NULL.
    unsafe {
        let args = raw_args(fcinfo);
        let state = raw_datum(&args[0]);
        let (Some(model), Some(v)) = (raw_datum(&args[1]), raw_datum(&args[2])) else {
            return raw_result(fcinfo, state);
        };
        let model = varlena_bytes(model);
        let (v, _) = float8_array(v, "v", 1);
        update_raw(state, fcinfo, SilhouetteState::default, |s| s.add(model, v).or_report())
    }
}

internal_state_support!(
    SilhouetteState,
    kmeans_silhouette_combine,
    kmeans_silhouette_serialize,
    kmeans_silhouette_deserialize
);

#[pg_extern(immutable, parallel_safe)]
fn kmeans_silhouette_final(state: Internal) -> Option<f64> {
    // SAFETY: kmeans_silhouette's state is a SilhouetteState.
    unsafe { read_only(state, |s: &SilhouetteState| s.silhouette(&interrupts).or_report()) }
        .flatten()
        .finite("kmeans_silhouette")
}

extension_sql_file!(
    "../sql/kmeans.sql",
    name = "kmeans_sql",
    requires = [
        kmeans_model,
        kmeans_combine,
        kmeans_serialize,
        kmeans_deserialize,
        kmeans_final,
        kmeans_assign,
        kmeans_distance,
        kmeans_inertia,
        kmeans_sizes,
        kmeans_silhouette_combine,
        kmeans_silhouette_serialize,
        kmeans_silhouette_deserialize,
        kmeans_silhouette_final,
    ]
);
