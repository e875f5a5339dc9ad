// The classifier: its loss against the formula, its gradient against finite differences, and
// what training must give: the Bayes log-likelihood ratio of two known samples.
#include "topae/nn/classifier.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/nn/trainer.hpp"

namespace topae::nn {
namespace {

// d inputs and a label row: label 1 for the first half of the events.
MatrixXf labelled_batch(Index d, Index n, std::uint64_t stream) {
  RandomStream rng(5, stream);
  MatrixXf x(d + 1, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) x(j, i) = static_cast<float>(rng.normal());
    x(d, i) = i < n / 2 ? 1.0f : 0.0f;
  }
  return x;
}

ClassifierSpec spec(Index d) {
  ClassifierSpec s;
  s.input_dim = d;
  s.hidden = {6, 5};
  return s;
}

TEST(Classifier, LossIsTheBinaryCrossEntropyOfTheSigmoid) {
  const Classifier c(spec(3), 1);
  const MatrixXf x = labelled_batch(3, 40, 1);
  const VectorXf z = c.logits(x.topRows(3));
  double expected = 0;
  for (Index i = 0; i < x.cols(); ++i) {
    const double p = 1 / (1 + std::exp(-static_cast<double>(z(i))));
    expected += -(x(3, i) * std::log(p) + (1 - x(3, i)) * std::log(1 - p));
  }
  expected /= static_cast<double>(x.cols());
  EXPECT_NEAR(c.mean_loss(x), expected, 1e-6 * expected);
  Workspace ws;
  EXPECT_NEAR(c.loss_and_gradient(x, x.cols(), ws) / static_cast<double>(x.cols()), expected, 1e-6 * expected);
  // Far out the formula must not overflow: log(1 + e^50) - 0 = 50.
  EXPECT_NEAR(binary_cross_entropy(50, 0), 50, 1e-12);
  EXPECT_NEAR(binary_cross_entropy(-50, 1), 50, 1e-12);
}

TEST(Classifier, GradientMatchesFiniteDifferences) {
  Classifier c(spec(3), 2);
  const MatrixXf x = labelled_batch(3, 12, 2);
  Workspace ws;
  c.loss_and_gradient(x, x.cols(), ws);
  const VectorXf grads = ws.grads;
  constexpr double kStep = 1e-2;  // float rounding limits smaller steps (as in gradient_test.cpp)
  for (Index i = 0; i < c.n_params(); ++i) {
    float& v = c.params()[i];
    const float saved = v;
    v = saved + static_cast<float>(kStep);
    const double up = c.mean_loss(x);
    v = saved - static_cast<float>(kStep);
    const double down = c.mean_loss(x);
    v = saved;
    const double numeric = (up - down) / (2 * kStep);
    EXPECT_NEAR(grads[i], numeric, 2e-3 * (1 + std::abs(numeric))) << "dparam[" << i << "]";
  }
}

TEST(Classifier, ChunksAddUpToTheBatchGradient) {
  const Classifier c(spec(2), 3);
  const MatrixXf x = labelled_batch(2, 30, 3);
  Workspace whole, first, second;
  const double all = c.loss_and_gradient(x, 30, whole);
  const double a = c.loss_and_gradient(x.leftCols(13), 30, first);
  const double b = c.loss_and_gradient(x.rightCols(17), 30, second);
  EXPECT_NEAR(a + b, all, 1e-5 * all);
  EXPECT_LT((first.grads + second.grads - whole.grads).norm(), 1e-5 * whole.grads.norm());
}

// Two unit Gaussians at -1 and +1, equally many: the Bayes logit is log N(x; 1) / N(x; -1) = 2x.
TEST(Classifier, LearnsTheLogLikelihoodRatio) {
  constexpr Index n = 20000;
  RandomStream rng(11, 0);
  MatrixXf x(2, n);
  for (Index i = 0; i < n; ++i) {
    const bool signal = i % 2 == 0;
    x(0, i) = static_cast<float>(rng.normal() + (signal ? 1.0 : -1.0));
    x(1, i) = signal ? 1.0f : 0.0f;
  }
  ClassifierSpec s = spec(1);
  s.hidden = {16};
  Classifier c(s, 4);
  TrainerSpec t;
  t.epochs = 30;
  t.batch = 256;
  t.optimizer.lr = 1e-2;
  Trainer(t, c).fit(x);
  MatrixXf probe(1, 5);
  probe << -1.5f, -0.75f, 0.0f, 0.75f, 1.5f;
  const VectorXf z = c.logits(probe);
  // A fitted logistic slope on 18 000 training events has a standard error near 0.03; the
  // network's own bias at |x| <= 1.5 is smaller. 0.2 is several errors.
  for (Index i = 0; i < probe.cols(); ++i) EXPECT_NEAR(z(i), 2 * probe(0, i), 0.2) << "x = " << probe(0, i);
  // A label row that is not the last row is caught by its count.
  EXPECT_THROW(Trainer(t, c).fit(x.topRows(1)), InputError);
}

TEST(Classifier, RefusesAZeroWidth) {
  ClassifierSpec s = spec(0);
  EXPECT_THROW(Classifier(s, 1), InputError);
}

}  // namespace
}  // namespace topae::nn
