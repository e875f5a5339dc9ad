#include "topae/analysis/bump_hunter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>

#include <Eigen/Cholesky>

#include "topae/analysis/thresholds.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::analysis {
namespace {

constexpr const char* kWhere = "bump hunt";
// Below this p (t = -ln p above ~575) the tails are taken from their asymptotic forms.
constexpr double kSmallestDirectP = 1e-250;
constexpr int kMaxFitDegree = 8;
constexpr int kMaxNewtonSteps = 100;

// ln P(N = D | B), continued to real D by the gamma function.
double log_poisson_pmf(double observed, double expected) {
  return observed * std::log(expected) - expected - boost::math::lgamma(observed + 1);
}

// Draws Poisson(mean) by inverting its CDF at u in (0, 1): the smallest k with CDF(k) >= u.
double poisson_draw(double mean, double u) {
  if (!(mean > 0)) return 0;
  using RoundUp = boost::math::policies::policy<
      boost::math::policies::discrete_quantile<boost::math::policies::integer_round_up>>;
  return boost::math::quantile(boost::math::poisson_distribution<double, RoundUp>(mean), u);
}

// exp(X c) per bin. A scalar loop: GCC 12 warns falsely inside Eigen's vectorised exp.
std::vector<double> exp_of(const Eigen::MatrixXd& basis, const Eigen::VectorXd& c) {
  const Eigen::VectorXd eta = basis * c;
  std::vector<double> b(static_cast<std::size_t>(eta.size()));
  for (Index i = 0; i < eta.size(); ++i) b[static_cast<std::size_t>(i)] = std::exp(eta(i));
  return b;
}

std::vector<double> scaled(std::vector<double> v, double factor) {
  for (double& x : v) x *= factor;
  return v;
}

std::vector<double> prefix_sums(const std::vector<double>& v) {
  std::vector<double> s(v.size() + 1, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) s[i + 1] = s[i] + v[i];
  return s;
}

}  // namespace

// --- spec -----------------------------------------------------------------------------------

std::string_view to_string(Background background) {
  return background == Background::reference ? "reference" : "sideband_fit";
}

Background background_from_string(std::string_view name) {
  if (name == "reference") return Background::reference;
  if (name == "sideband_fit") return Background::sideband_fit;
  throw InputError(fmt::format("{}: unknown background '{}' (reference or sideband_fit)", kWhere, name));
}

std::string_view to_string(FitFunction f) { return f == FitFunction::dijet ? "dijet" : "exp_poly"; }

FitFunction fit_function_from_string(std::string_view name) {
  if (name == "exp_poly") return FitFunction::exp_polynomial;
  if (name == "dijet") return FitFunction::dijet;
  throw InputError(fmt::format("{}: unknown --fit-function '{}' (exp_poly or dijet)", kWhere, name));
}

int BumpHunterSpec::max_width_for(int bins) const { return max_width > 0 ? max_width : std::max(min_width, bins / 2); }

void BumpHunterSpec::validate(int bins) const {
  if (bins < 2) throw InputError(fmt::format("{}: --bins must be at least 2 (a window needs side-bands), got {}", kWhere, bins));
  if (bins > kMaxBins) throw InputError(fmt::format("{}: --bins must be at most {}, got {}", kWhere, kMaxBins, bins));
  if (min_width < 1 || min_width > bins - 1) {
    throw InputError(fmt::format("{}: --min-width {} must lie in 1..{} (bins - 1: a window needs side-bands)", kWhere,
                                 min_width, bins - 1));
  }
  const int widest = max_width_for(bins);
  if (max_width < 0 || widest < min_width || widest > bins - 1) {
    throw InputError(fmt::format("{}: --max-width {} must be 0 (half the bins) or lie in {}..{} (--min-width..bins - 1)",
                                 kWhere, max_width, min_width, bins - 1));
  }
  if (pseudo_experiments < 1 || pseudo_experiments > kMaxPseudoExperiments) {
    throw InputError(fmt::format("{}: --pseudo must lie in 1..{}, got {}", kWhere, kMaxPseudoExperiments,
                                 pseudo_experiments));
  }
  if (fit_degree < 0 || fit_degree > kMaxFitDegree) {
    throw InputError(fmt::format("{}: --fit-degree must lie in 0..{}, got {}", kWhere, kMaxFitDegree, fit_degree));
  }
  if (!(sqrt_s >= 0) || !std::isfinite(sqrt_s))
    throw InputError(fmt::format("{}: --sqrt-s must be >= 0, got {}", kWhere, sqrt_s));
  if (background == Background::sideband_fit && bins < min_width + fit_parameters() + 1) {
    throw InputError(fmt::format("{}: --bins {} is too few for a side-band fit with {} parameters and --min-width {} "
                                 "(at least {})",
                                 kWhere, bins, fit_parameters(), min_width, min_width + fit_parameters() + 1));
  }
}

