//! Maximum-likelihood optimisation on log-parameters with argmin: BFGS for the
//! models with analytic gradients (BG/NBD, Gamma-Gamma), Nelder-Mead for
//! Pareto/NBD, whose gradient would need derivatives of 2F1 in its parameters
//! (lifetimes makes the same choice).

use std::cell::RefCell;

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::BFGS;

use crate::{Error, Result};

/// Called before every evaluation of the objective; an `Err` aborts the fit
/// (the SQL layer checks for query cancel here).
pub type Interrupt<'a> = &'a dyn Fn() -> Result<()>;

/// A function to minimise over log-parameters. Returns the value and, when
/// `want_gradient`, the gradient; non-finite values mark points outside the domain.
pub trait Objective {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>);

    /// Value, gradient and Hessian (row-major) in one pass, for objectives that
    /// have an analytic Hessian ([`newton`]); None for the others.
    fn evaluate_with_hessian(&self, _phi: &[f64]) -> Option<(f64, Vec<f64>, Vec<f64>)> {
        None
    }
}

/// An objective with an analytic Hessian: value, gradient and row-major Hessian in
/// one pass. It is an [`Objective`] through the impl below.
pub trait WithHessian {
    fn evaluate_all(&self, phi: &[f64]) -> (f64, Vec<f64>, Vec<f64>);
}

impl<T: WithHessian> Objective for T {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>) {
        let (value, grad, _) = self.evaluate_all(phi);
        (value, if want_gradient { grad } else { Vec::new() })
    }

    fn evaluate_with_hessian(&self, phi: &[f64]) -> Option<(f64, Vec<f64>, Vec<f64>)> {
        Some(self.evaluate_all(phi))
    }
}

/// The objective the fits minimise, from a log-likelihood `ll` of `n` customers and
/// its gradient `g` and Hessian `h` (upper triangle used) in the model parameters
/// `theta`: f = -ll / n + penalizer |theta|^2, taken in phi = ln theta, where
/// df/dphi_i = theta_i df/dtheta_i and
/// d2f/dphi_i dphi_j = theta_i theta_j d2f/dtheta_i dtheta_j + [i = j] df/dphi_i.
/// Returns the value, the gradient and the row-major Hessian.
pub fn penalized_in_log_space<const K: usize>(
    ll: f64,
    g: &[f64; K],
    h: &[[f64; K]; K],
    theta: &[f64; K],
    n: f64,
    penalizer: f64,
) -> (f64, Vec<f64>, Vec<f64>) {
    let value = -ll / n + penalizer * theta.iter().map(|t| t * t).sum::<f64>();
    let grad: Vec<f64> = (0..K).map(|i| theta[i] * (-g[i] / n + 2.0 * penalizer * theta[i])).collect();
    let mut hess = vec![0.0; K * K];
    for i in 0..K {
        for j in i..K {
            let ht = -h[i][j] / n + if i == j { 2.0 * penalizer } else { 0.0 };
            let v = theta[i] * theta[j] * ht + if i == j { grad[i] } else { 0.0 };
            hess[i * K + j] = v;
            hess[j * K + i] = v;
        }
    }
    (value, grad, hess)
}

/// Test support: the gradient and Hessian of `objective` at `phi` agree with central
/// finite differences of its value and gradient.
#[cfg(test)]
pub(crate) fn assert_derivatives_match(objective: &impl WithHessian, phi: &[f64]) {
    let k = phi.len();
    let (_, g, h) = objective.evaluate_all(phi);
    let step = 1e-5;
    for i in 0..k {
        let (mut up, mut down) = (phi.to_vec(), phi.to_vec());
        up[i] += step;
        down[i] -= step;
        let (vu, gu, _) = objective.evaluate_all(&up);
        let (vd, gd, _) = objective.evaluate_all(&down);
        let dv = (vu - vd) / (2.0 * step);
        assert!((dv - g[i]).abs() <= 1e-7 * g[i].abs().max(1e-3), "gradient {i}: {dv} vs {}", g[i]);
        for j in 0..k {
            let dg = (gu[j] - gd[j]) / (2.0 * step);
            let hij = h[i * k + j];
            assert!((dg - hij).abs() <= 1e-6 * hij.abs().max(1e-2), "hessian {i},{j}: {dg} vs {hij}");
        }
    }
}

