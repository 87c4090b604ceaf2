"""kmeans_fit against scikit-learn's KMeans(algorithm='lloyd', init=<same centroids>,
n_init=1) on the data sets scikit-learn ships (iris, wine, breast_cancer) and on
generated blobs: centroids, inertia, iterations, sizes and labels; standardized fits
against KMeans on StandardScaler's z-scores; kmeans_silhouette against
sklearn.metrics.silhouette_score. Computed live on both sides (tests/reference/run.sh)."""
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_iris, load_wine, make_blobs
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from refcheck import check, close, copy_in, done, sql


def array(v):
    return "{" + ",".join(repr(float(x)) for x in v) + "}"


def init_sql(rows):
    return "ARRAY[" + ",".join("[" + ",".join(repr(float(x)) for x in r) + "]" for r in rows) + "]::float8[]"


def load(name, X):
    sql(f"DROP TABLE IF EXISTS {name}; CREATE TABLE {name} (id int, v float8[])")
    copy_in(name, ([i, array(r)] for i, r in enumerate(X)))


def compare(name, X, k, ids, standardize=False):
    init = X[ids]
    if standardize:
        scaler = StandardScaler().fit(X)
        Z, Zinit = scaler.transform(X), scaler.transform(init)
    else:
        Z, Zinit = X, init
    km = KMeans(n_clusters=k, init=Zinit, n_init=1, algorithm="lloyd").fit(Z)
    centers = scaler.inverse_transform(km.cluster_centers_) if standardize else km.cluster_centers_
    tag = f"{name} k={k} init={ids} standardize={standardize}"
    fit = f"kmeans_fit(v, {k}, {init_sql(init)}, {str(standardize).lower()})"
    (row,) = sql(f"SELECT kmeans_centroids(m), kmeans_inertia(m), m::jsonb->>'iterations', kmeans_sizes(m), "
                 f"m::jsonb->>'converged' FROM (SELECT {fit} AS m FROM {name}) f")
    got = np.array([[float(x) for x in r.split(",")] for r in row[0].strip("{}").split("},{")])
    check(f"{tag}: centroid shape", got.shape == centers.shape, f"{got.shape} vs {centers.shape}")
    worst = np.max(np.abs(got - centers) / np.maximum(np.abs(centers), 1.0))
    check(f"{tag}: centroids to 1e-6", worst <= 1e-6, f"worst relative difference {worst}")
    close(f"{tag}: inertia", row[1], km.inertia_, rel=1e-6)
    check(f"{tag}: iterations", int(row[2]) == km.n_iter_, f"{row[2]} vs {km.n_iter_}")
    sizes = [int(s) for s in row[3].strip("{}").split(",")]
    check(f"{tag}: sizes", sizes == np.bincount(km.labels_, minlength=k).tolist(), f"{sizes}")
    labels = sql(f"WITH f AS (SELECT {fit} AS m FROM {name}) SELECT kmeans_assign(m, v) - 1 FROM {name}, f ORDER BY id")
    check(f"{tag}: labels", [int(r[0]) for r in labels] == km.labels_.tolist())
    (sil,) = sql(f"WITH f AS (SELECT {fit} AS m FROM {name}) SELECT kmeans_silhouette(m, v) FROM {name}, f")
    close(f"{tag}: silhouette", sil[0], silhouette_score(Z, km.labels_), rel=1e-9)
    # Forced-parallel plan: the same model, byte for byte.
    (par,) = sql("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
                 f"SET max_parallel_workers_per_gather = 2; SELECT {fit}::text FROM {name}")
    (ser,) = sql(f"SET max_parallel_workers_per_gather = 0; SELECT {fit}::text FROM {name}")
    check(f"{tag}: parallel = serial", par == ser)
    print(f"  {tag}: inertia {km.inertia_:.10g}, {km.n_iter_} iterations, worst centroid difference {worst:.1e}")


# Starting centroids are chosen so that no point is exactly as near to two of them:
# an exact tie goes to the lower cluster number in kmeans_fit, while scikit-learn's
# distances (||x||^2 - 2 x.c + ||c||^2 on centred data) round it either way (iris
# from rows 1, 7, 30, 60, 120 has five such ties in its first step and ends elsewhere).
for name, loader in [("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
    X = loader().data.astype(np.float64)
    load(name, X)
    compare(name, X, 3, [0, 50, 100])
    compare(name, X, 3, [0, 50, 100], standardize=True)
    compare(name, X, 5, [10, 40, 70, 100, 140])
    compare(name, X, 2, [3, 4], standardize=True)

X, _ = make_blobs(n_samples=20000, n_features=6, centers=8, cluster_std=2.0, random_state=7)
load("blobs", X)
rng = np.random.RandomState(3)
compare("blobs", X, 8, sorted(rng.choice(len(X), 8, replace=False).tolist()))
compare("blobs", X, 12, sorted(rng.choice(len(X), 12, replace=False).tolist()), standardize=True)
done()