nlohmann::json BumpHunterSpec::to_json() const {
  return {{"min_width", min_width},
          {"max_width", max_width},
          {"deficits", deficits},
          {"pseudo_experiments", pseudo_experiments},
          {"seed", seed},
          {"background", std::string(to_string(background))},
          {"fit_degree", fit_degree},
          {"reference_error", reference_error},
          {"fit_function", std::string(to_string(fit_function))},
          {"sqrt_s", sqrt_s}};
}

BumpHunterSpec BumpHunterSpec::from_json(const nlohmann::json& j) {
  BumpHunterSpec s;
  try {
    s.min_width = j.value("min_width", s.min_width);
    s.max_width = j.value("max_width", s.max_width);
    s.deficits = j.value("deficits", s.deficits);
    s.pseudo_experiments = j.value("pseudo_experiments", s.pseudo_experiments);
    s.seed = j.value("seed", s.seed);
    s.fit_degree = j.value("fit_degree", s.fit_degree);
    s.reference_error = j.value("reference_error", s.reference_error);
    s.sqrt_s = j.value("sqrt_s", s.sqrt_s);
    if (j.contains("fit_function")) s.fit_function = fit_function_from_string(j.at("fit_function").get<std::string>());
    if (j.contains("background")) s.background = background_from_string(j.at("background").get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: bad spec JSON: {}", kWhere, e.what()));
  }
  return s;
}

std::string BumpHunterSpec::description() const {
  const std::string widths = max_width > 0 ? fmt::format("{} to {} bins", min_width, max_width)
                                           : fmt::format("{} bins to half the histogram", min_width);
  const std::string background_text =
      background == Background::reference
          ? std::string(reference_error ? "background from a reference normalised to the side-bands, with its "
                                          "Poisson error"
                                        : "background from a reference normalised to the side-bands")
          : fit_function == FitFunction::dijet
                ? std::string("background from a Poisson fit of the dijet function to the side-bands")
                : fmt::format("background from a Poisson fit of exp(polynomial of degree {}) to the side-bands",
                              fit_degree);
  return fmt::format("BumpHunter: {} in windows of {}; {}; {} pseudo-experiments, seed {}",
                     deficits ? "excesses and deficits" : "excesses", widths, background_text, pseudo_experiments,
                     seed);
}

// --- p-values and significances --------------------------------------------------------------

double window_minus_log_p(double observed, double expected, bool deficits) {
  if (observed > expected) {
    const double p = boost::math::gamma_p(observed, expected);
    if (p > kSmallestDirectP) return -std::log(p);
    // P(N >= D) = pmf(D) (1 + B/(D+1) + B^2/((D+1)(D+2)) + ...) <= pmf(D) / (1 - B/(D+1)).
    return -log_poisson_pmf(observed, expected) + std::log1p(-expected / (observed + 1));
  }
  if (deficits && observed < expected) {
    const double p = boost::math::gamma_q(observed + 1, expected);
    if (p > kSmallestDirectP) return -std::log(p);
    // P(N <= D) = pmf(D) (1 + D/B + D(D-1)/B^2 + ...) <= pmf(D) / (1 - D/B).
    return -log_poisson_pmf(observed, expected) + std::log1p(-observed / expected);
  }
  return 0;
}

double window_minus_log_p_with_reference(double observed, double r_in, double tau, bool deficits) {
  const double rho = 1 / (1 + tau), expected = r_in / tau;
  double p = 1;
  if (observed > expected && observed > 0) p = boost::math::ibeta(observed, r_in + 1, rho);
  else if (deficits && observed < expected && r_in > 0) p = boost::math::ibeta(r_in, observed + 1, 1 - rho);
  if (!(p < 1)) return 0;
  return -std::log(std::max(p, std::numeric_limits<double>::min()));
}

double significance(double p) {
  if (!(p < 0.5)) return 0;
  if (p <= 0) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::complement(boost::math::normal_distribution<double>(), p));
}

