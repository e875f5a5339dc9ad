#include "topae/analysis/bump_hunter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"

namespace topae::analysis {
namespace {

// A histogram of `contents.size()` unit-width bins over [0, n) holding exactly `contents`.
Histogram histogram(const std::vector<double>& contents) {
  Histogram h(static_cast<int>(contents.size()), 0.0, static_cast<double>(contents.size()));
  for (int i = 0; i < h.bins(); ++i) h.fill(h.centre(i), contents[static_cast<std::size_t>(i)]);
  return h;
}

// ln P(N >= D | B) (excess) or ln P(N <= D | B) (deficit) for integer D, by summing the Poisson
// terms in log space from the pmf recurrence: independent of the incomplete gamma functions.
double log_poisson_tail(int observed, double expected, bool upper) {
  const auto log_pmf = [&](int k) { return k * std::log(expected) - expected - std::lgamma(k + 1.0); };
  const double first = log_pmf(observed);
  double sum = 0, term = 1;  // terms relative to pmf(D)
  if (upper) {
    for (int k = observed + 1; term > 1e-18 * sum || sum == 0; ++k) {
      sum += term;
      term *= expected / k;
    }
  } else {
    for (int k = observed; k >= 0 && (term > 1e-18 * sum || sum == 0); --k) {
      sum += term;
      term *= k / expected;
    }
  }
  return first + std::log(sum);
}

// A falling background over `bins` unit bins: b_i = 2000 exp(-i / 40).
std::vector<double> falling(int bins, double scale = 2000) {
  std::vector<double> b(static_cast<std::size_t>(bins));
  for (int i = 0; i < bins; ++i) b[static_cast<std::size_t>(i)] = scale * std::exp(-i / 40.0);
  return b;
}

// Poisson counts around `mean`, from an engine of its own (not the library's sampler).
std::vector<double> poisson_counts(const std::vector<double>& mean, std::mt19937_64& engine) {
  std::vector<double> d(mean.size());
  for (std::size_t i = 0; i < mean.size(); ++i) d[i] = std::poisson_distribution<long>(mean[i])(engine);
  return d;
}

// The planted bump: bins 20..22 of a 40-bin falling background with S = 5 sqrt(B) over them.
struct Planted {
  static constexpr int kFirst = 20, kLast = 22;
  std::vector<double> background = falling(40);
  std::vector<double> signal = std::vector<double>(40, 0.0);
  double b = 0, s = 0;
  Planted() {
    for (int i = kFirst; i <= kLast; ++i) b += background[static_cast<std::size_t>(i)];
    s = 5 * std::sqrt(b);
    for (int i = kFirst; i <= kLast; ++i) signal[static_cast<std::size_t>(i)] = s / 3;
  }
  std::vector<double> asimov() const {
    std::vector<double> d = background;
    for (std::size_t i = 0; i < d.size(); ++i) d[i] += signal[i];
    return d;
  }
};

BumpHunterSpec spec_with(Background background, int pseudo, int max_width = 6) {
  BumpHunterSpec spec;
  spec.background = background;
  spec.pseudo_experiments = pseudo;
  spec.max_width = max_width;
  spec.fit_degree = 2;
  return spec;
}

TEST(AnalysisBumpHunter, LocalPValueOfOneWindowIsThePoissonTail) {
  // Reference shape (2, 1, 1, 1, 2): the window [2, 2] has r_in = 1, r_out = 6, and the data
  // outside it sum to 60, so B = 1 x 60 / 6 = 10.
  const Histogram reference = histogram({2, 1, 1, 1, 2});
  BumpHunterSpec spec;
  spec.pseudo_experiments = 1;
  {
    const BumpHunter hunter(spec, histogram({20, 10, 25, 10, 20}), reference);
    const auto w = hunter.test_window(2, 2);
    ASSERT_TRUE(w);
    EXPECT_DOUBLE_EQ(w->expected, 10.0);
    EXPECT_EQ(w->observed, 25.0);
    EXPECT_NEAR(std::log(w->local_p), log_poisson_tail(25, 10.0, true), 1e-10);
    EXPECT_NEAR(w->minus_log_p, -log_poisson_tail(25, 10.0, true), 1e-10);
    EXPECT_EQ(w->low, 2.0);
    EXPECT_EQ(w->high, 3.0);
    EXPECT_FALSE(w->deficit);
    // Each bin's expectation under this window's normalisation: r_i x 10.
    const std::vector<double> b = hunter.expectation(2, 2);
    ASSERT_EQ(b.size(), 5u);
    EXPECT_DOUBLE_EQ(b[0], 20.0);
    EXPECT_DOUBLE_EQ(b[4], 20.0);
    EXPECT_DOUBLE_EQ(b[2], 10.0);
  }
  const Histogram low = histogram({20, 10, 2, 10, 20});
  EXPECT_EQ(BumpHunter(spec, low, reference).test_window(2, 2)->local_p, 1.0);  // excesses only
  spec.deficits = true;
  const auto w = BumpHunter(spec, low, reference).test_window(2, 2);
  EXPECT_TRUE(w->deficit);
  EXPECT_NEAR(std::log(w->local_p), log_poisson_tail(2, 10.0, false), 1e-10);
}

// ln of the binomial tail P(K >= k) or P(K <= k), K ~ Binomial(n, rho), summed term by term.
double log_binomial_tail(int k, int n, double rho, bool upper) {
  double sum = 0;
  for (int j = upper ? k : 0; j <= (upper ? n : k); ++j)
    sum += std::exp(std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) + j * std::log(rho) +
                    (n - j) * std::log1p(-rho));
  return std::log(sum);
}

// With the reference's error the window is an on/off problem: of the D + r_in events in it,
// D are data with probability rho = 1 / (1 + tau), tau = R_out / D_out.
TEST(AnalysisBumpHunter, ReferenceErrorGivesTheOnOffBinomialTail) {
  // Reference (20, 10, 10, 10, 20): window [2, 2] has r_in = 10, R_out = 60; data outside sum
  // to 60: tau = 1, B = 10, as above, but now B carries the reference's error.
  const Histogram reference = histogram({20, 10, 10, 10, 20});
  BumpHunterSpec spec;
  spec.pseudo_experiments = 1;
  spec.reference_error = true;
  const auto w = BumpHunter(spec, histogram({20, 10, 25, 10, 20}), reference).test_window(2, 2);
  ASSERT_TRUE(w);
  EXPECT_DOUBLE_EQ(w->expected, 10.0);
  EXPECT_NEAR(std::log(w->local_p), log_binomial_tail(25, 35, 0.5, true), 1e-10);
  // Less significant than with the reference taken as exact.
  EXPECT_GT(std::log(w->local_p), log_poisson_tail(25, 10.0, true));
  spec.deficits = true;
  const auto d = BumpHunter(spec, histogram({20, 10, 2, 10, 20}), reference).test_window(2, 2);
  EXPECT_TRUE(d->deficit);
  EXPECT_NEAR(std::log(d->local_p), log_binomial_tail(2, 12, 0.5, false), 1e-10);
  // A reference a million times larger is exact: the Poisson tail again.
  EXPECT_NEAR(window_minus_log_p_with_reference(25, 1e7, 1e6, false), -log_poisson_tail(25, 10.0, true), 1e-4);
  EXPECT_EQ(window_minus_log_p_with_reference(5, 10, 1, false), 0.0);  // no excess
}

// The same bump is less significant when the reference is a sample, and the pseudo-experiments
// redraw it (their data draws come first, so only the reference's differ).
TEST(AnalysisBumpHunter, ReferenceErrorLowersTheBumpAndRedrawsTheReference) {
  const Planted planted;
  const auto reference = histogram(planted.background);  // as large as the data: a 1/sqrt(r) error of its own
  BumpHunterSpec spec = spec_with(Background::reference, 400);
  const auto exact = BumpHunter(spec, histogram(planted.asimov()), reference).hunt();
  spec.reference_error = true;
  const auto with_error = BumpHunter(spec, histogram(planted.asimov()), reference).hunt();
  ASSERT_TRUE(exact.window && with_error.window);
  EXPECT_LT(with_error.window->local_z, exact.window->local_z);
  EXPECT_NE(with_error.pseudo_t, exact.pseudo_t);
  EXPECT_EQ(with_error.pseudo_t, BumpHunter(spec, histogram(planted.asimov()), reference).hunt().pseudo_t);
  // The expectation's own error is the reference's Poisson error, scaled as the expectation: b_i / sqrt(r_i).
  ASSERT_EQ(with_error.expected_error.size(), planted.background.size());
  ASSERT_EQ(exact.expected_error.size(), planted.background.size());
  for (std::size_t i = 0; i < planted.background.size(); ++i) {
    EXPECT_DOUBLE_EQ(with_error.expected_error[i], with_error.expected[i] / std::sqrt(planted.background[i])) << i;
    EXPECT_EQ(exact.expected_error[i], 0.0) << i;  // an exact reference has none
  }
}

// The m_12 spectrum of flat massless three-body phase space: uniform in s_12 = m_12^2 / E^2 over
// the Dalitz triangle, whose s_23 range has length 1 - s_12, so dN/dm_12 ~ m_12 (1 - m_12^2 / E^2):
// zero at both ends, with a kinematic edge at E. `events` in 40 bins over [0, E), Poisson.
std::vector<double> phase_space_m12(double events, std::mt19937_64& engine) {
  std::vector<double> mean(40);
  double total = 0;
  for (int i = 0; i < 40; ++i) {
    const double m = (i + 0.5) / 40;
    total += mean[static_cast<std::size_t>(i)] = m * (1 - m * m);
  }
  for (auto& b : mean) b *= events / total;
  return poisson_counts(mean, engine);
}

// exp of a quadratic cannot follow the kinematic edge: the fit is flagged. The control, data
// drawn from an exp-quadratic falling spectrum, is not.
TEST(AnalysisBumpHunter, ABadSidebandFitIsFlagged) {
  std::mt19937_64 engine(3);
  BumpHunterSpec spec = spec_with(Background::sideband_fit, 1);
  const auto edge = BumpHunter(spec, histogram(phase_space_m12(40000, engine))).hunt();
  ASSERT_TRUE(edge.fit_quality);
  EXPECT_TRUE(edge.fit_quality->bad) << edge.fit_quality->to_json();
  EXPECT_GT(edge.fit_quality->chi2 / edge.fit_quality->ndf, 5);
  // Under the null the deviance is about chi2(ndf): over 200 falling spectra, the share
  // flagged at p < 0.01 is 0.01 up to sqrt(0.01 0.99 / 200) = 0.007 (and a little more while the
  // asymptotic chi2 is approximate): below 0.05.
  int flagged = 0;
  for (int k = 0; k < 200; ++k) {
    const auto smooth = BumpHunter(spec, histogram(poisson_counts(falling(40), engine))).hunt();
    ASSERT_TRUE(smooth.fit_quality);
    EXPECT_EQ(smooth.fit_quality->ndf, 40 - (smooth.window ? smooth.window->last - smooth.window->first + 1 : 0) - 3);
    flagged += smooth.fit_quality->bad ? 1 : 0;
  }
  EXPECT_LT(flagged, 10);
  // The reference mode has no fit to judge.
  EXPECT_FALSE(BumpHunter(spec_with(Background::reference, 1), histogram(falling(40)), histogram(falling(40)))
                   .hunt()
                   .fit_quality);
}

// f(x) = p0 (1 - x)^p1 / x^(p2 + p3 ln x) at the centres of 40 bins over [0.1, 0.9], sqrt(s) = 1.
std::vector<double> dijet_counts() {
  std::vector<double> b(40);
  for (int i = 0; i < 40; ++i) {
    const double x = 0.1 + (i + 0.5) * 0.02;
    b[static_cast<std::size_t>(i)] = 1e4 * std::pow(1 - x, 3) / std::pow(x, 3 + 0.2 * std::log(x));
  }
  return b;
}
Histogram histogram_over(const std::vector<double>& contents, double lo, double hi) {
  Histogram h(static_cast<int>(contents.size()), lo, hi);
  for (int i = 0; i < h.bins(); ++i) h.fill(h.centre(i), contents[static_cast<std::size_t>(i)]);
  return h;
}

// The dijet function fits a dijet-shaped spectrum exactly (Asimov data: deviance 0), which
// exp of a quadratic cannot over three decades.
TEST(AnalysisBumpHunter, DijetFunctionFitsADijetSpectrum) {
  const auto data = histogram_over(dijet_counts(), 0.1, 0.9);
  BumpHunterSpec spec = spec_with(Background::sideband_fit, 1);
  spec.fit_function = FitFunction::dijet;
  spec.sqrt_s = 1;
  const auto dijet = BumpHunter(spec, data).hunt();
  ASSERT_TRUE(dijet.fit_quality);
  EXPECT_LT(dijet.fit_quality->chi2, 1e-6);
  EXPECT_EQ(dijet.fit_quality->ndf, 40 - (dijet.window->last - dijet.window->first + 1) - 4);
  for (int i = 0; i < 40; ++i) EXPECT_NEAR(dijet.null_expected[i] / dijet_counts()[i], 1, 1e-6) << i;
  spec.fit_function = FitFunction::exp_polynomial;
  EXPECT_TRUE(BumpHunter(spec, data).hunt().fit_quality->bad);

  spec.fit_function = FitFunction::dijet;
  EXPECT_EQ(BumpHunterSpec::from_json(spec.to_json()).fit_function, FitFunction::dijet);
  EXPECT_EQ(BumpHunterSpec::from_json(spec.to_json()).sqrt_s, 1.0);
  EXPECT_THROW(fit_function_from_string("landau"), InputError);
  spec.sqrt_s = 0.5;  // below the histogram's upper edge: x > 1
  EXPECT_THROW(BumpHunter(spec, data), InputError);
  spec.sqrt_s = 0;
  EXPECT_THROW(BumpHunter(spec, histogram_over(dijet_counts(), -0.1, 0.9)), InputError);
}

TEST(AnalysisBumpHunter, TailsStayRightWherePUnderflows) {
  // Across p ~ 1e-250, where the asymptotic forms take over: within 1e-3 of the exact tail.
  for (int d = 200; d <= 2000; d += 20) {
    const double exact = -log_poisson_tail(d, 100.0, true);
    EXPECT_NEAR(window_minus_log_p(d, 100.0, false), exact, 1e-3 * exact) << "D = " << d;
  }
  for (double b = 300; b <= 3000; b += 100) {
    const double exact = -log_poisson_tail(20, b, false);
    EXPECT_NEAR(window_minus_log_p(20, b, true), exact, 1e-3 * exact) << "B = " << b;
  }
  EXPECT_DOUBLE_EQ(window_minus_log_p(0, 1000, true), 1000.0);  // P(N = 0) = e^-B
  EXPECT_EQ(window_minus_log_p(5, 10, false), 0.0);
  EXPECT_EQ(window_minus_log_p(10, 10, true), 0.0);
  // Z: the one-sided 5 sigma p-value, and no jump where the asymptotic form takes over.
  EXPECT_NEAR(significance(2.866515718791939e-7), 5.0, 1e-9);
  EXPECT_EQ(significance(0.7), 0.0);
  const double t0 = -std::log(1e-250);
  EXPECT_NEAR(significance_from_minus_log_p(t0 * (1 - 1e-12)), significance_from_minus_log_p(t0 * (1 + 1e-12)),
              1e-4);
}

TEST(AnalysisBumpHunter, FindsThePlantedBumpInAsimovData) {
  const Planted planted;
  // The planted window's own significance (D = B + S is not an integer: the continued tail,
  // checked against the exact one above).
  const double planted_z = significance_from_minus_log_p(window_minus_log_p(planted.b + planted.s, planted.b, false));
  EXPECT_NEAR(planted_z, 5.0, 0.15);  // Poisson, not Gaussian: a little below 5

  const Histogram data = histogram(planted.asimov());
  EXPECT_FALSE(BumpHunter(spec_with(Background::sideband_fit, 1), data).test_window(0, 2));
  EXPECT_TRUE(BumpHunter(spec_with(Background::sideband_fit, 1), data).expectation(37, 39).empty());
  for (const Background mode : {Background::reference, Background::sideband_fit}) {
    const BumpHunterSpec spec = spec_with(mode, mode == Background::reference ? 200 : 10);
    const BumpHuntResult r = mode == Background::reference
                                 ? BumpHunter(spec, data, histogram(planted.background)).hunt()
                                 : BumpHunter(spec, data).hunt();
    SCOPED_TRACE(std::string(to_string(mode)));
    ASSERT_TRUE(r.window);
    EXPECT_EQ(r.window->first, Planted::kFirst);
    EXPECT_EQ(r.window->last, Planted::kLast);
    // The side-bands are pure background, so the expectation is exactly the planted one.
    EXPECT_NEAR(r.window->expected, planted.b, 1e-6 * planted.b);
    EXPECT_NEAR(r.window->local_z, planted_z, 1e-4);
    EXPECT_DOUBLE_EQ(r.t, r.window->minus_log_p);
    EXPECT_EQ(r.windows, 40 + 39 + 38 + 37 + 36 + 35);
    // The fit tests only windows with bins on both sides: two fewer per width.
    EXPECT_EQ(r.windows_tested, mode == Background::reference ? r.windows : r.windows - 2 * 6);
    EXPECT_EQ(static_cast<int>(r.pseudo_t.size()), spec.pseudo_experiments);
    if (mode == Background::reference) {
      // Background alone never comes close to a 5 sigma local excess in 200 tries.
      EXPECT_TRUE(r.global_p_is_bound);
      EXPECT_DOUBLE_EQ(r.global_p, 1.0 / 200);
      EXPECT_EQ(r.pseudo_at_least, 0);
    }
  }
}

TEST(AnalysisBumpHunter, FindsThePlantedBumpInPoissonData) {
  const Planted planted;
  const double planted_z = significance_from_minus_log_p(window_minus_log_p(planted.b + planted.s, planted.b, false));
  std::mt19937_64 engine(20240611);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> d = poisson_counts(planted.background, engine);
    const std::vector<double> s = poisson_counts(planted.signal, engine);
    for (std::size_t i = 0; i < d.size(); ++i) d[i] += s[i];
    const BumpHuntResult r =
        BumpHunter(spec_with(Background::reference, 1), histogram(d), histogram(planted.background)).hunt();
    ASSERT_TRUE(r.window) << "trial " << trial;
    // The window overlaps at least two of the three planted bins.
    const int overlap = std::min(r.window->last, Planted::kLast) - std::max(r.window->first, Planted::kFirst) + 1;
    EXPECT_GE(overlap, 2) << "trial " << trial << ": window [" << r.window->first << ", " << r.window->last << "]";
    // D - B over the planted window fluctuates by sqrt(B): Z by about 1; the choice of the best
    // window pushes it up a little. 3 such units either way.
    EXPECT_NEAR(r.window->local_z, planted_z, 3.0) << "trial " << trial;
  }
}

