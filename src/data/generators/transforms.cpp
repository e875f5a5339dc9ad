#include "topae/data/generators/transforms.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <cmath>
#include <string>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

namespace {

std::vector<Index> feature_indices(const Dataset& d) {
  std::vector<Index> indices;
  for (Index j = 0; j < static_cast<Index>(d.columns.size()); ++j) {
    if (!d.is_truth(d.columns[static_cast<std::size_t>(j)])) indices.push_back(j);
  }
  return indices;
}

// Eigen's blocked products choose their block sizes by the thread count; one thread while
// the rotation is computed keeps it the same matrix for any --threads.
class SingleThreadedEigen {
 public:
  SingleThreadedEigen() : saved_(Eigen::nbThreads()) { Eigen::setNbThreads(1); }
  ~SingleThreadedEigen() { Eigen::setNbThreads(saved_); }
  SingleThreadedEigen(const SingleThreadedEigen&) = delete;
  SingleThreadedEigen& operator=(const SingleThreadedEigen&) = delete;

 private:
  int saved_;
};

}  // namespace

void add_noise(Dataset& d, double sigma, std::uint64_t seed, Index first_row) {
  if (!(sigma >= 0) || !std::isfinite(sigma)) throw InputError(fmt::format("--noise must be >= 0, got {}", sigma));
  if (sigma == 0) return;
  const auto features = feature_indices(d);
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < d.n_events(); ++i) {
    RandomStream rng(seed, sample_stream(StreamTag::noise, static_cast<std::uint64_t>(first_row + i)));
    for (const Index j : features) d.values(i, j) += sigma * rng.normal();
  }
}

Eigen::MatrixXd random_orthogonal(Index D, std::uint64_t seed) {
  if (D < 1) throw InputError(fmt::format("--embed-dim must be at least 1, got {}", D));
  RandomStream rng(seed, sample_stream(StreamTag::rotation, 0));
  Eigen::MatrixXd g(D, D);  // D x D standard normals, column by column
  for (Index j = 0; j < D; ++j) {
    for (Index i = 0; i < D; ++i) g(i, j) = rng.normal();
  }
  const SingleThreadedEigen single;
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
  Eigen::MatrixXd q = qr.householderQ();
  // Q R = G with R's diagonal made positive: Q is then Haar-distributed (Mezzadri 2007).
  for (Index j = 0; j < D; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) *= -1.0;
  }
  return q;
}

void embed(Dataset& d, Index D, std::uint64_t seed) {
  const auto a = static_cast<Index>(feature_indices(d).size());
  if (D < a || D < 1) {
    throw InputError(fmt::format("--embed-dim must be at least the ambient dimension {}, got {}", a, D));
  }
  embed(d, random_orthogonal(D, seed));
}

void embed(Dataset& d, const Eigen::MatrixXd& rotation) {
  const auto features = feature_indices(d);
  const auto a = static_cast<Index>(features.size());
  const Index D = rotation.rows();
  const Eigen::MatrixXd q_a = rotation.leftCols(a);  // D x a: the image of the padded coordinates

  std::vector<Index> truth_indices;
  for (Index j = 0; j < static_cast<Index>(d.columns.size()); ++j) {
    if (d.is_truth(d.columns[static_cast<std::size_t>(j)])) truth_indices.push_back(j);
  }
  const auto t = static_cast<Index>(truth_indices.size());

  Table out(d.n_events(), D + t);
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < d.n_events(); ++i) {
    Eigen::VectorXd x(a);
    for (Index k = 0; k < a; ++k) x(k) = d.values(i, features[static_cast<std::size_t>(k)]);
    out.row(i).head(D) = (q_a * x).transpose();
    for (Index k = 0; k < t; ++k) out(i, D + k) = d.values(i, truth_indices[static_cast<std::size_t>(k)]);
  }

  std::vector<std::string> columns;
  for (Index k = 1; k <= D; ++k) columns.push_back(fmt::format("x{}", k));
  for (const Index j : truth_indices) columns.push_back(d.columns[static_cast<std::size_t>(j)]);
  d.columns = std::move(columns);
  d.values = std::move(out);
}

}  // namespace topae::data
