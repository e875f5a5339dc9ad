#include "topae/core/threads.hpp"

#include <omp.h>

#include <Eigen/Core>

namespace topae {

void set_threads(int n) {
  if (n <= 0) n = omp_get_num_procs();
  omp_set_num_threads(n);
  // topae parallelises over the batch itself; Eigen's own GEMM stays single-threaded so that
  // results depend only on the thread count, never on Eigen's blocking heuristics.
  Eigen::setNbThreads(1);
}

int threads() { return omp_get_max_threads(); }

}  // namespace topae
