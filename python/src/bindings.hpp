#pragma once
// The pieces of the _topae extension module, one per file, and what they share.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>
#include <string>

#include "topae/core/matrix.hpp"

namespace topae::python {

namespace py = pybind11;

// An events x columns table in the caller's memory: the Python side hands in C-contiguous
// float64 arrays (topae/_tables.py), which bind here without a copy (noconvert).
using TableView = Eigen::Ref<const Table>;

// JSON crosses into Python as text, read there with json.loads.
inline std::string dump(const nlohmann::json& j) { return j.dump(); }
inline std::string dump(const nlohmann::ordered_json& j) { return j.dump(); }

void bind_errors(py::module_& m);
void bind_models(py::module_& m);
void bind_generators(py::module_& m);
void bind_analysis(py::module_& m);
void bind_topology(py::module_& m);

}  // namespace topae::python