/// Test support: two evaluations are identical bit for bit.
#[cfg(test)]
pub(crate) fn assert_same_bits(one: &(f64, Vec<f64>, Vec<f64>), two: &(f64, Vec<f64>, Vec<f64>)) {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(one.0.to_bits(), two.0.to_bits());
    assert_eq!(bits(&one.1), bits(&two.1));
    assert_eq!(bits(&one.2), bits(&two.2));
}

/// Result of a minimisation.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub phi: Vec<f64>,
    pub value: f64,
    pub iterations: u64,
    pub converged: bool,
}

/// A point, the objective's value there and its gradient.
type Evaluated = (Vec<f64>, f64, Vec<f64>);
/// The objective's value, gradient and Hessian (flattened) at a point.
type Curvature = (f64, Vec<f64>, Vec<f64>);

struct Problem<'a, O: Objective> {
    objective: &'a O,
    interrupt: Interrupt<'a>,
    /// The interrupt's error, kept so it reaches the caller intact.
    aborted: RefCell<Option<Error>>,
    /// Last point with value and gradient: argmin asks for cost and gradient at the
    /// same point separately, both come from one pass over the data.
    cache: RefCell<Option<Evaluated>>,
    /// Best point evaluated so far: the answer when a solver stops on a numerical
    /// failure after it has found the optimum.
    best: RefCell<Option<(Vec<f64>, f64)>>,
    /// Gradient evaluations: one per BFGS iteration plus the start.
    gradients: std::cell::Cell<u64>,
}

impl<'a, O: Objective> Problem<'a, O> {
    fn new(objective: &'a O, interrupt: Interrupt<'a>) -> Self {
        Problem {
            objective,
            interrupt,
            aborted: RefCell::new(None),
            cache: RefCell::new(None),
            best: RefCell::new(None),
            gradients: std::cell::Cell::new(0),
        }
    }
}

/// Objective value used for points where the likelihood is not finite; the
/// objectives are per-customer means of order 1 to 100.
const OUTSIDE: f64 = 1e10;
const PHI_BOX: f64 = 25.0;
const WALL: f64 = 1e3;

type ArgminResult<T> = std::result::Result<T, argmin::core::Error>;

impl<O: Objective> Problem<'_, O> {
    fn eval(&self, phi: &[f64], want_gradient: bool) -> ArgminResult<(f64, Vec<f64>)> {
        if let Some((p, v, g)) = self.cache.borrow().as_ref() {
            if p.as_slice() == phi && (!want_gradient || !g.is_empty()) {
                return Ok((*v, g.clone()));
            }
        }
        if phi.iter().any(|p| p.is_nan()) {
            // A degenerate quasi-Newton update (flat curvature at the optimum).
            return Err(argmin::core::Error::msg("the search direction became NaN"));
        }
        if let Err(e) = (self.interrupt)() {
            *self.aborted.borrow_mut() = Some(e);
            return Err(argmin::core::Error::msg("interrupted"));
        }
        // Log-parameters beyond +-PHI_BOX (parameters below 1e-11 or above 7e10)
        // overflow the likelihood terms; there the objective continues as the value
        // at the box edge plus a steep quadratic, finite and smooth enough for line
        // searches. A fit that ends at the edge has a non-zero gradient and is
        // reported as not converged.
        let clamped: Vec<f64> = phi.iter().map(|p| p.clamp(-PHI_BOX, PHI_BOX)).collect();
        let (v, mut g) = self.objective.evaluate(&clamped, want_gradient);
        let mut v = if v.is_finite() { v } else { OUTSIDE };
        if !g.iter().all(|x| x.is_finite()) {
            g = vec![0.0; phi.len()];
        }
        for (i, (p, c)) in phi.iter().zip(&clamped).enumerate() {
            if p != c {
                v += WALL * (p - c) * (p - c);
                if want_gradient {
                    g[i] = 2.0 * WALL * (p - c);
                }
            }
        }
        if v < OUTSIDE && self.best.borrow().as_ref().is_none_or(|(_, b)| v < *b) {
            *self.best.borrow_mut() = Some((phi.to_vec(), v));
        }
        *self.cache.borrow_mut() = Some((phi.to_vec(), v, g.clone()));
        Ok((v, g))
    }
}

