//===- JIT.cpp - The LLVM side of norm-run's JIT -------------*- C++ -*-===//
//
// What Session::compile does to the LLVM module that ExecutionEngine
// translates, before it generates code: the sanitizer instrumentation, -O3
// (honouring `optnone`), and the handling of the straight-line entries of
// models (`optnone`), whose packed wrappers and long blocks of calls would
// make LLVM's optimizer and -O0 code generator quadratic.
//
//===----------------------------------------------------------------------===//

#include "JIT.h"

#include "mlir/Support/LLVM.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"

using namespace mlir;
using namespace mlir::norm::runner;
using llvm::Error;
using llvm::Expected;

Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::norm::runner::createJITTarget(const norm::CPUTarget &cpu) {
  Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCPU(cpu.cpu);
  builder->setFeatures(cpu.features);
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  return builder->createTargetMachine();
}

/// Runs LLVM's -O3 pipeline for `target` on `module`, honouring `optnone`.
/// (mlir::makeOptimizingTransformer registers no pass instrumentation, so it
/// optimizes `optnone` functions too: the straight-line entry of a model with
/// hundreds of kernel calls, which norm-optimize-none-callers marks `optnone`
/// so that it is not.)
static Error optimizeAtO3(llvm::Module &module, llvm::TargetMachine *target) {
  llvm::LoopAnalysisManager loopAnalyses;
  llvm::FunctionAnalysisManager functionAnalyses;
  llvm::CGSCCAnalysisManager cgsccAnalyses;
  llvm::ModuleAnalysisManager moduleAnalyses;
  llvm::PassInstrumentationCallbacks instrumentation;
  llvm::OptNoneInstrumentation optNone(/*DebugLogging=*/false);
  optNone.registerCallbacks(instrumentation);

  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = true;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::PassBuilder passBuilder(target, tuning, std::nullopt, &instrumentation);
  passBuilder.registerModuleAnalyses(moduleAnalyses);
  passBuilder.registerCGSCCAnalyses(cgsccAnalyses);
  passBuilder.registerFunctionAnalyses(functionAnalyses);
  passBuilder.registerLoopAnalyses(loopAnalyses);
  passBuilder.crossRegisterProxies(loopAnalyses, functionAnalyses,
                                   cgsccAnalyses, moduleAnalyses);
  llvm::ModulePassManager passes =
      passBuilder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, moduleAnalyses);
  return Error::success();
}

/// The packed wrapper `void _mlir_<f>(void **args)` that mlir::ExecutionEngine
/// emits for each function `f` it compiles (ExecutionEngine.cpp's
/// `makePackedFunctionName`, a private detail of the engine) and
/// `ExecutionEngine::lookupPacked(f)` finds by that name. The two helpers
/// below are the only places here that know the convention.
static constexpr StringLiteral kPackedWrapperPrefix = "_mlir_";

/// The name of the packed wrapper of `function`.
static std::string getPackedWrapperName(StringRef function) {
  return (kPackedWrapperPrefix + function).str();
}

/// The function whose packed wrapper `wrapper` is named for, if it is named
/// as one.
static std::optional<StringRef> getPackedWrapperCallee(StringRef wrapper) {
  if (!wrapper.consume_front(kPackedWrapperPrefix))
    return std::nullopt;
  return wrapper;
}

/// Empties ExecutionEngine's packed wrappers `_mlir_<f>` of the functions `f`
/// that norm-optimize-none-callers made `optnone` (a model's straight-line
/// entry) and returns their callees; buildEntryWrapper rebuilds them after
/// the optimizer. A wrapper loads every argument from the packed array and
/// calls `f`: for a model with thousands of arguments (4,011 for a chain of
/// 200 batch norms) thousands of pointer loads, on which LLVM's module-level
/// CalledValuePropagation grows quadratically (0.9 s at 200 batch norms, a
/// minute at 1,000) and from which nothing is gained.
static SmallVector<llvm::Function *> detachEntryWrappers(llvm::Module &module) {
  SmallVector<llvm::Function *> entries;
  for (llvm::Function &wrapper : module) {
    std::optional<StringRef> name = getPackedWrapperCallee(wrapper.getName());
    if (wrapper.isDeclaration() || !name)
      continue;
    llvm::Function *callee = module.getFunction(*name);
    if (!callee || !callee->hasFnAttribute(llvm::Attribute::OptimizeNone))
      continue;
    wrapper.deleteBody();
    entries.push_back(callee);
  }
  return entries;
}

