#pragma once
// BumpHunter (G. Choudalakis, arXiv:1101.0390): the most significant window of adjacent bins
// in a histogram of observed counts, and how often background alone makes a window that
// significant somewhere (the look-elsewhere effect), from background-only pseudo-experiments.
//
// BumpHunterSpec says what to do (a value: JSON round-trip, description()); BumpHunter checks
// the histograms once, at construction, and does the hunt.
//
// Scan. Every window [first, last] of w = min_width..max_width adjacent bins is tested. With
// D the observed and B the expected background count summed over the window, and N Poisson
// with mean B,
//   excess:                  p = P(N >= D | B) = gamma_p(D, B)      if D > B,
//   deficit (with deficits): p = P(N <= D | B) = gamma_q(D + 1, B)  if D < B,
//   otherwise                p = 1.
// (D need not be an integer: the regularised incomplete gamma functions continue the tails.)
// The test statistic is t = -ln p_min over all windows; the bump is the window of smallest p
// (on ties the first in scan order: narrow to wide, then left to right).
//
// The expectation of a window never uses the window's own counts (side-band normalisation):
//   reference     b_i = r_i * D_out / R_out: a reference histogram r (a background-only
//                 sample, any normalisation) scaled to the data outside the window; D_out and
//                 R_out are the data's and the reference's sums over the bins outside it.
//   sideband_fit  b_i = exp(c_0 + c_1 u_i + ... + c_K u_i^K), K = fit_degree, u_i the bin
//                 centre mapped linearly from [lo, hi] to [-1, 1], fitted by binned Poisson
//                 maximum likelihood (Newton's method with step halving) to the bins outside the
//                 window. Its constant term makes sum b = sum d over those bins, as above.
// A window whose expectation is undetermined is not tested and cannot be the bump: reference
// with D_out = 0, R_out = 0 or B = 0; sideband_fit with fewer than K + 2 bins outside the window
// or no counts in them, and windows touching the first or last bin (the fit interpolates, it
// never extrapolates). windows_tested in the result counts the others.
//
// Reference error (reference mode with reference_error). A reference of r events is itself a
// Poisson sample: with R_out of its events and D_out of the data's outside the window, the
// window's r_in reference events predict B = r_in / tau, tau = R_out / D_out, with relative
// error 1 / sqrt(r_in). Its p is then that of the on/off problem (Cousins, Linnemann, Tucker,
// NIM A 595 (2008) 480, "Z_Bi"): given the D + r_in events in the window of both samples,
// D is binomial with rho = 1 / (1 + tau), so
//   excess:  p = P(N_on >= D) = I_rho(D, r_in + 1),
//   deficit: p = P(N_on <= D) = I_(1-rho)(r_in, D + 1)   (r_in > 0),
// with I the regularised incomplete beta function, larger than the Poisson p with B exact,
// and equal to it as r_in -> infinity at fixed B. Pseudo-experiments then also redraw the
// reference, r_i ~ Poisson(r_i), after the data's draws. Where p underflows a double
// (p < 1e-308), -ln p is capped at 708 (Z = 37.5).
//
// The local p ignores the uncertainty of the side-band normalisation, so wide windows, which
// leave few counts outside, look more significant than they are; the global p accounts for it.
//
// Global p-value. Pseudo-experiment j (j = 0..N-1) draws d_i ~ Poisson(b0_i) in every bin by
// inverting the Poisson CDF at uniforms of the random stream (seed, j), so results do not depend
// on the thread count; b0 is the background-only expectation normalised to the whole histogram
// (reference: r * sum d / sum r; sideband_fit: the fit to all bins). Each pseudo-experiment is
// scanned exactly like the data, and global p = n_ge / N with n_ge the pseudo-experiments with
// t >= t_obs. When n_ge = 0 the global p is reported as its upper bound 1 / N (global_p_is_bound).
//
// Significances are one-sided: Z = Phi^-1(1 - p), 0 for p >= 1/2. Below p ~ 1e-250, where p
// underflows, -ln p and Z come from the leading asymptotic terms of the Poisson and normal tails
// (relative error below 1e-3 there), so the strongest bumps still rank and report correctly.
//
// Dijet function (sideband_fit with fit_function dijet): the one ATLAS and CMS fit to dijet
// mass spectra, f(x) = p0 (1 - x)^p1 / x^(p2 + p3 ln x), x = m / sqrt(s), is exp of a linear
// function too: ln f = c_0 + c_1 ln(1 - x) - c_2 ln x - c_3 ln^2 x, so it is fitted the same way
// with that basis (four parameters; fit_degree is not used). sqrt_s defaults to the histogram's
// upper edge; the histogram must start at 0 or above, and sqrt_s lie at or above its upper edge.
//
// Fit quality (sideband_fit). The fit that gives the bump's expectation is judged on the bins it
// was fitted to (those outside the bump window; every bin without a window) by the Poisson
// deviance chi2 = 2 sum (b_i - d_i + d_i ln(d_i / b_i)), asymptotically chi2-distributed with
// ndf = bins fitted - the fit's parameters (K + 1, or 4 for the dijet function): its p-value, and `bad` when p < 0.01. A bad fit (a kinematic edge
// the exponential cannot follow, say) makes any bump it finds meaningless.
//
// Under- and overflow are not used.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "topae/analysis/histogram.hpp"
#include "topae/core/matrix.hpp"