impl<O: Objective> CostFunction for &Problem<'_, O> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, phi: &Vec<f64>) -> ArgminResult<f64> {
        Ok(self.eval(phi, false)?.0)
    }
}

impl<O: Objective> Gradient for &Problem<'_, O> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, phi: &Vec<f64>) -> ArgminResult<Vec<f64>> {
        Ok(self.eval(phi, true)?.1)
    }
}

/// The error of a fit that the optimiser gave up on without any point of finite
/// likelihood (the interrupt's own error if it aborted the fit). The optimiser
/// library's message names its internals (line searches, solvers), not the input,
/// so it is not shown.
fn failed(problem: &Problem<'_, impl Objective>, _e: argmin::core::Error) -> Error {
    problem.aborted.borrow_mut().take().unwrap_or_else(|| {
        Error::new(
            crate::ErrorKind::NumericOutOfRange,
            "the fit failed: the likelihood is not finite at any point the optimiser tried",
            "Check the input for extreme values (huge times or weights); measuring times in a larger unit (e.g. weeks instead of hours) or adding a penalizer helps the fit.",
        )
    })
}

const MAX_ITERS: u64 = 2000;

/// The Euclidean norm of a gradient.
fn norm(v: &[f64]) -> f64 {
    v.iter().map(|g| g * g).sum::<f64>().sqrt()
}

/// BFGS with a More-Thuente line search from `phi0`, stopping when the gradient
/// norm is below `grad_tol`. Converged means the gradient norm at the answer is
/// below `accept_grad` (the objective is a per-customer mean, so tolerances do
/// not depend on the number of customers).
pub fn bfgs(
    objective: &impl Objective,
    phi0: Vec<f64>,
    grad_tol: f64,
    accept_grad: f64,
    interrupt: Interrupt<'_>,
) -> Result<Outcome> {
    let n = phi0.len();
    let problem = Problem::new(objective, interrupt);
    // Initial inverse Hessian: the identity scaled so that the first step moves the
    // log-parameters by at most 1 (a unit step along a steep gradient would leave
    // the region where the likelihood is finite and stall the line search).
    let g0 = problem.eval(&phi0, true).map_err(|e| failed(&problem, e))?.1;
    let scale = 1.0 / norm(&g0).max(1.0);
    let identity: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if i == j { scale } else { 0.0 }).collect()).collect();
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(grad_tol)
        .and_then(|s| s.with_tolerance_cost(0.0))
        .map_err(|e| failed(&problem, e))?;
    let result = Executor::new(&problem, solver)
        .configure(|state| state.param(phi0).inv_hessian(identity).max_iters(MAX_ITERS))
        .ctrlc(false)
        .timer(false)
        .run();
    let (phi, iterations) = match result {
        Ok(res) => {
            let state = res.state();
            (state.get_best_param().cloned().unwrap_or_default(), state.get_iter())
        }
        Err(e) => {
            if let Some(abort) = problem.aborted.borrow_mut().take() {
                return Err(abort);
            }
            // A line search or update that broke down near the optimum: keep the
            // best point seen; the gradient test below decides whether it converged.
            match problem.best.borrow().clone() {
                Some((phi, _)) => (phi, problem.gradients.get().saturating_sub(1)),
                None => return Err(failed(&problem, e)),
            }
        }
    };
    let best = problem.best.borrow().clone();
    let phi = match best {
        Some((b, bv))
            if phi.len() != b.len() || problem.eval(&phi, false).map(|r| r.0).unwrap_or(f64::INFINITY) > bv =>
        {
            b
        }
        _ => phi,
    };
    let (value, grad) = problem.eval(&phi, true).map_err(|e| failed(&problem, e))?;
    let gnorm = norm(&grad);
    let converged = value < OUTSIDE && gnorm <= accept_grad;
    Ok(Outcome { phi, value, iterations, converged })
}

