//===- NormSyntax.cpp - Norm op syntax ------------------------*- C++ -*-===//
//
// The one custom assembly format of the norm ops (the six forward ops and
// their gradients); the statistics (or parameter gradient) result types it
// leaves unwritten are inferred in NormResultTypes.cpp:
//
//   op            ::= `norm.` name %input operand-group* attr-dict
//                     `:` type(input) (`->` result-item (`,` result-item)*)?
//   operand-group ::= operand-name `(` %value `:` type `)`
//   result-item   ::= result-name (`(` type `)`)?
//
// Operand groups are every operand but `input`, result items every result but
// `output` (which has the input's type), both by ODS name and in ODS order;
// optional ones may be left out. A result item without a type has the type
// the verifier requires, inferred from the input type and the attributes
// (the input type itself for the `sum` of the row norms); the printer writes
// the type only when it differs from that one.
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallVectorExtras.h"

using namespace mlir;
using namespace mlir::norm;

//===----------------------------------------------------------------------===//
// What the syntax needs to know of each op
//===----------------------------------------------------------------------===//

namespace {
/// An operand but `input`, or a result but `output`, as the syntax names it:
/// its ODS name and whether it may be absent.
struct SyntaxGroup {
  StringLiteral name;
  bool optional;
  /// A result with the input's type (`sum`) rather than the statistics type.
  bool inputTyped = false;
};

/// The operand and result groups of `OpTy` after `input`/`output`, in ODS
/// order (index i here is ODS operand/result i + 1), and the inferred type of
/// its statistics results from an op or an adaptor (`statisticsType`).
template <typename OpTy>
struct NormOpSyntax;

/// The statistics of a row norm: one per instance, over the dims from `axis`.
struct RowStatisticsSyntax {
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor op,
                                         RankedTensorType inputType) {
    return inferRowStatisticsType(inputType, op.getAxis(),
                                  op.getAccTypeAttr());
  }
};

/// An op without statistics results.
struct NoStatisticsSyntax {
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor, RankedTensorType) {
    return nullptr;
  }
};

template <>
struct NormOpSyntax<LayerNormOp> : RowStatisticsSyntax {
  static constexpr SyntaxGroup operands[] = {
      {"residual", true}, {"scale", true}, {"bias", true}};
  static constexpr SyntaxGroup results[] = {
      {"sum", true, true}, {"mean", true}, {"inv_std_dev", true}};
};

template <>
struct NormOpSyntax<RMSNormOp> : RowStatisticsSyntax {
  static constexpr SyntaxGroup operands[] = {{"residual", true},
                                             {"scale", true}};
  static constexpr SyntaxGroup results[] = {{"sum", true, true},
                                            {"inv_rms", true}};
};

template <>
struct NormOpSyntax<BatchNormOp> : NoStatisticsSyntax {
  static constexpr SyntaxGroup operands[] = {
      {"scale", false}, {"bias", false}, {"mean", false}, {"var", false}};
  static constexpr ArrayRef<SyntaxGroup> results = {};
};

template <>
struct NormOpSyntax<BatchNormTrainOp> {
  static constexpr SyntaxGroup operands[] = {{"scale", false},
                                             {"bias", false},
                                             {"running_mean", true},
                                             {"running_var", true}};
  static constexpr SyntaxGroup results[] = {{"batch_mean", false},
                                            {"batch_var", false},
                                            {"new_running_mean", true},
                                            {"new_running_var", true}};
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor op,
                                         RankedTensorType inputType) {
    return inferChannelStatisticsType(inputType, op.getFeatureAxis(),
                                      op.getAccTypeAttr());
  }
};

template <>
struct NormOpSyntax<GroupNormOp> {
  static constexpr SyntaxGroup operands[] = {{"scale", false},
                                             {"bias", false}};
  static constexpr SyntaxGroup results[] = {{"mean", true},
                                            {"inv_std_dev", true}};
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor op,
                                         RankedTensorType inputType) {
    // `num_groups` is required; the parser may not have seen it.
    if (!op.getNumGroupsAttr())
      return nullptr;
    return inferGroupStatisticsType(inputType, op.getNumGroups(),
                                    op.getAccTypeAttr());
  }
};

template <>
struct NormOpSyntax<InstanceNormOp> : NoStatisticsSyntax {
  static constexpr SyntaxGroup operands[] = {{"scale", false},
                                             {"bias", false}};
  static constexpr ArrayRef<SyntaxGroup> results = {};
};