namespace topae::analysis {

// How the expected background of a window is made (see above).
enum class Background { reference, sideband_fit };
// The side-band fit's function (see above).
enum class FitFunction { exp_polynomial, dijet };
std::string_view to_string(FitFunction f);             // "exp_poly", "dijet"
FitFunction fit_function_from_string(std::string_view name);  // InputError on an unknown name
std::string_view to_string(Background background);     // "reference", "sideband_fit"
Background background_from_string(std::string_view name);  // InputError on an unknown name

struct BumpHunterSpec {
  // Ceilings: each pseudo-experiment scans every window, O(bins x widths).
  static constexpr int kMaxBins = 100'000;
  static constexpr int kMaxPseudoExperiments = 10'000'000;

  int min_width = 1;              // --min-width: narrowest window, in bins
  int max_width = 0;              // --max-width: widest window; 0: half the bins (at least min_width)
  bool deficits = false;          // --deficits: also hunt for deficits
  int pseudo_experiments = 1000;  // --pseudo: N
  std::uint64_t seed = 1;         // --seed: pseudo-experiment j uses the stream (seed, j)
  Background background = Background::reference;
  int fit_degree = 2;             // --fit-degree: K of the side-band fit
  bool reference_error = false;   // --reference-error: the reference's Poisson error (see above)
  FitFunction fit_function = FitFunction::exp_polynomial;  // --fit-function
  double sqrt_s = 0;              // --sqrt-s: the dijet function's sqrt(s); 0: the histogram's upper edge

  // The side-band fit's parameters: K + 1, or 4 for the dijet function.
  int fit_parameters() const { return fit_function == FitFunction::dijet ? 4 : fit_degree + 1; }

  // max_width with 0 resolved for a histogram of `bins` bins.
  int max_width_for(int bins) const;
  // Throws InputError (naming the flag) unless the spec can hunt in `bins` bins: 1 <= min_width
  // <= max_width <= bins - 1 (a window needs side-bands), bins <= kMaxBins,
  // 1 <= N <= kMaxPseudoExperiments, 0 <= K <= 8, and for the fit
  // bins >= min_width + K + 2 (the narrowest window leaves K + 2 side-band bins).
  void validate(int bins) const;
  nlohmann::json to_json() const;
  // Missing keys keep their defaults; throws InputError on a wrong type or an unknown background.
  static BumpHunterSpec from_json(const nlohmann::json& j);
  // "BumpHunter: excesses in windows of 1 to 20 bins; background from a reference normalised
  //  to the side-bands; 1000 pseudo-experiments, seed 1"
  std::string description() const;
};

// One tested window.
struct BumpWindow {
  int first = 0;         // bins first..last, inclusive
  int last = 0;
  double low = 0;        // [low, high): the window's edges
  double high = 0;
  double observed = 0;   // D
  double expected = 0;   // B
  bool deficit = false;  // D < B (only tested with deficits)
  double minus_log_p = 0;  // -ln p
  double local_p = 1;
  double local_z = 0;

  nlohmann::json to_json() const;
};

// The side-band fit's quality (see above).
struct FitQuality {
  static constexpr double kBadP = 0.01;
  double chi2 = 0;
  int ndf = 0;
  double p = 1;
  bool bad = false;  // p < kBadP

  nlohmann::json to_json() const;
};

struct BumpHuntResult {
  BumpHunterSpec spec;        // as run: max_width resolved
  std::optional<FitQuality> fit_quality;  // sideband_fit only
  Index windows = 0;          // windows scanned
  Index windows_tested = 0;   // with a determined expectation
  std::optional<BumpWindow> window;  // the bump; none if no window could be tested
  double t = 0;               // t_obs = -ln p_min (0 without a tested window)
  std::vector<double> expected;       // per bin: the expectation under the bump window's normalisation
  // per bin: the expectation's own statistical error, beside `expected`: with reference_error the
  // reference's Poisson error, b_i / sqrt(r_i); otherwise 0 (the reference is taken as exact, and
  // neither the fit's nor the normalisation's error is included).
  std::vector<double> expected_error;
  std::vector<double> null_expected;  // per bin: b0, the mean of the pseudo-experiments
  std::vector<double> pseudo_t;       // t of pseudo-experiment j, by j
  Index pseudo_at_least = 0;  // n_ge: pseudo-experiments with t >= t_obs
  double global_p = 1;
  bool global_p_is_bound = false;  // n_ge = 0: global_p is the upper bound 1 / N
  double global_z = 0;