/// Builds the body of the packed wrapper `void _mlir_<f>(void **args)` of
/// `entry`, `noinline optnone` like `entry`: args[i] points to argument i
/// and args[n] to the result.
static void buildEntryWrapper(llvm::Function *entry) {
  llvm::Module &module = *entry->getParent();
  // The optimizer drops the emptied wrapper as an unused declaration.
  llvm::LLVMContext &context = module.getContext();
  auto *wrapper = cast<llvm::Function>(
      module
          .getOrInsertFunction(getPackedWrapperName(entry->getName()),
                               llvm::Type::getVoidTy(context),
                               llvm::PointerType::getUnqual(context))
          .getCallee());
  wrapper->addFnAttr(llvm::Attribute::NoInline);
  wrapper->addFnAttr(llvm::Attribute::OptimizeNone);
  llvm::Value *argList = wrapper->getArg(0);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", wrapper));
  auto loadPointer = [&](unsigned index) {
    llvm::Value *slot = builder.CreateConstGEP1_64(builder.getPtrTy(),
                                                   argList, index);
    return builder.CreateLoad(builder.getPtrTy(), slot);
  };
  SmallVector<llvm::Value *> args;
  for (llvm::Argument &arg : entry->args())
    args.push_back(builder.CreateLoad(arg.getType(),
                                      loadPointer(arg.getArgNo())));
  llvm::Value *result = builder.CreateCall(entry, args);
  if (!result->getType()->isVoidTy())
    builder.CreateStore(result, loadPointer(entry->arg_size()));
  builder.CreateRetVoid();
}

/// Puts every call in the `optnone` functions of `module` (the straight-line
/// entries of models and their packed wrappers) in a basic block of its own.
/// Those are compiled at -O0, whose fast instruction selector materializes
/// the constants a block uses (global addresses, sizes) at the top of the
/// block, and falls back to SelectionDAG for the rest of a block from an
/// instruction it cannot select. In one block of thousands of calls, the
/// first makes thousands of values live across thousands of calls, which the
/// register allocator resolves in quadratic time (73 s of a model with 1,000
/// transformer blocks); the second puts thousands of loads in one
/// SelectionDAG, whose load clustering is quadratic too.
static void isolateCallsOfOptNoneFunctions(llvm::Module &module) {
  for (llvm::Function &function : module) {
    if (function.isDeclaration() ||
        !function.hasFnAttribute(llvm::Attribute::OptimizeNone))
      continue;
    SmallVector<llvm::CallInst *> calls;
    for (llvm::BasicBlock &block : function)
      for (llvm::Instruction &inst : block)
        if (auto *call = dyn_cast<llvm::CallInst>(&inst))
          if (!isa<llvm::IntrinsicInst>(call))
            calls.push_back(call);
    // From the last call up, so that each split moves only the instructions
    // up to the previous one (splitting moves the block's tail).
    for (llvm::CallInst *call : llvm::reverse(calls)) {
      if (!call->getNextNode()->isTerminator())
        call->getParent()->splitBasicBlock(call->getNextNode());
      if (call != &call->getParent()->front())
        call->getParent()->splitBasicBlock(call);
    }
  }
}

Error mlir::norm::runner::transformForJIT(llvm::Module &module,
                                         llvm::TargetMachine *target,
                                         JITSanitizer sanitizer) {
  instrumentForSanitizer(module, sanitizer);
  SmallVector<llvm::Function *> entries = detachEntryWrappers(module);
  if (Error err = optimizeAtO3(module, target))
    return err;
  for (llvm::Function *entry : entries)
    buildEntryWrapper(entry);
  isolateCallsOfOptNoneFunctions(module);
  return Error::success();
}
