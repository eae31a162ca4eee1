/*===- norm-capi.c - The C API of norm-mlir, from C ----------------------===*\
|*                                                                            *|
|* A C program over libNormMLIR-C.so alone (norm-c/Dialects.h and MLIR's     *|
|* core C API): registers the norm dialect and passes, parses a module of    *|
|* norm ops, runs one generated pass and both pipelines, and prints.         *|
|* docs/using-from-another-compiler.md shows the same calls.                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

/* REQUIRES: norm-package
 * RUN: norm-capi-test 2>&1 | FileCheck %s
 */

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"
#include "norm-c/Dialects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kModule =
    "func.func @ln(%x: tensor<4x16xf32>, %g: tensor<16xf32>,\n"
    "              %b: tensor<16xf32>) -> tensor<4x16xf32> {\n"
    "  %y = norm.layer_norm %x scale(%g : tensor<16xf32>)\n"
    "      bias(%b : tensor<16xf32>) : tensor<4x16xf32>\n"
    "  return %y : tensor<4x16xf32>\n"
    "}\n";

static void printToStderr(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stderr);
}

static MlirModule parse(MlirContext ctx) {
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "parse failed\n");
    exit(1);
  }
  return module;
}

static void printModule(MlirModule module) {
  mlirOperationPrint(mlirModuleGetOperation(module), printToStderr, NULL);
  fprintf(stderr, "\n");
}