double significance_from_minus_log_p(double minus_log_p) {
  if (minus_log_p < -std::log(kSmallestDirectP)) return significance(std::exp(-minus_log_p));
  // ln Q(z) = -z^2/2 - ln(z sqrt(2 pi)) + O(1/z^2): solve by fixed-point iteration from sqrt(2t).
  double z = std::sqrt(2 * minus_log_p);
  for (int i = 0; i < 8; ++i) z = std::sqrt(2 * minus_log_p - std::log(2 * M_PI) - 2 * std::log(z));
  return z;
}

// --- results ---------------------------------------------------------------------------------

nlohmann::json BumpWindow::to_json() const {
  return {{"first_bin", first},        {"last_bin", last},       {"low", low},
          {"high", high},              {"observed", observed},   {"expected", expected},
          {"deficit", deficit},        {"minus_log_p", minus_log_p}, {"local_p", local_p},
          {"local_significance", local_z}};
}

nlohmann::json FitQuality::to_json() const {
  return {{"chi2", chi2}, {"ndf", ndf}, {"chi2_per_ndf", ndf > 0 ? chi2 / ndf : 0.0}, {"p", p}, {"bad", bad}};
}

nlohmann::json BumpHuntResult::to_json() const {
  nlohmann::json j = {{"spec", spec.to_json()},
                      {"description", spec.description()},
                      {"windows", windows},
                      {"windows_tested", windows_tested},
                      {"window", window ? window->to_json() : nlohmann::json(nullptr)},
                      {"t", t},
                      {"expected", expected},
                      {"expected_error", expected_error},
                      {"null_expected", null_expected},
                      {"pseudo_experiments", static_cast<Index>(pseudo_t.size())},
                      {"pseudo_at_least", pseudo_at_least},
                      {"global_p", global_p},
                      {"global_p_is_bound", global_p_is_bound},
                      {"global_significance", global_z}};
  j["fit_quality"] = fit_quality ? fit_quality->to_json() : nlohmann::json(nullptr);
  if (!pseudo_t.empty()) {
    const Eigen::Map<const Eigen::VectorXd> t_values(pseudo_t.data(), static_cast<Index>(pseudo_t.size()));
    j["pseudo_t_quantiles"] = error_quantiles(t_values).to_json();
  }
  return j;
}

// --- the hunt --------------------------------------------------------------------------------

BumpHunter::BumpHunter(const BumpHunterSpec& spec, const Histogram& data, const Histogram& reference)
    : spec_(spec),
      binning_(data),
      data_(data.contents()),
      reference_(reference.contents()),
      reference_prefix_(prefix_sums(reference_)) {
  if (spec.background != Background::reference) {
    throw InputError(fmt::format("{}: a reference histogram was given but the spec asks for a side-band fit", kWhere));
  }
  spec_.validate(data.bins());
  check_same_binning(kWhere, "the data", data, "the reference", reference);
  check_counts(kWhere, "the data", data);
  check_counts(kWhere, "the reference", reference);
  if (!(data.in_range() > 0)) throw InputError(fmt::format("{}: the data histogram is empty in range", kWhere));
  if (!(reference.in_range() > 0)) throw InputError(fmt::format("{}: the reference histogram is empty in range", kWhere));
  spec_.max_width = spec_.max_width_for(data.bins());
}

