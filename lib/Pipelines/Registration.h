//===- Registration.h - Registering a checked pipeline ----------*- C++ -*-===//
//
// The one way norm-cpu-pipeline and norm-gpu-pipeline are registered: parse
// the options, then check and build through the same function the C API
// calls, with every error prefixed by the pipeline's name.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_PIPELINES_REGISTRATION_H
#define NORM_LIB_PIPELINES_REGISTRATION_H

#include "mlir/Pass/PassRegistry.h"

namespace mlir::norm {

/// Registers the pipeline `name` (a string literal) whose options `OptionsT`
/// are checked and the passes added by `checkAndBuild(pm, options,
/// reportError)`.
template <typename OptionsT, typename CheckAndBuildFn>
void registerCheckedPipeline(StringLiteral name, StringLiteral description,
                             CheckAndBuildFn checkAndBuild) {
  registerPassPipeline(
      name, description,
      [name, checkAndBuild](
          OpPassManager &pm, StringRef text,
          function_ref<LogicalResult(const Twine &)> errorHandler) {
        OptionsT options;
        if (failed(options.parseFromString(text)))
          return failure();
        return checkAndBuild(pm, options, [&](const Twine &message) {
          return errorHandler(name + ": " + message);
        });
      },
      [](function_ref<void(const detail::PassOptions &)> optionsHandler) {
        optionsHandler(OptionsT());
      });
}

} // namespace mlir::norm

#endif // NORM_LIB_PIPELINES_REGISTRATION_H