/// Most Newton iterations before handing over to BFGS.
const NEWTON_ITERS: u64 = 100;

/// Cholesky solve of `h d = -g` for a symmetric positive definite `h` (row-major
/// n x n); None when `h` is not positive definite.
fn newton_direction(h: &[f64], g: &[f64]) -> Option<Vec<f64>> {
    let n = g.len();
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = h[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if !(sum > 0.0) || !sum.is_finite() {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    // L y = -g, then L^T d = y.
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = -g[i];
        for k in 0..i {
            sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
    }
    let mut d = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k * n + i] * d[k];
        }
        d[i] = sum / l[i * n + i];
    }
    d.iter().all(|v| v.is_finite()).then_some(d)
}

/// Damped Newton on log-parameters with the objective's analytic Hessian, stopping
/// when the gradient norm is below `grad_tol`; falls back to [`bfgs`] from the best
/// point if it stalls. Each iteration costs one evaluation (value, gradient and
/// Hessian in one pass) unless the step has to be shortened: near the optimum the
/// convergence is quadratic, so a fit takes about a third of BFGS's evaluations.
/// Where the Hessian is not positive definite (far from the optimum) the step is
/// regularised towards the gradient (Levenberg-Marquardt) and shortened until the
/// objective decreases. The answer is the same optimum as BFGS's to the tolerance.
pub fn newton(
    objective: &impl Objective,
    phi0: Vec<f64>,
    grad_tol: f64,
    accept_grad: f64,
    interrupt: Interrupt<'_>,
) -> Result<Outcome> {
    let n = phi0.len();
    let full = |phi: &[f64]| -> Result<Option<Curvature>> {
        interrupt()?;
        if phi.iter().any(|p| !(p.abs() <= PHI_BOX)) {
            return Ok(None);
        }
        Ok(objective
            .evaluate_with_hessian(phi)
            .filter(|(v, g, h)| v.is_finite() && v.abs() < OUTSIDE && g.iter().chain(h).all(|x| x.is_finite())))
    };
    let Some(mut current) = full(&phi0)? else {
        return bfgs(objective, phi0, grad_tol, accept_grad, interrupt);
    };
    let mut phi = phi0;
    let mut iterations = 0;
    let stalled = loop {
        let (value, grad, hess) = &current;
        let gnorm = norm(grad);
        if gnorm <= grad_tol {
            break false;
        }
        if iterations >= NEWTON_ITERS {
            break true;
        }
        iterations += 1;
        // Newton direction, or Levenberg-Marquardt with growing damping.
        let scale = (0..n).map(|i| hess[i * n + i].abs()).fold(0.0, f64::max).max(gnorm).max(1e-12);
        let mut damping = 0.0;
        let mut direction = None;
        for _ in 0..40 {
            let mut h = hess.clone();
            for i in 0..n {
                h[i * n + i] += damping;
            }
            if let Some(d) = newton_direction(&h, grad) {
                direction = Some(d);
                break;
            }
            damping = if damping == 0.0 { 1e-8 * scale } else { damping * 10.0 };
        }
        let Some(mut d) = direction else { break true };
        // At most 1 in any log-parameter per step (a factor e in the parameter).
        let longest = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if longest > 1.0 {
            d.iter_mut().for_each(|v| *v /= longest);
        }
        let slope: f64 = d.iter().zip(grad.iter()).map(|(d, g)| d * g).sum();
        if !(slope < 0.0) {
            break true;
        }
        // Backtracking (Armijo); the slack of a few ulps of the value lets the
        // last, tiny steps through when rounding hides their decrease.
        let slack = 8.0 * f64::EPSILON * value.abs().max(1.0);
        let mut t = 1.0;
        let mut accepted = None;
        while t >= 1e-10 {
            let trial: Vec<f64> = phi.iter().zip(&d).map(|(p, d)| p + t * d).collect();
            if let Some(next) = full(&trial)? {
                // Near the optimum the decrease can be below the rounding noise of
                // the value (a sum over all rows); a full Newton step that halves the
                // gradient without a measurable increase is progress too.
                let sharper =
                    t == 1.0 && norm(&next.1) <= 0.5 * gnorm && next.0 <= value + 1e-10 * value.abs().max(1.0);
                if next.0 <= value + 1e-4 * t * slope + slack || sharper {
                    accepted = Some((trial, next));
                    break;
                }
            }
            t *= 0.5;
        }
        let Some((trial, next)) = accepted else { break true };
        phi = trial;
        current = next;
    };
    if stalled {
        let mut out = bfgs(objective, phi, grad_tol, accept_grad, interrupt)?;
        out.iterations += iterations;
        return Ok(out);
    }
    let gnorm = norm(&current.1);
    Ok(Outcome { phi, value: current.0, iterations, converged: gnorm <= accept_grad })
}