/// The gradient ops: the results after `dx` are the parameter gradients,
/// whose inferred type (`statisticsType` here) is that of the parameters
/// (detail::inferNormalizedParameterType, detail::inferChannelParameterType,
/// NormResultTypes.cpp).
using mlir::norm::detail::inferChannelParameterType;
using mlir::norm::detail::inferNormalizedParameterType;

/// The parameter gradients of a row norm: the shape of the normalized dims.
struct RowParameterSyntax {
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor op,
                                         RankedTensorType inputType) {
    return inferNormalizedParameterType(inputType, op.getAxis());
  }
};

template <> struct NormOpSyntax<LayerNormGradOp> : RowParameterSyntax {
  static constexpr SyntaxGroup operands[] = {
      {"x", false}, {"mean", false}, {"inv_std_dev", false}, {"scale", true}};
  static constexpr SyntaxGroup results[] = {{"dscale", true}, {"dbias", true}};
};

template <> struct NormOpSyntax<RMSNormGradOp> : RowParameterSyntax {
  static constexpr SyntaxGroup operands[] = {
      {"x", false}, {"inv_rms", false}, {"scale", true}};
  static constexpr SyntaxGroup results[] = {{"dscale", true}};
};

template <> struct NormOpSyntax<BatchNormGradOp> {
  static constexpr SyntaxGroup operands[] = {
      {"x", false}, {"mean", false}, {"var", false}, {"scale", false}};
  static constexpr SyntaxGroup results[] = {{"dscale", true}, {"dbias", true}};
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor op,
                                         RankedTensorType inputType) {
    return inferChannelParameterType(inputType, op.getFeatureAxis());
  }
};

template <> struct NormOpSyntax<GroupNormGradOp> {
  static constexpr SyntaxGroup operands[] = {
      {"x", false}, {"mean", false}, {"inv_std_dev", false}, {"scale", false}};
  static constexpr SyntaxGroup results[] = {{"dscale", true}, {"dbias", true}};
  template <typename OpOrAdaptor>
  static RankedTensorType statisticsType(OpOrAdaptor,
                                         RankedTensorType inputType) {
    return inferChannelParameterType(inputType, 1);
  }
};
} // namespace

/// The names of `groups` as `'a', 'b' or 'c'`, for diagnostics.
static std::string joinNames(ArrayRef<SyntaxGroup> groups) {
  std::string str;
  llvm::raw_string_ostream os(str);
  for (auto [i, group] : llvm::enumerate(groups)) {
    if (i > 0)
      os << (i + 1 == groups.size() ? " or " : ", ");
    os << "'" << group.name << "'";
  }
  return str;
}

/// Index of the group named `name` in `groups`, if any.
static std::optional<size_t> findGroup(ArrayRef<SyntaxGroup> groups,
                                       StringRef name) {
  for (auto [i, group] : llvm::enumerate(groups))
    if (group.name == name)
      return i;
  return std::nullopt;
}

/// Parses the list of `groups` led by their names: the operand groups after
/// the input (`commaSeparated` false) or the result items after the arrow at
/// `startLoc` (true, at least one). Each group comes at most once, in order,
/// and none of the required ones is left out. `parseBody` parses what follows
/// the name of group i, which is at the given location; `what` is "operand"
/// or "result", for diagnostics.
static ParseResult
parseGroupList(OpAsmParser &parser, StringRef opName,
               ArrayRef<SyntaxGroup> groups, bool commaSeparated,
               SMLoc startLoc, StringRef what, SmallVectorImpl<bool> &present,
               function_ref<ParseResult(size_t, SMLoc)> parseBody) {
  present.assign(groups.size(), false);
  size_t next = 0;
  // Where a missing group is reported: the token in its place for operand
  // groups; the last result item (a result list ends without a token of its
  // own, and the next one may be on another line).
  SMLoc lastLoc = startLoc;
  // An operand group may start with any keyword (no other bare word can
  // follow the input); a result item only with a result name, since the
  // keyword of the next op (`return`) may follow the list.
  SmallVector<StringRef> names = llvm::map_to_vector(
      groups, [](SyntaxGroup group) -> StringRef { return group.name; });
  // Reports the first required group in [next, end), missing at `loc`.
  auto checkRequired = [&](size_t end, SMLoc loc,
                           StringRef before) -> ParseResult {
    for (size_t i = next; i < end; ++i) {
      if (groups[i].optional)
        continue;
      InFlightDiagnostic diag = parser.emitError(loc)
                                << "'" << opName << "' expects the " << what
                                << " '" << groups[i].name << "'";
      if (!before.empty())
        diag << " before '" << before << "'";
      return diag;
    }
    return success();
  };
  for (bool first = true;; first = false) {
    SMLoc commaLoc = parser.getCurrentLocation();
    if (commaSeparated && !first && failed(parser.parseOptionalComma()))
      break;
    SMLoc loc = parser.getCurrentLocation();
    StringRef keyword;
    if (failed(commaSeparated ? parser.parseOptionalKeyword(&keyword, names)
                              : parser.parseOptionalKeyword(&keyword))) {
      if (!commaSeparated)
        break;
      return parser.emitError(first ? startLoc : commaLoc)
             << "expected a result of '" << opName << "' after '"
             << (first ? "->" : ",") << "': " << joinNames(groups);
    }
    std::optional<size_t> index = findGroup(groups, keyword);
    if (!index)
      return parser.emitError(loc)
             << "'" << keyword << "' is not an operand of '" << opName
             << "' (expected " << joinNames(groups) << ")";
    if (present[*index])
      return parser.emitError(loc)
             << "the " << what << " '" << keyword << "' is given twice";
    if (*index < next)
      return parser.emitError(loc)
             << "the " << what << " '" << keyword << "' must come before '"
             << groups[next - 1].name << "'";
    if (failed(checkRequired(*index, loc, keyword)))
      return failure();
    present[*index] = true;
    next = *index + 1;
    lastLoc = loc;
    if (parseBody(*index, loc))
      return failure();
  }
  return checkRequired(groups.size(),
                       commaSeparated ? lastLoc : parser.getCurrentLocation(),
                       "");
}

