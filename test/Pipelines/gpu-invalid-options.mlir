// Invalid options of norm-gpu-pipeline fail the parsing of the pipeline with
// an error naming the option (reported by norm-opt at an unknown location),
// before any pass runs. One file per value.
// RUN: rm -rf %t && split-file %s %t
// RUN: norm-opt %t/threads.mlir -verify-diagnostics --norm-gpu-pipeline="threads=100"
// RUN: norm-opt %t/chip.mlir -verify-diagnostics --norm-gpu-pipeline="chip=foo"
// RUN: norm-opt %t/target.mlir -verify-diagnostics --norm-gpu-pipeline="target=spirv"
// RUN: norm-opt %t/rows-per-block.mlir -verify-diagnostics --norm-gpu-pipeline="threads=64 rows-per-block=128"
// RUN: norm-opt %t/rows-per-block.mlir -verify-diagnostics --norm-gpu-pipeline="rows-per-block=6"
// RUN: norm-opt %t/vector-width.mlir -verify-diagnostics --norm-gpu-pipeline="vector-width=3"
// RUN: norm-opt %t/max-row-per-warp.mlir -verify-diagnostics --norm-gpu-pipeline="max-row-per-warp=-1"
// RUN: norm-opt %t/max-cached-vectors.mlir -verify-diagnostics --norm-gpu-pipeline="max-cached-vectors=65"
// RUN: norm-opt %t/max-cached-vectors.mlir -verify-diagnostics --norm-gpu-pipeline="max-cached-vectors=-1"
// RUN: norm-opt %t/max-row-per-block.mlir -verify-diagnostics --norm-gpu-pipeline="max-row-per-block=-1"
// RUN: norm-opt %t/blocks-per-row.mlir -verify-diagnostics --norm-gpu-pipeline="blocks-per-row=65536"
// RUN: norm-opt %t/blocks-per-row.mlir -verify-diagnostics --norm-gpu-pipeline="blocks-per-row=-1"
// RUN: norm-opt %t/blocks-per-channel.mlir -verify-diagnostics --norm-gpu-pipeline="blocks-per-channel=65536"
// RUN: norm-opt %t/blocks-per-channel.mlir -verify-diagnostics --norm-gpu-pipeline="blocks-per-channel=-1"
// RUN: norm-opt %t/persistent-blocks.mlir -verify-diagnostics --norm-gpu-pipeline="persistent-blocks=0"
// RUN: norm-opt %t/max-grad-partials.mlir -verify-diagnostics --norm-gpu-pipeline="max-grad-partials=0"
// RUN: norm-opt %t/max-grad-partials.mlir -verify-diagnostics --norm-gpu-pipeline="max-grad-partials=65536"

//--- threads.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'threads' must be a power of two in [1, 1024]}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- chip.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'chip' must be an NVIDIA sm_XX or an AMD gfxXXX}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- target.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'target' must be nvvm or rocdl}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- rows-per-block.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'rows-per-block' must be 0 or a power of two dividing 'threads'}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- vector-width.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'vector-width' must be 0 or a power of two in [1, 16]}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- max-row-per-warp.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'max-row-per-warp' must be non-negative}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- max-cached-vectors.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'max-cached-vectors' must be in [0, 64]}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- max-row-per-block.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'max-row-per-block' must be non-negative}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- blocks-per-row.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'blocks-per-row' must be in [0, 65535]}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.rms_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}

//--- blocks-per-channel.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'blocks-per-channel' must be in [0, 65535]}}
module {
  func.func @f(%x: tensor<4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
    %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>)
        : tensor<4x8xf32> -> batch_mean, batch_var
    return %y : tensor<4x8xf32>
  }
}

//--- persistent-blocks.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'persistent-blocks' must be in [1, 65535]}}
module {
  func.func @f(%x: tensor<4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
    %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>)
        : tensor<4x8xf32> -> batch_mean, batch_var
    return %y : tensor<4x8xf32>
  }
}

//--- max-grad-partials.mlir
// expected-error @unknown {{norm-gpu-pipeline: 'max-grad-partials' must be in [1, 65535]}}
module {
  func.func @f(%dy: tensor<4x8xf32>, %x: tensor<4x8xf32>, %r: tensor<4x1xf32>) -> tensor<4x8xf32> {
    %dx = norm.rms_norm_grad %dy x(%x : tensor<4x8xf32>)
        inv_rms(%r : tensor<4x1xf32>) : tensor<4x8xf32>
    return %dx : tensor<4x8xf32>
  }
}