/// Distinct rows of the subsample that gives a large fit its starting point.
pub const START_ROWS: usize = 16_384;

/// Starting point of a Newton fit on `rows` distinct rows: `default` (lifetimes'
/// starting point) for small fits; for large ones (at least 4 * [`START_ROWS`]
/// rows) the optimum of the same objective on every k-th row, k = rows /
/// START_ROWS, built by `subsample(k)`. The full fit then only refines it: the same
/// optimum (to the gradient tolerance) in fewer passes over all rows. Falls back to
/// `default` when the subsample fit does not converge.
pub fn warm_start<O: Objective>(
    rows: usize,
    default: Vec<f64>,
    subsample: impl FnOnce(usize) -> O,
    interrupt: Interrupt<'_>,
) -> Result<Vec<f64>> {
    let k = rows / START_ROWS;
    if k < 4 {
        return Ok(default);
    }
    let objective = subsample(k);
    let out = newton(&objective, default.clone(), 1e-6, 1e-6, interrupt)?;
    Ok(if out.converged && out.phi.iter().all(|p| p.abs() < PHI_BOX) { out.phi } else { default })
}

/// Nelder-Mead from `phi0` with an initial simplex of `step` along each axis,
/// restarted from the best vertex with a smaller simplex until a restart no
/// longer improves (guards against the simplex collapsing early).
pub fn nelder_mead(
    objective: &impl Objective,
    phi0: Vec<f64>,
    sd_tol: f64,
    interrupt: Interrupt<'_>,
) -> Result<Outcome> {
    let problem = Problem::new(objective, interrupt);
    let mut best = phi0;
    let mut best_value = problem.eval(&best, false).map_err(|e| failed(&problem, e))?.0;
    let mut iterations = 0;
    let mut converged = false;
    for (round, step) in [0.5, 0.05, 0.01, 0.01].into_iter().enumerate() {
        let mut simplex = vec![best.clone()];
        for i in 0..best.len() {
            let mut v = best.clone();
            v[i] += step;
            simplex.push(v);
        }
        let solver = NelderMead::new(simplex).with_sd_tolerance(sd_tol).map_err(|e| failed(&problem, e))?;
        let run = Executor::new(&problem, solver)
            .configure(|state| state.max_iters(MAX_ITERS))
            .ctrlc(false)
            .timer(false)
            .run();
        let (phi, solver_converged) = match run {
            Ok(res) => {
                let state = res.state();
                iterations += state.get_iter();
                let done = matches!(state.get_termination_reason(), Some(TerminationReason::SolverConverged));
                (state.get_best_param().cloned().unwrap_or_else(|| best.clone()), done)
            }
            Err(e) => {
                if let Some(abort) = problem.aborted.borrow_mut().take() {
                    return Err(abort);
                }
                // A breakdown (e.g. a NaN vertex): the best point seen, not converged.
                match problem.best.borrow().clone() {
                    Some((phi, _)) => (phi, false),
                    None => return Err(failed(&problem, e)),
                }
            }
        };
        let value = problem.eval(&phi, false).map_err(|e| failed(&problem, e))?.0;
        let improvement = best_value - value;
        if value <= best_value {
            best = phi;
            best_value = value;
        }
        if round > 0 && solver_converged && improvement.abs() <= sd_tol * 10.0 {
            converged = true;
            break;
        }
    }
    converged &= best_value.is_finite() && best_value < OUTSIDE;
    Ok(Outcome { phi: best, value: best_value, iterations, converged })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock in two variables with its gradient.
    struct Rosen;
    impl Objective for Rosen {
        fn evaluate(&self, p: &[f64], _g: bool) -> (f64, Vec<f64>) {
            let (x, y) = (p[0], p[1]);
            let v = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
            (v, vec![-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])
        }
        fn evaluate_with_hessian(&self, p: &[f64]) -> Option<(f64, Vec<f64>, Vec<f64>)> {
            let (x, y) = (p[0], p[1]);
            let (v, g) = self.evaluate(p, true);
            let hxy = -400.0 * x;
            Some((v, g, vec![2.0 - 400.0 * (y - x * x) + 800.0 * x * x, hxy, hxy, 200.0]))
        }
    }

    #[test]
    fn newton_finds_rosenbrock_minimum_and_solves_spd_systems() {
        let ok = || Ok(());
        let b = newton(&Rosen, vec![-1.2, 1.0], 1e-10, 1e-6, &ok).unwrap();
        assert!(b.converged, "{b:?}");
        assert!((b.phi[0] - 1.0).abs() < 1e-8 && (b.phi[1] - 1.0).abs() < 1e-8, "{b:?}");
        assert!(b.iterations < 100, "{b:?}");
        // [[4, 2], [2, 3]] d = -[2, 1]  =>  d = [-0.5, 0]
        let d = newton_direction(&[4.0, 2.0, 2.0, 3.0], &[2.0, 1.0]).unwrap();
        assert!((d[0] + 0.5).abs() < 1e-15 && d[1].abs() < 1e-15, "{d:?}");
        assert!(newton_direction(&[1.0, 2.0, 2.0, 1.0], &[1.0, 1.0]).is_none());
    }

    #[test]
    fn optimisers_find_rosenbrock_minimum() {
        let ok = || Ok(());
        let b = bfgs(&Rosen, vec![-1.2, 1.0], 1e-10, 1e-6, &ok).unwrap();
        assert!(b.converged, "{b:?}");
        assert!((b.phi[0] - 1.0).abs() < 1e-6 && (b.phi[1] - 1.0).abs() < 1e-6, "{b:?}");
        let n = nelder_mead(&Rosen, vec![-1.2, 1.0], 1e-14, &ok).unwrap();
        assert!(n.converged, "{n:?}");
        assert!((n.phi[0] - 1.0).abs() < 1e-4 && (n.phi[1] - 1.0).abs() < 1e-4, "{n:?}");
    }

    #[test]
    fn interrupt_aborts_with_its_own_error() {
        let calls = std::cell::Cell::new(0);
        let stop = || {
            calls.set(calls.get() + 1);
            if calls.get() > 5 {
                Err(Error::invalid_parameter("canceled", "test"))
            } else {
                Ok(())
            }
        };
        let e = bfgs(&Rosen, vec![-1.2, 1.0], 1e-10, 1e-6, &stop).unwrap_err();
        assert_eq!(e.message, "canceled");
        calls.set(0);
        let e = nelder_mead(&Rosen, vec![-1.2, 1.0], 1e-14, &stop).unwrap_err();
        assert_eq!(e.message, "canceled");
    }
}