TEST(AnalysisBumpHunter, FindsADeficitOnlyWhenAskedTo) {
  Planted planted;
  std::vector<double> d = planted.background;
  for (int i = Planted::kFirst; i <= Planted::kLast; ++i) d[static_cast<std::size_t>(i)] -= planted.s / 3;
  BumpHunterSpec spec = spec_with(Background::reference, 1);
  const BumpHuntResult excess = BumpHunter(spec, histogram(d), histogram(planted.background)).hunt();
  spec.deficits = true;
  const BumpHuntResult both = BumpHunter(spec, histogram(d), histogram(planted.background)).hunt();
  ASSERT_TRUE(both.window);
  EXPECT_TRUE(both.window->deficit);
  EXPECT_EQ(both.window->first, Planted::kFirst);
  EXPECT_EQ(both.window->last, Planted::kLast);
  EXPECT_GT(both.window->local_z, 4.5);
  // Without deficits the side-band normalisation lifts other windows only slightly.
  ASSERT_TRUE(excess.window);
  EXPECT_LT(excess.window->local_z, 1.0);
}

TEST(AnalysisBumpHunter, ScalingTheReferenceChangesNothing) {
  const Planted planted;
  std::mt19937_64 engine(7);
  const Histogram data = histogram(poisson_counts(planted.asimov(), engine));
  const BumpHunterSpec spec = spec_with(Background::reference, 100);
  const BumpHuntResult base = BumpHunter(spec, data, histogram(planted.background)).hunt();
  ASSERT_TRUE(base.window);
  for (const double factor : {1e-3, 0.37, 3.7, 1e6}) {
    std::vector<double> scaled = planted.background;
    for (double& r : scaled) r *= factor;
    const BumpHuntResult r = BumpHunter(spec, data, histogram(scaled)).hunt();
    SCOPED_TRACE(factor);
    ASSERT_TRUE(r.window);
    EXPECT_EQ(r.window->first, base.window->first);
    EXPECT_EQ(r.window->last, base.window->last);
    EXPECT_EQ(r.window->observed, base.window->observed);
    EXPECT_NEAR(r.window->expected, base.window->expected, 1e-12 * base.window->expected);
    EXPECT_NEAR(r.t, base.t, 1e-9 * base.t);
    EXPECT_NEAR(r.window->local_z, base.window->local_z, 1e-9);
    for (std::size_t i = 0; i < r.null_expected.size(); ++i)
      EXPECT_NEAR(r.null_expected[i], base.null_expected[i], 1e-12 * base.null_expected[i]);
    // A rounding difference in b0 could move one Poisson inversion across a step, at most.
    EXPECT_NEAR(r.global_p, base.global_p, 1.0 / spec.pseudo_experiments + 1e-15);
  }
}

