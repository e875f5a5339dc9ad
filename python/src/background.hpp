#pragma once
// Long work with the GIL released: the job runs on a worker thread while the calling thread
// waits, waking every few milliseconds to run Python's signal handlers (so that Ctrl-C stops
// the job at its next interrupt check, topae/core/interrupt.hpp) and to deliver the job's
// progress to Python. Python is only ever called from the calling thread, with the GIL held.
#include <pybind11/pybind11.h>

#include <csignal>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <vector>

#include "topae/core/interrupt.hpp"

namespace topae::python {

// Calls the job posts from its threads, run later on the Python thread in the order posted.
class PythonCalls {
 public:
  void post(std::function<void()> call) {
    const std::lock_guard lock(mutex_);
    pending_.push_back(std::move(call));
  }
  std::vector<std::function<void()>> take() {
    const std::lock_guard lock(mutex_);
    return std::exchange(pending_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> pending_;
};

// Runs job() (which must not touch Python objects) on a worker thread and returns its result.
// A KeyboardInterrupt, or an exception raised by a posted call, stops the job and is raised
// here once it has ended; the job's own exceptions are rethrown as they are.
template <class Job>
auto run_without_gil(Job&& job, PythonCalls* calls = nullptr) -> decltype(job()) {
  namespace py = pybind11;
  auto result = std::async(std::launch::async, std::forward<Job>(job));
  std::optional<py::error_already_set> python_error;
  const auto stop_with = [&](py::error_already_set error) {
    if (!python_error) python_error = std::move(error);
    request_interrupt(SIGINT);
  };
  const auto deliver = [&] {
    if (!calls) return;
    for (auto& call : calls->take()) {
      if (python_error) break;  // the job is stopping: no more progress
      try {
        call();
      } catch (py::error_already_set& e) {
        stop_with(std::move(e));
      }
    }
  };
  for (;;) {
    std::future_status status;
    {
      const py::gil_scoped_release release;
      status = result.wait_for(std::chrono::milliseconds(20));
    }
    deliver();
    if (status == std::future_status::ready) break;
    if (!python_error && PyErr_CheckSignals() != 0) stop_with(py::error_already_set());
  }
  if (python_error) {
    clear_interrupt();
    try {
      (void)result.get();
    } catch (const Interrupted&) {
    }
    throw std::move(*python_error);
  }
  return result.get();
}

}  // namespace topae::python