/* The dialect handle: its namespace, and a context that parses norm ops. */
static MlirContext createContext(void) {
  MlirDialectHandle norm = mlirGetDialectHandle__norm__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(norm);
  fprintf(stderr, "dialect: %.*s\n", (int)ns.length, ns.data);
  // CHECK: dialect: norm

  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirDialectHandleInsertDialect(norm, registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  return ctx;
}

/* One pass through its generated C constructor. */
static void testPass(MlirContext ctx) {
  fprintf(stderr, "@testPass\n");
  MlirModule module = parse(ctx);
  printModule(module);
  // CHECK-LABEL: @testPass
  //       CHECK: func.func @ln
  //       CHECK:   norm.layer_norm %{{.*}} scale(%{{.*}} : tensor<16xf32>) bias(%{{.*}} : tensor<16xf32>) : tensor<4x16xf32>

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(pm,
                              mlirCreateNormConversionConvertNormToLinalgPass());
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  fprintf(stderr, "convert-norm-to-linalg: %s\n",
          mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);
  // CHECK: convert-norm-to-linalg: success
  // CHECK-NOT: norm.layer_norm
  //     CHECK: linalg.generic
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}

/* norm-cpu-pipeline built into a pass manager with options. */
static void testCPUPipeline(MlirContext ctx) {
  fprintf(stderr, "@testCPUPipeline\n");
  MlirModule module = parse(ctx);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult built = mlirNormBuildCPUPipeline(
      opm, mlirStringRefCreateFromCString("num-threads=1 vector-width=8"),
      printToStderr, NULL);
  if (mlirLogicalResultIsFailure(built))
    exit(2);
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  fprintf(stderr, "norm-cpu-pipeline: %s\n",
          mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);
  // CHECK-LABEL: @testCPUPipeline
  //       CHECK: norm-cpu-pipeline: success
  //       CHECK: llvm.func @ln(
  //       CHECK:   vector<8xf32>
  //   CHECK-NOT:   omp.
  //       CHECK:   llvm.return
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}

/* norm-gpu-pipeline: PTX for sm_80 embedded in a gpu.binary. */
static void testGPUPipeline(MlirContext ctx) {
  fprintf(stderr, "@testGPUPipeline\n");
  MlirModule module = parse(ctx);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult built = mlirNormBuildGPUPipeline(
      opm, mlirStringRefCreateFromCString("chip=sm_80 format=isa"),
      printToStderr, NULL);
  if (mlirLogicalResultIsFailure(built))
    exit(2);
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  fprintf(stderr, "norm-gpu-pipeline: %s\n",
          mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);
  // CHECK-LABEL: @testGPUPipeline
  //       CHECK: norm-gpu-pipeline: success
  //       CHECK: llvm.func @ln(
  //       CHECK:   gpu.launch_func
  //       CHECK: gpu.binary @ln_kernel [#gpu.object<#nvvm.target<chip = "sm_80"
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}

/* Invalid options: the error callback hears why, nothing is added. */
static void testInvalidOptions(MlirContext ctx) {
  fprintf(stderr, "@testInvalidOptions\n");
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult built = mlirNormBuildCPUPipeline(
      opm, mlirStringRefCreateFromCString("vector-width=-1"), printToStderr,
      NULL);
  fprintf(stderr, "\nbuilt: %s\n",
          mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  // CHECK-LABEL: @testInvalidOptions
  //       CHECK: norm-cpu-pipeline: 'vector-width' must be positive or 0 (the host's)
  //       CHECK: built: failure
  built = mlirNormBuildCPUPipeline(
      opm, mlirStringRefCreateFromCString("no-such-option=1"), printToStderr,
      NULL);
  fprintf(stderr, "\nbuilt: %s\n",
          mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  // CHECK: norm-cpu-pipeline: {{.*}}no-such-option
  // CHECK: built: failure
  built = mlirNormBuildGPUPipeline(
      opm, mlirStringRefCreateFromCString("threads=3"), printToStderr, NULL);
  fprintf(stderr, "\nbuilt: %s\n",
          mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  // CHECK: norm-gpu-pipeline: 'threads' must be a power of two in [1, 1024]
  // CHECK: built: failure
  /* An AMD binary without a linker fails here, as the registered pipeline
     does, instead of when gpu-module-to-binary runs. */
  setenv("NORM_LD_LLD", "/nonexistent/no-such-ld.lld", 1);
  built = mlirNormBuildGPUPipeline(
      opm, mlirStringRefCreateFromCString("chip=gfx942 format=bin"),
      printToStderr, NULL);
  unsetenv("NORM_LD_LLD");
  fprintf(stderr, "\nbuilt: %s\n",
          mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  // CHECK: norm-gpu-pipeline: NORM_LD_LLD='/nonexistent/no-such-ld.lld' is not an executable ld.lld
  // CHECK: built: failure
  mlirPassManagerDestroy(pm);
}

/* The registered passes and pipelines, through the textual pipeline parser. */
static void testRegistration(MlirContext ctx) {
  fprintf(stderr, "@testRegistration\n");
  mlirRegisterNormPasses();
  mlirRegisterNormPasses(); /* idempotent */
  MlirModule module = parse(ctx);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(
          "builtin.module(func.func(norm-tile-and-fuse{row-tile-size=2}))"),
      printToStderr, NULL);
  if (mlirLogicalResultIsFailure(parsed))
    exit(3);
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  fprintf(stderr, "norm-tile-and-fuse: %s\n",
          mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);
  // CHECK-LABEL: @testRegistration
  //       CHECK: norm-tile-and-fuse: success
  //       CHECK: scf.forall
  //       CHECK:   norm.layer_norm {{.*}} : tensor<2x16xf32>
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);

  pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  parsed = mlirParsePassPipeline(
      opm,
      mlirStringRefCreateFromCString(
          "builtin.module(norm-cpu-pipeline{num-threads=1})"),
      printToStderr, NULL);
  fprintf(stderr, "norm-cpu-pipeline parsed: %s\n",
          mlirLogicalResultIsSuccess(parsed) ? "success" : "failure");
  mlirPrintPassPipeline(opm, printToStderr, NULL);
  fprintf(stderr, "\n");
  // CHECK: norm-cpu-pipeline parsed: success
  // CHECK: norm-tile-and-fuse{{.*}}convert-norm-to-vector{{.*}}convert-norm-to-linalg
  mlirPassManagerDestroy(pm);
}

int main(void) {
  MlirContext ctx = createContext();
  testPass(ctx);
  testCPUPipeline(ctx);
  testGPUPipeline(ctx);
  testInvalidOptions(ctx);
  testRegistration(ctx);
  mlirContextDestroy(ctx);
  return 0;
}
