#!/usr/bin/env python3
"""Writes a post-LN residual chain x_{i+1} = LayerNorm(x_i) + x_i of `layers`
decomposed layer norms over an 8x64 tensor, as TOSA ops or as linalg.generic
ops (the forms of raise-tosa.mlir and raise-linalg.mlir), for norm-raise.

Usage: norm-chain.py {tosa|linalg} LAYERS [--not-norm]

--not-norm divides by the variance instead of its square root: no norm to
raise, but the same chain for the tracer to read.
"""
import sys

R, C = 8, 64


def tosa(layers, inv="tosa.rsqrt"):
    t, s = f"tensor<{R}x{C}xf32>", f"tensor<{R}x1xf32>"
    g, b = f"tensor<1x{C}xf32>", f"tensor<1x{C}xf32>"
    k = "tensor<1x1xf32>"
    out = [f"func.func @chain(%x0: {t}, %g: {g}, %b: {b}) -> {t} {{",
           '  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>',
           f'  %inv_n = "tosa.const"() <{{values = dense<{1.0 / C:e}> : {k}}}> : () -> {k}',
           f'  %eps = "tosa.const"() <{{values = dense<9.99999974E-6> : {k}}}> : () -> {k}']
    for i in range(layers):
        x, n = f"%x{i}", f"%x{i + 1}"
        out += [
            f"  %sum{i} = tosa.reduce_sum {x} {{axis = 1 : i32}} : ({t}) -> {s}",
            f"  %mean{i} = tosa.mul %inv_n, %sum{i}, %shift : ({k}, {s}, tensor<1xi8>) -> {s}",
            f"  %d{i} = tosa.sub {x}, %mean{i} : ({t}, {s}) -> {t}",
            f"  %dd{i} = tosa.mul %d{i}, %d{i}, %shift : ({t}, {t}, tensor<1xi8>) -> {t}",
            f"  %vs{i} = tosa.reduce_sum %dd{i} {{axis = 1 : i32}} : ({t}) -> {s}",
            f"  %var{i} = tosa.mul %vs{i}, %inv_n, %shift : ({s}, {k}, tensor<1xi8>) -> {s}",
            f"  %ve{i} = tosa.add %eps, %var{i} : ({k}, {s}) -> {s}",
            f"  %r{i} = {inv} %ve{i} : ({s}) -> {s}",
            f"  %nr{i} = tosa.mul %r{i}, %d{i}, %shift : ({s}, {t}, tensor<1xi8>) -> {t}",
            f"  %sc{i} = tosa.mul %g, %nr{i}, %shift : ({g}, {t}, tensor<1xi8>) -> {t}",
            f"  %y{i} = tosa.add %b, %sc{i} : ({b}, {t}) -> {t}",
            f"  {n} = tosa.add %y{i}, {x} : ({t}, {t}) -> {t}"]
    out += [f"  return %x{layers} : {t}", "}"]
    return out


def linalg(layers, inv="math.rsqrt"):
    t, s, v = f"tensor<{R}x{C}xf32>", f"tensor<{R}x1xf32>", f"tensor<{C}xf32>"
    out = ["#id = affine_map<(d0, d1) -> (d0, d1)>",
           "#keep = affine_map<(d0, d1) -> (d0, 0)>",
           "#col = affine_map<(d0, d1) -> (d1)>",
           f"func.func @chain(%x0: {t}, %g: {v}, %b: {v}) -> {t} {{",
           "  %zero = arith.constant 0.000000e+00 : f32",
           f"  %n = arith.constant {float(C):e} : f32",
           "  %eps = arith.constant 9.99999974E-6 : f32",
           f"  %es = tensor.empty() : {s}",
           f"  %et = tensor.empty() : {t}",
           f"  %fill = linalg.fill ins(%zero : f32) outs(%es : {s}) -> {s}"]

    def red(name, src):
        return [f"  {name} = linalg.generic {{indexing_maps = [#id, #keep], iterator_types = [\"parallel\", \"reduction\"]}}",
                f"      ins({src} : {t}) outs(%fill : {s}) {{",
                "  ^bb0(%in: f32, %acc: f32):",
                "    %0 = arith.addf %in, %acc : f32",
                "    linalg.yield %0 : f32",
                f"  }} -> {s}"]

    for i in range(layers):
        x, nx = f"%x{i}", f"%x{i + 1}"
        out += red(f"%sum{i}", x)
        out += [f"  %xc{i} = linalg.generic {{indexing_maps = [#id, #keep, #id], iterator_types = [\"parallel\", \"parallel\"]}}",
                f"      ins({x}, %sum{i} : {t}, {s}) outs(%et : {t}) {{",
                "  ^bb0(%in: f32, %s: f32, %out: f32):",
                "    %0 = arith.divf %s, %n : f32",
                "    %1 = arith.subf %in, %0 : f32",
                "    linalg.yield %1 : f32",
                f"  }} -> {t}",
                f"  %sq{i} = linalg.generic {{indexing_maps = [#id, #id], iterator_types = [\"parallel\", \"parallel\"]}}",
                f"      ins(%xc{i} : {t}) outs(%et : {t}) {{",
                "  ^bb0(%in: f32, %out: f32):",
                "    %0 = arith.mulf %in, %in : f32",
                "    linalg.yield %0 : f32",
                f"  }} -> {t}"]
        out += red(f"%vs{i}", f"%sq{i}")
        out += [f"  %y{i} = linalg.generic {{indexing_maps = [#id, #keep, #col, #col, #id], iterator_types = [\"parallel\", \"parallel\"]}}",
                f"      ins(%xc{i}, %vs{i}, %g, %b : {t}, {s}, {v}, {v}) outs(%et : {t}) {{",
                "  ^bb0(%c: f32, %q: f32, %gg: f32, %bb: f32, %out: f32):",
                "    %0 = arith.divf %q, %n : f32",
                "    %1 = arith.addf %0, %eps : f32",
                f"    %2 = {inv} %1 : f32",
                "    %3 = arith.mulf %c, %2 : f32",
                "    %4 = arith.mulf %3, %gg : f32",
                "    %5 = arith.addf %4, %bb : f32",
                "    linalg.yield %5 : f32",
                f"  }} -> {t}",
                f"  {nx} = linalg.generic {{indexing_maps = [#id, #id, #id], iterator_types = [\"parallel\", \"parallel\"]}}",
                f"      ins(%y{i}, {x} : {t}, {t}) outs(%et : {t}) {{",
                "  ^bb0(%a: f32, %r: f32, %out: f32):",
                "    %0 = arith.addf %a, %r : f32",
                "    linalg.yield %0 : f32",
                f"  }} -> {t}"]
    out += [f"  return %x{layers} : {t}", "}"]
    return out


if __name__ == "__main__":
    form, layers = sys.argv[1], int(sys.argv[2])
    if "--not-norm" in sys.argv[3:]:
        inv = {"tosa": "tosa.reciprocal", "linalg": "math.sqrt"}[form]
        print("\n".join({"tosa": tosa, "linalg": linalg}[form](layers, inv)))
    else:
        print("\n".join({"tosa": tosa, "linalg": linalg}[form](layers)))