  // Everything above; pseudo_t summarised by its median, 90 % and 99 % quantiles and maximum.
  nlohmann::json to_json() const;
};

// -ln p of a window with D observed and r_in reference events at exposure ratio tau = R_out /
// D_out (the reference error's on/off p, see above); 0 when p = 1. r_in >= 0, tau > 0.
double window_minus_log_p_with_reference(double observed, double r_in, double tau, bool deficits);
// -ln p of a window with D observed and B > 0 expected (see above); 0 when p = 1.
double window_minus_log_p(double observed, double expected, bool deficits);
// Z = Phi^-1(1 - p) for p = exp(-minus_log_p); 0 for p >= 1/2.
double significance_from_minus_log_p(double minus_log_p);
// Z = Phi^-1(1 - p) for p in [0, 1]; 0 for p >= 1/2, +infinity for p = 0.
double significance(double p);

class BumpHunter {
 public:
  // Background::reference: `reference` is the background shape. Throws InputError if the spec
  // does not fit (BumpHunterSpec::validate), the binnings differ, a count is negative or not
  // finite, or the data or the reference is empty in range.
  BumpHunter(const BumpHunterSpec& spec, const Histogram& data, const Histogram& reference);
  // Background::sideband_fit: the expectation is fitted to the data's side-bands. Same checks.
  BumpHunter(const BumpHunterSpec& spec, const Histogram& data);

  const BumpHunterSpec& spec() const { return spec_; }  // max_width resolved

  // The window [first, last] of the data as the scan tests it; none if its expectation is
  // undetermined. Throws InputError unless 0 <= first <= last < bins.
  std::optional<BumpWindow> test_window(int first, int last) const;
  // The expectation in every bin under the normalisation of window [first, last] (side-band
  // scale or fit); empty if undetermined. Same checks.
  std::vector<double> expectation(int first, int last) const;

  // The scan of the data and the pseudo-experiments (OpenMP threads over pseudo-experiments).
  BumpHuntResult hunt() const;

 private:
  struct Scan {
    double t = -1;  // below every tested window's t: the first tested window always wins
    int first = -1;
    int last = -1;
    Index tested = 0;
  };
  // A window's expected count B; in reference mode also r_in and tau (for the reference error).
  struct Expected {
    double b = 0;
    double r_in = 0;
    double tau = 0;
  };
  // The scan of one histogram's counts (the data or a pseudo-experiment) against a reference's
  // prefix sums (reference mode: reference_prefix_, or a pseudo-experiment's redrawn one).
  Scan scan(const std::vector<double>& counts, const std::vector<double>& reference_prefix) const;
  // The expected count summed over [first, last] under its side-band normalisation, or none.
  std::optional<Expected> window_background(const std::vector<double>& counts, const std::vector<double>& prefix,
                                            const std::vector<double>& reference_prefix, int first, int last,
                                            const Eigen::VectorXd& start) const;
  // -ln p of a window: with the reference's error if the spec asks for it.
  double minus_log_p(double observed, const Expected& e) const;
  // Poisson fit of exp(X c) to the bins outside [first, last] (first > last: to every bin),
  // from `start`; none if undetermined (see above).
  std::optional<Eigen::VectorXd> fit(const std::vector<double>& counts, int first, int last,
                                     Eigen::VectorXd start) const;
  // The fit to every bin (a flat spectrum if even that is undetermined): the warm start of the
  // window fits, and the sideband_fit mode's null expectation.
  Eigen::VectorXd full_fit(const std::vector<double>& counts) const;
  std::vector<double> null_expectation() const;
  // The deviance of the fit `expected` to the data's bins outside [first, last] (first > last:
  // every bin), with K + 1 parameters.
  FitQuality fit_quality(const std::vector<double>& expected, int first, int last) const;
  void check_window(int first, int last) const;
  // True if [first, last] has bins on both sides (sideband_fit tests only those).
  bool interior(int first, int last) const;
  BumpWindow make_window(int first, int last, double observed, const Expected& expected) const;

  BumpHunterSpec spec_;
  Histogram binning_;              // the data histogram (edges, contents)
  std::vector<double> data_;       // d_i
  std::vector<double> reference_;  // r_i (reference mode)
  std::vector<double> reference_prefix_;  // r_0 + ... + r_{i-1}, i = 0..bins
  Eigen::MatrixXd basis_;          // bins x (K + 1): u_i^k (sideband_fit mode)
};

}  // namespace topae::analysis
