//===- LowerRuntimeChecks.cpp - norm-lower-runtime-checks ---*- C++ -*-===//
//
// Lowers norm.assert_size into a branch that prints the message with both
// sizes on stderr (dprintf to file descriptor 2) and calls abort.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMLOWERRUNTIMECHECKSPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// `message` as a printf format: `%` escaped, `{0}`/`{1}` as `%lld`, and a
/// newline (the NUL is added by the caller).
static std::string toFormat(StringRef message) {
  std::string format;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '%') {
      format += "%%";
    } else if (message.substr(i).starts_with("{0}") ||
               message.substr(i).starts_with("{1}")) {
      format += "%lld";
      i += 2;
    } else {
      format += message[i];
    }
  }
  return format + "\n";
}

/// The condition under which the check of `op` fails.
static Value buildFailed(OpBuilder &b, AssertSizeOp op) {
  Location loc = op.getLoc();
  Value lhs = op.getLhs(), rhs = op.getRhs();
  switch (op.getRelation()) {
  case SizeRelation::eq:
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, lhs, rhs);
  case SizeRelation::ge:
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, lhs, rhs);
  case SizeRelation::divisible_by: {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value minusOne = arith::ConstantIndexOp::create(b, loc, -1);
    Value isZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
    // A zero divisor is a failure, and every size is divisible by -1; both
    // divide by 1 instead, so that the division is defined (INT64_MIN % -1
    // overflows and traps).
    Value isMinusOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne);
    Value divisor = arith::SelectOp::create(
        b, loc, arith::OrIOp::create(b, loc, isZero, isMinusOne), one, rhs);
    Value remainder = arith::RemSIOp::create(b, loc, lhs, divisor);
    Value nonzero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                          remainder, zero);
    return arith::OrIOp::create(b, loc, isZero, nonzero);
  }
  }
  llvm_unreachable("unknown SizeRelation");
}

namespace {
/// Rewrites every norm.assert_size into
///   scf.if (failed) { dprintf(2, message, lhs, rhs); abort(); }
struct NormLowerRuntimeChecksPass
    : norm::impl::NormLowerRuntimeChecksPassBase<NormLowerRuntimeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<AssertSizeOp> checks;
    module.walk([&](AssertSizeOp op) { checks.push_back(op); });
    if (checks.empty())
      return;
    OpBuilder b(&getContext());
    b.setInsertionPointToStart(module.getBody());
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    Type ptr = LLVM::LLVMPointerType::get(&getContext());
    FailureOr<LLVM::LLVMFuncOp> dprintf = LLVM::lookupOrCreateFn(
        b, module, "dprintf", {i32, ptr}, i32, /*isVarArg=*/true);
    FailureOr<LLVM::LLVMFuncOp> abortFn = LLVM::lookupOrCreateFn(
        b, module, "abort", {}, LLVM::LLVMVoidType::get(&getContext()));
    if (failed(dprintf) || failed(abortFn)) {
      module.emitError("'dprintf' or 'abort' is declared with another type");
      return signalPassFailure();
    }
    // One NUL-terminated format string per distinct message.
    llvm::StringMap<LLVM::GlobalOp> formats;
    auto getFormat = [&](StringRef message) {
      std::string format = toFormat(message);
      LLVM::GlobalOp &global = formats[format];
      if (!global) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(module.getBody());
        format.push_back('\0');
        global = LLVM::GlobalOp::create(
            b, module.getLoc(),
            LLVM::LLVMArrayType::get(b.getI8Type(), format.size()),
            /*isConstant=*/true, LLVM::Linkage::Internal,
            ("norm_check_message_" + Twine(formats.size() - 1)).str(),
            b.getStringAttr(format));
      }
      return global;
    };
    for (AssertSizeOp op : checks) {
      Location loc = op.getLoc();
      b.setInsertionPoint(op);
      Value failedCheck = buildFailed(b, op);
      auto ifOp = scf::IfOp::create(b, loc, failedCheck, /*withElse=*/false);
      b.setInsertionPointToStart(ifOp.thenBlock());
      Value format =
          LLVM::AddressOfOp::create(b, loc, getFormat(op.getMessage()));
      Value stderrFd = LLVM::ConstantOp::create(b, loc, i32, 2);
      Value lhs = arith::IndexCastOp::create(b, loc, i64, op.getLhs());
      Value rhs = arith::IndexCastOp::create(b, loc, i64, op.getRhs());
      LLVM::CallOp::create(b, loc, *dprintf,
                           ValueRange{stderrFd, format, lhs, rhs});
      LLVM::CallOp::create(b, loc, *abortFn, ValueRange{});
      op.erase();
    }
  }
};
} // namespace
