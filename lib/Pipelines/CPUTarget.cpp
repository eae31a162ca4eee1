//===- CPUTarget.cpp - The CPU norm-cpu-pipeline compiles for ---*- C++ -*-===//

#include "norm/Pipelines/CPUTarget.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>

using namespace llvm;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

Expected<mlir::norm::CPUTarget>
mlir::norm::resolveCPUTarget(StringRef cpu, StringRef features) {
  InitializeNativeTarget();
  CPUTarget target;
  target.triple = sys::getProcessTriple();
  Triple triple(target.triple);
  std::string lookupError;
  const Target *llvmTarget = TargetRegistry::lookupTarget(triple, lookupError);
  if (!llvmTarget)
    return makeError("no LLVM target for the host triple '" + target.triple +
                     "': " + lookupError);

  bool host = cpu.empty() || cpu == "host";
  target.cpu = host ? sys::getHostCPUName().str() : cpu.str();
  // The feature names and CPUs of the architecture, to check the options
  // against (MCSubtargetInfo would only warn and ignore unknown ones).
  std::unique_ptr<MCSubtargetInfo> generic(
      llvmTarget->createMCSubtargetInfo(triple, "", ""));
  if (!generic)
    return makeError("no subtarget information for '" + target.triple + "'");
  if (!host && !generic->isCPUStringValid(target.cpu))
    return makeError("'target-cpu' names no CPU of " + triple.getArchName() +
                     " that LLVM knows: '" + cpu + "'");

  SubtargetFeatures all;
  // The host's CPU name may not imply what it has (or lacks: a VM masks
  // features), so its detected features come first.
  if (host)
    for (const auto &feature : sys::getHostCPUFeatures())
      all.AddFeature(feature.first(), feature.second);
  SmallVector<StringRef> requested;
  SplitString(features, requested, ",");
  for (StringRef entry : requested) {
    entry = entry.trim();
    StringRef name = entry.drop_front();
    bool known = llvm::any_of(
        generic->getAllProcessorFeatures(),
        [&](const SubtargetFeatureKV &kv) { return name == kv.Key; });
    if ((!entry.starts_with("+") && !entry.starts_with("-")) || !known)
      return makeError("'target-features' takes comma-separated +name / "
                       "-name entries of " +
                       triple.getArchName() +
                       " features that LLVM knows, "
                       "not '" +
                       entry + "'");
    all.AddFeature(entry);
  }
  target.features = all.getString();

  std::unique_ptr<MCSubtargetInfo> subtarget(
      llvmTarget->createMCSubtargetInfo(triple, target.cpu, target.features));
  auto has = [&](StringRef name) {
    return subtarget->checkFeatures(("+" + name).str());
  };
  if (triple.isX86()) {
    if (has("avx512f"))
      target.vectorWidth = 16;
    else if (has("avx2") || has("avx"))
      target.vectorWidth = 8;
    target.nativeBF16 = has("avx512bf16") && has("avx512vl");
  }
  return target;
}
