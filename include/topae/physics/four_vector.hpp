#pragma once
// FourVector: a four-momentum (E, px, py, pz) in double precision, metric (+, -, -, -).
// In the spirit of FastJet's PseudoJet, with one name per idea:
//   m2() / m()          invariant mass squared / mass (m() = -sqrt(-m2) when m2 < 0)
//   p2() / p()          |p|^2 / |p| (three-momentum)
//   pt2() / pt()        transverse momentum (to the z axis)
//   rapidity()          0.5 log((E + pz) / (E - pz))
//   pseudorapidity()    asinh(pz / pt)
//   phi()               atan2(py, px), in (-pi, pi]
//   to_rest_frame(f)    this vector seen in the rest frame of the (timelike) four-vector f
//   from_rest_frame(f)  the inverse: a vector given in f's rest frame, seen in the lab
//   parity()            (E, -p): the antipodal map of phase space
#include <cmath>

namespace topae::physics {

class FourVector {
 public:
  constexpr FourVector() = default;
  constexpr FourVector(double e, double px, double py, double pz) : e_(e), px_(px), py_(py), pz_(pz) {}

  constexpr double e() const { return e_; }
  constexpr double px() const { return px_; }
  constexpr double py() const { return py_; }
  constexpr double pz() const { return pz_; }

  constexpr double p2() const { return px_ * px_ + py_ * py_ + pz_ * pz_; }
  double p() const { return std::sqrt(p2()); }
  constexpr double pt2() const { return px_ * px_ + py_ * py_; }
  double pt() const { return std::sqrt(pt2()); }
  constexpr double m2() const { return e_ * e_ - p2(); }
  double m() const {
    const double s = m2();
    return s >= 0 ? std::sqrt(s) : -std::sqrt(-s);
  }
  double rapidity() const { return 0.5 * std::log((e_ + pz_) / (e_ - pz_)); }
  double pseudorapidity() const { return std::asinh(pz_ / pt()); }
  double phi() const { return std::atan2(py_, px_); }

  // Minkowski product a.b = Ea Eb - pa.pb.
  constexpr double dot(const FourVector& b) const { return e_ * b.e_ - px_ * b.px_ - py_ * b.py_ - pz_ * b.pz_; }

  // Boosts. `frame` must be timelike (frame.m2() > 0). Written with the frame's mass rather
  // than its velocity, so they stay accurate for fast frames:
  //   from_rest_frame:  E' = (E Ef + p.Pf) / mf,  p' = p + Pf (E + p.Pf / (Ef + mf)) / mf
  //   to_rest_frame:    the same with Pf -> -Pf.
  FourVector from_rest_frame(const FourVector& frame) const { return boost(frame, frame.m(), +1.0); }
  FourVector to_rest_frame(const FourVector& frame) const { return boost(frame, frame.m(), -1.0); }
  // The same for a frame whose mass is known: E^2 - p^2 of a frame boosted far (E / m ~ 1e8)
  // has lost every digit of m^2 and may even come out negative.
  FourVector from_rest_frame(const FourVector& frame, double frame_mass) const { return boost(frame, frame_mass, +1.0); }

  constexpr FourVector parity() const { return {e_, -px_, -py_, -pz_}; }

  constexpr FourVector& operator+=(const FourVector& b) {
    e_ += b.e_;
    px_ += b.px_;
    py_ += b.py_;
    pz_ += b.pz_;
    return *this;
  }
  constexpr FourVector& operator-=(const FourVector& b) {
    e_ -= b.e_;
    px_ -= b.px_;
    py_ -= b.py_;
    pz_ -= b.pz_;
    return *this;
  }
  constexpr FourVector& operator*=(double s) {
    e_ *= s;
    px_ *= s;
    py_ *= s;
    pz_ *= s;
    return *this;
  }
  friend constexpr FourVector operator+(FourVector a, const FourVector& b) { return a += b; }
  friend constexpr FourVector operator-(FourVector a, const FourVector& b) { return a -= b; }
  friend constexpr FourVector operator*(FourVector a, double s) { return a *= s; }
  friend constexpr FourVector operator*(double s, FourVector a) { return a *= s; }
  friend constexpr bool operator==(const FourVector&, const FourVector&) = default;

 private:
  FourVector boost(const FourVector& frame, double mf, double sign) const {
    const double bx = sign * frame.px_, by = sign * frame.py_, bz = sign * frame.pz_;
    const double pb = px_ * bx + py_ * by + pz_ * bz;
    const double c = (e_ + pb / (frame.e_ + mf)) / mf;
    return {(e_ * frame.e_ + pb) / mf, px_ + c * bx, py_ + c * by, pz_ + c * bz};
  }

  double e_ = 0, px_ = 0, py_ = 0, pz_ = 0;
};

}  // namespace topae::physics
