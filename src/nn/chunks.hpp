#pragma once
// Evaluating a network on many events: the columns in chunks large enough for efficient GEMMs
// and small enough for cache, spread over the OpenMP threads.
#include <omp.h>

#include <algorithm>

#include "topae/core/matrix.hpp"

namespace topae::nn {

inline constexpr Index kEvalChunk = 1024;  // events per chunk

// Calls body(chunk, begin, workspace) for each chunk of x's columns (chunk = x's columns begin,
// begin + 1, ...); each thread has a Workspace of its own. Chunks never overlap, so `body` may
// write its results at [begin, begin + chunk.cols()) of shared outputs.
template <typename Workspace, typename Body>
void for_each_chunk(const MatrixXf& x, Body&& body) {
  const Index n = x.cols();
  const Index n_chunks = (n + kEvalChunk - 1) / kEvalChunk;
  const int n_threads = static_cast<int>(std::min<Index>(omp_get_max_threads(), n_chunks));
#pragma omp parallel num_threads(n_threads) if (n_threads > 1)
  {
    Workspace ws;
    MatrixXf chunk;
#pragma omp for schedule(static)
    for (Index c = 0; c < n_chunks; ++c) {
      const Index begin = c * kEvalChunk;
      chunk = x.middleCols(begin, std::min(kEvalChunk, n - begin));
      body(chunk, begin, ws);
    }
  }
}

}  // namespace topae::nn
