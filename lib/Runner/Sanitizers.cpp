//===- Sanitizers.cpp - Sanitizer instrumentation of JIT code -*- C++ -*-===//
//
// The instrumentation that `norm-run --sanitize=...` applies to the LLVM
// module before the -O3 pipeline and codegen, the way clang's -fsanitize=
// would for a C kernel.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Sanitizers.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Instrumentation/AddressSanitizer.h"
#include "llvm/Transforms/Instrumentation/ThreadSanitizer.h"
#include "llvm/Transforms/Scalar/ScalarizeMaskedMemIntrin.h"

using namespace mlir::norm::runner;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NORM_RUNNER_HAS_ASAN_RUNTIME 1
#endif
#if __has_feature(thread_sanitizer)
#define NORM_RUNNER_HAS_TSAN_RUNTIME 1
#endif
#endif

llvm::StringRef
mlir::norm::runner::getJITSanitizerName(JITSanitizer sanitizer) {
  switch (sanitizer) {
  case JITSanitizer::None:
    return "none";
  case JITSanitizer::Address:
    return "address";
  case JITSanitizer::Thread:
    return "thread";
  }
  llvm_unreachable("unknown JITSanitizer");
}

llvm::Error
mlir::norm::runner::checkJITSanitizerRuntime(JITSanitizer sanitizer) {
  bool present = false;
  llvm::StringRef flag;
  switch (sanitizer) {
  case JITSanitizer::None:
    return llvm::Error::success();
  case JITSanitizer::Address:
    flag = "-DNORM_SANITIZER=address (scripts/test-sanitized.sh)";
#ifdef NORM_RUNNER_HAS_ASAN_RUNTIME
    present = true;
#endif
    break;
  case JITSanitizer::Thread:
    flag = "-DNORM_SANITIZER=thread (scripts/test-tsan.sh)";
#ifdef NORM_RUNNER_HAS_TSAN_RUNTIME
    present = true;
#endif
    break;
  }
  if (present)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "--sanitize=" + getJITSanitizerName(sanitizer) +
          " needs the sanitizer runtime in norm-run itself, but this norm-run "
          "was built without it; use a build configured with " +
          flag);
}

/// Announces every load and store that ThreadSanitizerPass would skip for its
/// size (anything but 1, 2, 4, 8 or 16 bytes: the 32- and 64-byte vectors
/// of AVX2 and AVX-512) with a call to `__tsan_read_range` /
/// `__tsan_write_range` over the bytes it accesses, so that the vector
/// kernels are checked as they run in production.
static void addTSanRangeChecks(llvm::Module &module) {
  const llvm::DataLayout &layout = module.getDataLayout();
  llvm::LLVMContext &context = module.getContext();
  llvm::Type *ptrType = llvm::PointerType::get(context, 0);
  llvm::Type *sizeType = layout.getIntPtrType(context);
  auto *rangeType = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                            {ptrType, sizeType}, false);
  llvm::FunctionCallee readRange =
      module.getOrInsertFunction("__tsan_read_range", rangeType);
  llvm::FunctionCallee writeRange =
      module.getOrInsertFunction("__tsan_write_range", rangeType);

  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    for (llvm::Instruction &inst : llvm::instructions(function)) {
      llvm::Type *type;
      llvm::Value *pointer;
      bool isWrite;
      if (auto *load = llvm::dyn_cast<llvm::LoadInst>(&inst)) {
        type = load->getType();
        pointer = load->getPointerOperand();
        isWrite = false;
      } else if (auto *store = llvm::dyn_cast<llvm::StoreInst>(&inst)) {
        type = store->getValueOperand()->getType();
        pointer = store->getPointerOperand();
        isWrite = true;
      } else {
        continue;
      }
      if (type->isScalableTy() || pointer->getType()->getPointerAddressSpace())
        continue;
      uint64_t bytes = layout.getTypeStoreSize(type).getFixedValue();
      if (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 || bytes == 16)
        continue;
      llvm::IRBuilder<> builder(&inst);
      builder.CreateCall(isWrite ? writeRange : readRange,
                         {pointer, llvm::ConstantInt::get(sizeType, bytes)});
    }
  }
}

void mlir::norm::runner::instrumentForSanitizer(llvm::Module &module,
                                                JITSanitizer sanitizer) {
  if (sanitizer == JITSanitizer::None)
    return;
  llvm::Attribute::AttrKind attribute = sanitizer == JITSanitizer::Address
                                            ? llvm::Attribute::SanitizeAddress
                                            : llvm::Attribute::SanitizeThread;
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.addFnAttr(attribute);

  // No TargetMachine: its TTI would call the AVX masked loads legal and
  // ScalarizeMaskedMemIntrinPass would keep them; the instrumentation
  // passes themselves need no target information.
  llvm::LoopAnalysisManager loopAM;
  llvm::FunctionAnalysisManager functionAM;
  llvm::CGSCCAnalysisManager cgsccAM;
  llvm::ModuleAnalysisManager moduleAM;
  llvm::PassBuilder builder;
  builder.registerModuleAnalyses(moduleAM);
  builder.registerCGSCCAnalyses(cgsccAM);
  builder.registerFunctionAnalyses(functionAM);
  builder.registerLoopAnalyses(loopAM);
  builder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);

  llvm::ModulePassManager modulePM;
  if (sanitizer == JITSanitizer::Address) {
    // The module constructor (__asan_init, the version check, the
    // registration of the globals' redzones) runs from
    // ExecutionEngine::initialize. Globals are registered through an array,
    // not the ELF `asan_globals` section and its linker-defined
    // __start_/__stop_ symbols, which the JIT linker does not provide.
    llvm::AddressSanitizerOptions options;
    modulePM.addPass(llvm::AddressSanitizerPass(options, /*UseGlobalGC=*/false,
                                                /*UseOdrIndicator=*/false));
  } else {
    llvm::ModulePassManager scalarizePM;
    scalarizePM.addPass(llvm::createModuleToFunctionPassAdaptor(
        llvm::ScalarizeMaskedMemIntrinPass()));
    scalarizePM.run(module, moduleAM);
    addTSanRangeChecks(module);
    moduleAM.invalidate(module, llvm::PreservedAnalyses::none());
    modulePM.addPass(llvm::ModuleThreadSanitizerPass());
    modulePM.addPass(
        llvm::createModuleToFunctionPassAdaptor(llvm::ThreadSanitizerPass()));
  }
  modulePM.run(module, moduleAM);
}