// Kolmogorov-Smirnov test of `x` against the uniform distribution on [0, 1]: the p-value from
// the asymptotic Kolmogorov distribution, Q(l) = 2 sum_k (-1)^(k-1) exp(-2 k^2 l^2), with
// Stephens' correction l = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) D.
double ks_uniform_p_value(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) d = std::max({d, (i + 1) / n - x[i], x[i] - i / n});
  const double l = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d;
  double q = 0;
  for (int k = 1; k <= 100; ++k) q += 2 * ((k % 2) ? 1 : -1) * std::exp(-2.0 * k * k * l * l);
  return std::clamp(q, 0.0, 1.0);
}

TEST(AnalysisBumpHunter, GlobalPValuesAreUniformUnderTheNull) {
  // 200 background-only datasets (drawn by std::poisson_distribution, not the library's sampler),
  // each hunted with 100 pseudo-experiments of its own seed.
  std::vector<double> b(16);
  for (int i = 0; i < 16; ++i) b[static_cast<std::size_t>(i)] = 150 * std::exp(-i / 10.0);
  const Histogram reference = histogram(b);
  std::mt19937_64 engine(99);
  std::vector<double> global_p;
  for (int k = 0; k < 200; ++k) {
    BumpHunterSpec spec = spec_with(Background::reference, 100, 4);
    spec.seed = 1000 + static_cast<std::uint64_t>(k);
    global_p.push_back(BumpHunter(spec, histogram(poisson_counts(b, engine)), reference).hunt().global_p);
  }
  EXPECT_GT(ks_uniform_p_value(global_p), 1e-3);
}

