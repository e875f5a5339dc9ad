#pragma once
// A chart of massless three-body phase space at energy E: five parameters u = (a, b, w) for a
// neighbourhood as large as the whole space, used to search it for Borsuk-Ulam pairs.
//
// (a, b) choose the energies: the barycentric weights softmax(a, b, 0) on the corners
// (1, 1), (1, 0), (0, 1) of the Dalitz triangle in x_i = 2 E_i / E give (x_1, x_2), so every
// (a, b) is a point inside the triangle and the map is smooth. The momenta lie in a plane;
// in the canonical frame p_1 is along x and p_2 in the upper xy half-plane. w is a rotation
// vector applied in that frame before the reference frame of the chart's centre event, so
// u = start() gives that event back.
#include <Eigen/Core>
#include <array>
#include <span>

#include "topae/physics/four_vector.hpp"

namespace topae::physics {

class ThreeBodyChart {
 public:
  // `event`: three massless momenta summing to (E, 0, 0, 0), not collinear, none soft
  // (all x_i in (0, 1)); otherwise InputError.
  explicit ThreeBodyChart(std::span<const FourVector> event);

  double energy() const { return energy_; }
  // The parameters of the centre event.
  Eigen::VectorXd start() const;
  std::array<FourVector, 3> event(const Eigen::VectorXd& u) const;

 private:
  double energy_ = 0;
  Eigen::Matrix3d frame_;  // columns: the canonical x, y, z axes of the centre event
  double a_ = 0, b_ = 0;
};

}  // namespace topae::physics
