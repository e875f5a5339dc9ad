#include "topae/topology/antipodal_symmetry.hpp"

#include <algorithm>
#include <vector>

#include "topae/core/checks.hpp"
#include "topae/topology/neighbours.hpp"

namespace topae::topology {

namespace {

double median(const Eigen::VectorXd& v) {
  std::vector<double> s(v.data(), v.data() + v.size());
  std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2), s.end());
  return s[s.size() / 2];
}

}  // namespace

nlohmann::json AntipodalSymmetry::to_json() const {
  return {{"image_distance", image_distance}, {"neighbour_distance", neighbour_distance},
          {"min_separation", min_separation}, {"symmetric", symmetric},
          {"free", no_fixed_points},                    {"holds", holds()}};
}

AntipodalSymmetry antipodal_symmetry(const Table& x, const Table& ax) {
  checks::check_same_shape("antipodal symmetry", "x", x, "ax", ax);
  const Neighbours nb = nearest_neighbours(x, 1);  // checks n >= 2 and finiteness
  AntipodalSymmetry s;
  s.neighbour_distance = median(nb.distance.col(0));
  s.image_distance = median(distance_to_sample(x, ax));
  s.min_separation = (x - ax).rowwise().norm().minCoeff();
  s.symmetric = s.image_distance <= 1.5 * s.neighbour_distance;
  s.no_fixed_points = s.min_separation > 4 * s.neighbour_distance;
  return s;
}

}  // namespace topae::topology
