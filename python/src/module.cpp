// _topae: the C++ half of the topae package; topae/*.py is the API users see.
#include "bindings.hpp"
#include "topae/core/version.hpp"

PYBIND11_MODULE(_topae, m) {
  using namespace topae::python;
  m.doc() = "topae's C++ library; use the topae package, not this module";
  m.attr("__version__") = std::string(topae::version());
  bind_errors(m);
  bind_models(m);
  bind_generators(m);
  bind_analysis(m);
  bind_topology(m);
}
