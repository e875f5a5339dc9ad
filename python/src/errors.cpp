// topae's exceptions as Python's: bad input is a ValueError with the library's message, an
// interrupted job a KeyboardInterrupt, any other failure a RuntimeError.
#include "bindings.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"

namespace topae::python {

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const nlohmann::json::exception& e) {
      // A setting of the wrong type, read from the JSON the Python side builds.
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

}  // namespace topae::python