BumpHunter::BumpHunter(const BumpHunterSpec& spec, const Histogram& data)
    : spec_(spec), binning_(data), data_(data.contents()) {
  if (spec.background != Background::sideband_fit) {
    throw InputError(fmt::format("{}: the spec asks for a reference histogram but none was given", kWhere));
  }
  spec_.validate(data.bins());
  check_counts(kWhere, "the data", data);
  if (!(data.in_range() > 0)) throw InputError(fmt::format("{}: the data histogram is empty in range", kWhere));
  spec_.max_width = spec_.max_width_for(data.bins());
  const int bins = data.bins();
  basis_.resize(bins, spec_.fit_parameters());
  if (spec_.fit_function == FitFunction::dijet) {
    const double sqrt_s = spec_.sqrt_s > 0 ? spec_.sqrt_s : binning_.hi();
    if (binning_.lo() < 0 || sqrt_s < binning_.hi()) {
      throw InputError(fmt::format("{}: the dijet function needs a histogram over [lo, hi] with lo >= 0 and --sqrt-s "
                                   ">= hi, got [{}, {}] and {}",
                                   kWhere, binning_.lo(), binning_.hi(), sqrt_s));
    }
    for (int i = 0; i < bins; ++i) {
      const double x = binning_.centre(i) / sqrt_s, ln_x = std::log(x);
      basis_.row(i) << 1, std::log1p(-x), -ln_x, -ln_x * ln_x;
    }
    return;
  }
  for (int i = 0; i < bins; ++i) {
    const double u = 2 * (binning_.centre(i) - binning_.lo()) / (binning_.hi() - binning_.lo()) - 1;
    for (int k = 0; k <= spec_.fit_degree; ++k) basis_(i, k) = std::pow(u, k);
  }
}

bool BumpHunter::interior(int first, int last) const {
  // The fit interpolates, never extrapolates: a window needs side-bands on both sides.
  return first > 0 && last + 1 < binning_.bins();
}

void BumpHunter::check_window(int first, int last) const {
  if (first < 0 || last < first || last >= binning_.bins()) {
    throw InputError(
        fmt::format("{}: window [{}, {}] must satisfy 0 <= first <= last < {}", kWhere, first, last, binning_.bins()));
  }
}

Eigen::VectorXd BumpHunter::full_fit(const std::vector<double>& counts) const {
  // From a flat spectrum of the right size.
  Eigen::VectorXd start = Eigen::VectorXd::Zero(basis_.cols());
  double sum = 0;
  for (double d : counts) sum += d;
  start(0) = std::log(std::max(sum, 1.0) / static_cast<double>(counts.size()));
  return fit(counts, 0, -1, start).value_or(start);
}

std::optional<Eigen::VectorXd> BumpHunter::fit(const std::vector<double>& counts, int first, int last,
                                               Eigen::VectorXd c) const {
  const int bins = static_cast<int>(counts.size());
  const Index n_par = basis_.cols();
  const auto outside = [&](int i) { return i < first || i > last; };
  int n_side = 0;
  double side_sum = 0;
  for (int i = 0; i < bins; ++i) {
    if (outside(i)) {
      ++n_side;
      side_sum += counts[static_cast<std::size_t>(i)];
    }
  }
  // At least one degree of freedom beyond the parameters, and something to fit.
  if (n_side < n_par + 1 || !(side_sum > 0)) return std::nullopt;

  // Poisson log-likelihood sum_i (d_i eta_i - exp(eta_i)), eta = X c, over the side-bands.
  const auto log_likelihood = [&](const Eigen::VectorXd& coeffs) {
    double l = 0;
    for (int i = 0; i < bins; ++i) {
      if (!outside(i)) continue;
      const double eta = basis_.row(i).dot(coeffs);
      const double d = counts[static_cast<std::size_t>(i)];
      l += (d > 0 ? d * eta : 0.0) - std::exp(eta);
    }
    return l;
  };
  double l = log_likelihood(c);
  Eigen::VectorXd gradient(n_par);
  Eigen::MatrixXd hessian(n_par, n_par);  // minus the Hessian: X^T diag(b) X
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    gradient.setZero();
    hessian.setZero();
    for (int i = 0; i < bins; ++i) {
      if (!outside(i)) continue;
      const double b = std::exp(basis_.row(i).dot(c));
      gradient += (counts[static_cast<std::size_t>(i)] - b) * basis_.row(i).transpose();
      hessian.selfadjointView<Eigen::Lower>().rankUpdate(basis_.row(i).transpose(), b);
    }
    const Eigen::VectorXd delta = hessian.selfadjointView<Eigen::Lower>().ldlt().solve(gradient);
    if (!delta.allFinite()) return std::nullopt;
    // The Newton decrement: half of it is the log-likelihood still to gain.
    if (gradient.dot(delta) < 1e-10) return c;
    // Step halving keeps every step uphill (the log-likelihood is concave in c).
    double scale = 1;
    for (;;) {
      const Eigen::VectorXd next = c + scale * delta;
      const double l_next = log_likelihood(next);
      if (l_next >= l) {
        c = next;
        l = l_next;
        break;
      }
      scale *= 0.5;
      if (scale < 1e-12) return c;  // no uphill step left: at the maximum up to rounding
    }
  }
  return c;
}