TEST(AnalysisBumpHunter, KolmogorovSmirnovRejectsASkewedSample) {
  // The check above can fail: p^2 of uniform p is not uniform.
  std::mt19937_64 engine(5);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> uniform, skewed;
  for (int i = 0; i < 200; ++i) {
    uniform.push_back(u(engine));
    skewed.push_back(uniform.back() * uniform.back());
  }
  EXPECT_GT(ks_uniform_p_value(uniform), 1e-3);
  EXPECT_LT(ks_uniform_p_value(skewed), 1e-3);
}

TEST(AnalysisBumpHunter, ResultsDoNotDependOnTheThreadCount) {
  const Planted planted;
  std::mt19937_64 engine(11);
  const Histogram data = histogram(poisson_counts(planted.background, engine));
  const BumpHunterSpec spec = spec_with(Background::sideband_fit, 16);
  const int before = threads();
  set_threads(1);
  const BumpHuntResult one = BumpHunter(spec, data).hunt();
  set_threads(3);
  const BumpHuntResult three = BumpHunter(spec, data).hunt();
  set_threads(before);
  EXPECT_EQ(one.pseudo_t, three.pseudo_t);
  EXPECT_EQ(one.global_p, three.global_p);
}

TEST(AnalysisBumpHunter, SpecJsonRoundTripAndDescription) {
  BumpHunterSpec spec;
  spec.min_width = 2;
  spec.max_width = 7;
  spec.deficits = true;
  spec.pseudo_experiments = 123;
  spec.seed = 1ULL << 40;
  spec.background = Background::sideband_fit;
  spec.fit_degree = 4;
  const BumpHunterSpec back = BumpHunterSpec::from_json(spec.to_json());
  EXPECT_EQ(back.to_json(), spec.to_json());
  EXPECT_EQ(back.description(), spec.description());
  EXPECT_NE(spec.description().find("2 to 7 bins"), std::string::npos) << spec.description();
  EXPECT_NE(spec.description().find("degree 4"), std::string::npos) << spec.description();
  EXPECT_THROW(BumpHunterSpec::from_json({{"background", "magic"}}), InputError);
  EXPECT_THROW(BumpHunterSpec::from_json({{"min_width", "wide"}}), InputError);
}