/// Parses `OpTy` in the syntax above.
template <typename OpTy>
static ParseResult parseNormOp(OpAsmParser &parser, OperationState &result) {
  using Syntax = NormOpSyntax<OpTy>;
  ArrayRef<SyntaxGroup> operandGroups = Syntax::operands;
  ArrayRef<SyntaxGroup> resultGroups = Syntax::results;
  StringRef opName = result.name.getStringRef();

  OpAsmParser::UnresolvedOperand input;
  SMLoc inputLoc = parser.getCurrentLocation();
  if (parser.parseOperand(input))
    return failure();

  SmallVector<OpAsmParser::UnresolvedOperand> operands(operandGroups.size());
  SmallVector<Type> operandTypes(operandGroups.size());
  SmallVector<bool> operandPresent;
  if (parseGroupList(parser, opName, operandGroups, /*commaSeparated=*/false,
                     inputLoc, "operand", operandPresent,
                     [&](size_t i, SMLoc) {
                       return failure(parser.parseLParen() ||
                                      parser.parseOperand(operands[i]) ||
                                      parser.parseColonType(operandTypes[i]) ||
                                      parser.parseRParen());
                     }))
    return failure();

  SMLoc attrLoc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDict(result.attributes) ||
      failed(result.name.verifyInherentAttrs(result.attributes, [&]() {
        return parser.emitError(attrLoc) << "'" << opName << "' op ";
      })))
    return failure();

  RankedTensorType inputType;
  if (parser.parseColon())
    return failure();
  SMLoc typeLoc = parser.getCurrentLocation();
  if (parser.parseType(inputType))
    return failure();

  SmallVector<Type> resultTypes(resultGroups.size());
  SmallVector<SMLoc> resultLocs(resultGroups.size());
  SmallVector<bool> resultPresent(resultGroups.size(), false);
  SMLoc arrowLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalArrow())) {
    if (resultGroups.empty())
      return parser.emitError(arrowLoc)
             << "'" << opName << "' has no results besides the output";
    if (parseGroupList(parser, opName, resultGroups, /*commaSeparated=*/true,
                       arrowLoc, "result", resultPresent,
                       [&](size_t i, SMLoc loc) {
                         resultLocs[i] = loc;
                         if (failed(parser.parseOptionalLParen()))
                           return success();
                         return failure(parser.parseType(resultTypes[i]) ||
                                        parser.parseRParen());
                       }))
      return failure();
  } else {
    // The results of the old syntax, `: type name(type)`, without the arrow.
    for (SyntaxGroup group : resultGroups)
      if (succeeded(parser.parseOptionalKeyword(group.name)))
        return parser.emitError(arrowLoc)
               << "expected '->' before the result '" << group.name << "'";
    auto required = llvm::find_if(
        resultGroups, [](SyntaxGroup group) { return !group.optional; });
    if (required != resultGroups.end())
      return parser.emitError(typeLoc)
             << "'" << opName << "' expects '-> " << required->name
             << ", ...' after the input type";
  }

  // Segment sizes, then the attributes with their defaults for inference.
  using Properties = typename OpTy::Properties;
  Properties &properties = result.getOrAddProperties<Properties>();
  auto segmentSizes = [](ArrayRef<bool> present) {
    SmallVector<int32_t> sizes = {1};
    for (bool p : present)
      sizes.push_back(p ? 1 : 0);
    return sizes;
  };
  if constexpr (OpTy::template hasTrait<OpTrait::AttrSizedOperandSegments>())
    llvm::copy(segmentSizes(operandPresent),
               properties.operandSegmentSizes.begin());
  if constexpr (OpTy::template hasTrait<OpTrait::AttrSizedResultSegments>())
    llvm::copy(segmentSizes(resultPresent),
               properties.resultSegmentSizes.begin());
  Properties attrProperties = properties;
  OpTy::populateDefaultProperties(result.name, attrProperties);
  DictionaryAttr attrs = result.attributes.getDictionary(parser.getContext());
  if (failed(OpTy::setPropertiesFromAttr(attrProperties, attrs, [&]() {
        return parser.emitError(attrLoc);
      })))
    return failure();
  typename OpTy::Adaptor adaptor(ValueRange(), attrs, attrProperties);

  // Results: the output, then the statistics, inferred where not written.
  result.addTypes(inputType);
  for (auto [i, group] : llvm::enumerate(resultGroups)) {
    if (!resultPresent[i])
      continue;
    if (!resultTypes[i]) {
      resultTypes[i] = group.inputTyped
                           ? inputType
                           : Syntax::statisticsType(adaptor, inputType);
      if (!resultTypes[i])
        return parser.emitError(resultLocs[i])
               << "cannot infer the type of '" << group.name << "' from "
               << inputType << " and the attributes; write '" << group.name
               << "(<type>)'";
    }
    result.addTypes(resultTypes[i]);
  }

  if (parser.resolveOperand(input, inputType, result.operands))
    return failure();
  for (auto [i, present] : llvm::enumerate(operandPresent))
    if (present &&
        parser.resolveOperand(operands[i], operandTypes[i], result.operands))
      return failure();
  return success();
}