std::optional<BumpHunter::Expected> BumpHunter::window_background(const std::vector<double>& counts,
                                                                  const std::vector<double>& prefix,
                                                                  const std::vector<double>& reference_prefix,
                                                                  int first, int last,
                                                                  const Eigen::VectorXd& start) const {
  const std::size_t f = static_cast<std::size_t>(first), l = static_cast<std::size_t>(last) + 1;
  if (spec_.background == Background::reference) {
    const double r_in = reference_prefix[l] - reference_prefix[f];
    const double r_out = reference_prefix.back() - r_in;
    const double d_out = prefix.back() - (prefix[l] - prefix[f]);
    if (!(d_out > 0) || !(r_out > 0)) return std::nullopt;
    const double b = r_in * d_out / r_out;
    return b > 0 ? std::optional<Expected>(Expected{b, r_in, r_out / d_out}) : std::nullopt;
  }
  if (!interior(first, last)) return std::nullopt;
  const auto c = fit(counts, first, last, start);
  if (!c) return std::nullopt;
  const std::vector<double> in_window = exp_of(basis_.middleRows(first, last - first + 1), *c);
  const double b = std::accumulate(in_window.begin(), in_window.end(), 0.0);
  return b > 0 && std::isfinite(b) ? std::optional<Expected>(Expected{b}) : std::nullopt;
}

double BumpHunter::minus_log_p(double observed, const Expected& e) const {
  if (spec_.reference_error && spec_.background == Background::reference)
    return window_minus_log_p_with_reference(observed, e.r_in, e.tau, spec_.deficits);
  return window_minus_log_p(observed, e.b, spec_.deficits);
}

BumpHunter::Scan BumpHunter::scan(const std::vector<double>& counts, const std::vector<double>& reference_prefix) const {
  const std::vector<double> prefix = prefix_sums(counts);
  Eigen::VectorXd start;
  if (spec_.background == Background::sideband_fit) {
    // The fit to every bin is the warm start of every window's fit.
    start = full_fit(counts);
  }
  const int bins = static_cast<int>(counts.size());
  Scan best;
  for (int w = spec_.min_width; w <= spec_.max_width; ++w) {
    for (int first = 0; first + w <= bins; ++first) {
      const int last = first + w - 1;
      const auto b = window_background(counts, prefix, reference_prefix, first, last, start);
      if (!b) continue;
      ++best.tested;
      const double d = prefix[static_cast<std::size_t>(last) + 1] - prefix[static_cast<std::size_t>(first)];
      const double t = minus_log_p(d, *b);
      if (t > best.t) {
        best.t = t;
        best.first = first;
        best.last = last;
      }
    }
  }
  return best;
}

BumpWindow BumpHunter::make_window(int first, int last, double observed, const Expected& expected) const {
  BumpWindow w;
  w.first = first;
  w.last = last;
  w.low = binning_.edge(first);
  w.high = binning_.edge(last + 1);
  w.observed = observed;
  w.expected = expected.b;
  w.deficit = observed < expected.b;
  w.minus_log_p = minus_log_p(observed, expected);
  w.local_p = std::exp(-w.minus_log_p);
  w.local_z = significance_from_minus_log_p(w.minus_log_p);
  return w;
}

std::optional<BumpWindow> BumpHunter::test_window(int first, int last) const {
  check_window(first, last);
  const std::vector<double> prefix = prefix_sums(data_);
  Eigen::VectorXd start;
  if (spec_.background == Background::sideband_fit) start = full_fit(data_);
  const auto b = window_background(data_, prefix, reference_prefix_, first, last, start);
  if (!b) return std::nullopt;
  return make_window(first, last, prefix[static_cast<std::size_t>(last) + 1] - prefix[static_cast<std::size_t>(first)],
                     *b);
}

std::vector<double> BumpHunter::expectation(int first, int last) const {
  check_window(first, last);
  if (spec_.background == Background::sideband_fit) {
    const auto c = interior(first, last) ? fit(data_, first, last, full_fit(data_)) : std::nullopt;
    return c ? exp_of(basis_, *c) : std::vector<double>{};
  }
  const std::vector<double> prefix = prefix_sums(data_);
  const auto outside = [&](const std::vector<double>& p) {
    return p.back() - (p[static_cast<std::size_t>(last) + 1] - p[static_cast<std::size_t>(first)]);
  };
  const double d_out = outside(prefix), r_out = outside(reference_prefix_);
  if (!(d_out > 0) || !(r_out > 0)) return {};
  return scaled(reference_, d_out / r_out);
}

