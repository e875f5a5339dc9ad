#pragma once
// Thread settings: one place that sets OpenMP's and Eigen's thread counts.

namespace topae {

// n <= 0 means every hardware thread.
void set_threads(int n);
int threads();

}  // namespace topae