/// Prints `op` in the syntax above: default-valued attributes elided, result
/// types only where they differ from the inferred ones.
template <typename OpTy>
static void printNormOp(OpTy op, OpAsmPrinter &p) {
  using Syntax = NormOpSyntax<OpTy>;
  ArrayRef<SyntaxGroup> operandGroups = Syntax::operands;
  ArrayRef<SyntaxGroup> resultGroups = Syntax::results;

  p << ' ' << op.getInput();
  for (auto [i, group] : llvm::enumerate(operandGroups))
    for (Value value : op.getODSOperands(i + 1))
      p << ' ' << group.name << '(' << value << " : " << value.getType()
        << ')';

  typename OpTy::Properties defaults;
  OpTy::populateDefaultProperties(op->getName(), defaults);
  auto defaultAttrs = cast<DictionaryAttr>(
      OpTy::getPropertiesAsAttr(op.getContext(), defaults));
  SmallVector<StringRef> elided = {"operandSegmentSizes",
                                   "resultSegmentSizes"};
  for (NamedAttribute attr : op->getAttrs())
    if (defaultAttrs.get(attr.getName()) == attr.getValue())
      elided.push_back(attr.getName().getValue());
  p.printOptionalAttrDict(op->getAttrs(), elided);

  RankedTensorType inputType = op.getInput().getType();
  p << " : " << inputType;
  RankedTensorType inferred = Syntax::statisticsType(op, inputType);
  StringRef separator = " -> ";
  for (auto [i, group] : llvm::enumerate(resultGroups)) {
    for (Value value : op.getODSResults(i + 1)) {
      p << separator << group.name;
      if (value.getType() != (group.inputTyped ? inputType : inferred))
        p << '(' << value.getType() << ')';
      separator = ", ";
    }
  }
}

#define NORM_OP_SYNTAX(OpTy)                                                   \
  ParseResult OpTy::parse(OpAsmParser &parser, OperationState &result) {      \
    return parseNormOp<OpTy>(parser, result);                                  \
  }                                                                            \
  void OpTy::print(OpAsmPrinter &p) { printNormOp(*this, p); }

NORM_OP_SYNTAX(LayerNormOp)
NORM_OP_SYNTAX(RMSNormOp)
NORM_OP_SYNTAX(BatchNormOp)
NORM_OP_SYNTAX(BatchNormTrainOp)
NORM_OP_SYNTAX(GroupNormOp)
NORM_OP_SYNTAX(InstanceNormOp)
NORM_OP_SYNTAX(LayerNormGradOp)
NORM_OP_SYNTAX(RMSNormGradOp)
NORM_OP_SYNTAX(BatchNormGradOp)
NORM_OP_SYNTAX(GroupNormGradOp)

#undef NORM_OP_SYNTAX