TEST(AnalysisBumpHunter, BadArgumentsAreInputErrors) {
  const Histogram ten = histogram(std::vector<double>(10, 5.0));
  BumpHunterSpec spec;
  spec.pseudo_experiments = 1;
  const auto make = [&](const BumpHunterSpec& s) { return BumpHunter(s, ten, ten); };
  EXPECT_NO_THROW(make(spec));
  EXPECT_THROW(BumpHunter(spec, ten, histogram(std::vector<double>(9, 5.0))), InputError);  // binning
  EXPECT_THROW(BumpHunter(spec, ten, Histogram(10, 0.0, 11.0)), InputError);               // range
  Histogram negative = histogram(std::vector<double>(10, 5.0));
  negative.fill(3.5, -6.0);
  EXPECT_THROW(BumpHunter(spec, negative, ten), InputError);
  EXPECT_THROW(BumpHunter(spec, ten, negative), InputError);
  EXPECT_THROW(BumpHunter(spec, Histogram(10, 0.0, 10.0), ten), InputError);  // empty data
  EXPECT_THROW(BumpHunter(spec, ten, Histogram(10, 0.0, 10.0)), InputError);  // empty reference
  EXPECT_THROW(BumpHunter(spec, ten), InputError);  // the spec wants a reference
  for (const auto& [min_width, max_width] : {std::pair{0, 3}, {4, 3}, {1, 10}, {10, 0}, {1, -1}}) {
    BumpHunterSpec s = spec;
    s.min_width = min_width;
    s.max_width = max_width;
    EXPECT_THROW(make(s), InputError) << min_width << ".." << max_width;
  }
  BumpHunterSpec s = spec;
  s.pseudo_experiments = 0;
  EXPECT_THROW(make(s), InputError);
  s = spec;
  s.background = Background::sideband_fit;
  EXPECT_THROW(make(s), InputError);  // a reference for a fit
  s.fit_degree = 8;                  // needs 1 + 8 + 2 = 11 bins
  EXPECT_THROW(BumpHunter(s, ten), InputError);
  s.fit_degree = 7;
  EXPECT_NO_THROW(BumpHunter(s, ten));
  s.fit_degree = -1;
  EXPECT_THROW(BumpHunter(s, ten), InputError);
  EXPECT_THROW(BumpHunter(spec, Histogram(1, 0.0, 1.0), Histogram(1, 0.0, 1.0)), InputError);  // one bin
  const BumpHunter hunter(spec, ten, ten);
  EXPECT_THROW(hunter.test_window(-1, 2), InputError);
  EXPECT_THROW(hunter.test_window(3, 2), InputError);
  EXPECT_THROW(hunter.expectation(5, 10), InputError);
}

}  // namespace
}  // namespace topae::analysis