std::vector<double> BumpHunter::null_expectation() const {
  if (spec_.background == Background::sideband_fit) return exp_of(basis_, full_fit(data_));
  return scaled(reference_, prefix_sums(data_).back() / reference_prefix_.back());
}

FitQuality BumpHunter::fit_quality(const std::vector<double>& expected, int first, int last) const {
  FitQuality q;
  int fitted = 0;
  for (int i = 0; i < binning_.bins(); ++i) {
    if (first <= last && i >= first && i <= last) continue;
    const double d = data_[static_cast<std::size_t>(i)], b = expected[static_cast<std::size_t>(i)];
    q.chi2 += 2 * (b - d + (d > 0 ? d * std::log(d / b) : 0.0));
    ++fitted;
  }
  q.ndf = fitted - spec_.fit_parameters();
  q.p = q.ndf > 0 ? boost::math::cdf(boost::math::complement(boost::math::chi_squared(q.ndf), std::max(0.0, q.chi2)))
                  : 1.0;
  q.bad = q.p < FitQuality::kBadP;
  return q;
}

BumpHuntResult BumpHunter::hunt() const {
  BumpHuntResult r;
  r.spec = spec_;
  const int bins = binning_.bins();
  for (int w = spec_.min_width; w <= spec_.max_width; ++w) r.windows += bins - w + 1;

  const Scan observed = scan(data_, reference_prefix_);
  const bool redraw_reference = spec_.reference_error && spec_.background == Background::reference;
  r.windows_tested = observed.tested;
  if (observed.first >= 0) {
    r.window = test_window(observed.first, observed.last);
    r.t = observed.t;
    r.expected = expectation(observed.first, observed.last);
    r.expected_error.assign(r.expected.size(), 0.0);
    if (redraw_reference) {
      for (std::size_t i = 0; i < r.expected.size(); ++i)
        if (reference_[i] > 0) r.expected_error[i] = r.expected[i] / std::sqrt(reference_[i]);
    }
  }
  r.null_expected = null_expectation();
  if (spec_.background == Background::sideband_fit) {
    // The bump's fit, or without a bump the fit to every bin.
    r.fit_quality = r.window && !r.expected.empty() ? fit_quality(r.expected, r.window->first, r.window->last)
                                                    : fit_quality(r.null_expected, 1, 0);
  }

  const int n = spec_.pseudo_experiments;
  r.pseudo_t.assign(static_cast<std::size_t>(n), 0.0);
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 4)
  for (int j = 0; j < n; ++j) {
    try {
      RandomStream rng(spec_.seed, static_cast<std::uint64_t>(j));
      std::vector<double> pseudo(static_cast<std::size_t>(bins));
      for (int i = 0; i < bins; ++i) pseudo[static_cast<std::size_t>(i)] = poisson_draw(r.null_expected[i], rng.uniform());
      // The reference as it is, or redrawn after the data's draws.
      std::vector<double> redrawn_prefix;
      if (redraw_reference) {
        std::vector<double> redrawn(static_cast<std::size_t>(bins));
        for (int i = 0; i < bins; ++i)
          redrawn[static_cast<std::size_t>(i)] = poisson_draw(reference_[static_cast<std::size_t>(i)], rng.uniform());
        redrawn_prefix = prefix_sums(redrawn);
      }
      // No tested window: t = 0, as for the data.
      r.pseudo_t[static_cast<std::size_t>(j)] =
          std::max(0.0, scan(pseudo, redraw_reference ? redrawn_prefix : reference_prefix_).t);
    } catch (...) {
#pragma omp critical(topae_bump_hunter_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);

  r.pseudo_at_least = std::count_if(r.pseudo_t.begin(), r.pseudo_t.end(), [&](double t) { return t >= r.t; });
  r.global_p_is_bound = r.pseudo_at_least == 0;
  r.global_p = static_cast<double>(std::max<Index>(r.pseudo_at_least, 1)) / n;
  r.global_z = significance(r.global_p);
  return r;
}

}  // namespace topae::analysis
