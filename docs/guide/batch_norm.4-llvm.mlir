module {
  llvm.func @free(!llvm.ptr)
  llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @batch_norm_train(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: i64, %arg8: i64, %arg9: i64, %arg10: i64, %arg11: !llvm.ptr, %arg12: !llvm.ptr, %arg13: i64, %arg14: i64, %arg15: i64, %arg16: !llvm.ptr, %arg17: !llvm.ptr, %arg18: i64, %arg19: i64, %arg20: i64, %arg21: !llvm.ptr, %arg22: !llvm.ptr, %arg23: i64, %arg24: i64, %arg25: i64, %arg26: !llvm.ptr, %arg27: !llvm.ptr, %arg28: i64, %arg29: i64, %arg30: i64) -> !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> {
    %0 = llvm.mlir.poison : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
    %1 = llvm.mlir.constant(16 : index) : i64
    %2 = llvm.mlir.constant(48 : index) : i64
    %3 = llvm.mlir.constant(64 : index) : i64
    %4 = llvm.mlir.zero : !llvm.ptr
    %5 = llvm.mlir.constant(3.200000e+01 : f32) : f32
    %6 = llvm.mlir.constant(0.000000e+00 : f32) : f32
    %7 = llvm.mlir.constant(9.99999974E-6 : f32) : f32
    %8 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %9 = llvm.mlir.constant(0.899999976 : f32) : f32
    %10 = llvm.mlir.constant(0.100000024 : f32) : f32
    %11 = llvm.mlir.constant(3.100000e+01 : f32) : f32
    %12 = llvm.mlir.constant(0 : index) : i64
    %13 = llvm.mlir.constant(3 : index) : i64
    %14 = llvm.mlir.constant(1 : index) : i64
    %15 = llvm.mlir.constant(2 : index) : i64
    %16 = llvm.mlir.constant(4 : index) : i64
    %17 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>
    %18 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %19 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %20 = llvm.ptrtoint %19 : !llvm.ptr to i64
    %21 = llvm.sub %3, %14 : i64
    %22 = llvm.add %20, %21 : i64
    %23 = llvm.urem %22, %3 : i64
    %24 = llvm.sub %22, %23 : i64
    %25 = llvm.call @aligned_alloc(%3, %24) : (i64, i64) -> !llvm.ptr
    %26 = llvm.insertvalue %25, %18[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %27 = llvm.insertvalue %25, %26[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %28 = llvm.insertvalue %12, %27[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %29 = llvm.insertvalue %13, %28[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %30 = llvm.insertvalue %14, %29[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    llvm.br ^bb1(%12 : i64)
  ^bb1(%31: i64):  // 2 preds: ^bb0, ^bb2
    %32 = llvm.icmp "slt" %31, %13 : i64
    llvm.cond_br %32, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %33 = llvm.getelementptr inbounds|nuw %25[%31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %6, %33 : f32, !llvm.ptr
    %34 = llvm.add %31, %14 : i64
    llvm.br ^bb1(%34 : i64)
  ^bb3:  // pred: ^bb1
    %35 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %36 = llvm.ptrtoint %35 : !llvm.ptr to i64
    %37 = llvm.sub %3, %14 : i64
    %38 = llvm.add %36, %37 : i64
    %39 = llvm.urem %38, %3 : i64
    %40 = llvm.sub %38, %39 : i64
    %41 = llvm.call @aligned_alloc(%3, %40) : (i64, i64) -> !llvm.ptr
    %42 = llvm.mul %13, %14 : i64
    %43 = llvm.getelementptr %4[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %44 = llvm.ptrtoint %43 : !llvm.ptr to i64
    %45 = llvm.mul %42, %44 : i64
    "llvm.intr.memcpy"(%41, %25, %45) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb4(%12 : i64)
  ^bb4(%46: i64):  // 2 preds: ^bb3, ^bb14
    %47 = llvm.icmp "slt" %46, %15 : i64
    llvm.cond_br %47, ^bb5, ^bb15
  ^bb5:  // pred: ^bb4
    llvm.br ^bb6(%12 : i64)
  ^bb6(%48: i64):  // 2 preds: ^bb5, ^bb13
    %49 = llvm.icmp "slt" %48, %13 : i64
    llvm.cond_br %49, ^bb7, ^bb14
  ^bb7:  // pred: ^bb6
    llvm.br ^bb8(%12 : i64)
  ^bb8(%50: i64):  // 2 preds: ^bb7, ^bb12
    %51 = llvm.icmp "slt" %50, %16 : i64
    llvm.cond_br %51, ^bb9, ^bb13
  ^bb9:  // pred: ^bb8
    llvm.br ^bb10(%12 : i64)
  ^bb10(%52: i64):  // 2 preds: ^bb9, ^bb11
    %53 = llvm.icmp "slt" %52, %16 : i64
    llvm.cond_br %53, ^bb11, ^bb12
  ^bb11:  // pred: ^bb10
    %54 = llvm.mul %46, %2 overflow<nsw, nuw> : i64
    %55 = llvm.mul %48, %1 overflow<nsw, nuw> : i64
    %56 = llvm.add %54, %55 overflow<nsw, nuw> : i64
    %57 = llvm.mul %50, %16 overflow<nsw, nuw> : i64
    %58 = llvm.add %56, %57 overflow<nsw, nuw> : i64
    %59 = llvm.add %58, %52 overflow<nsw, nuw> : i64
    %60 = llvm.getelementptr inbounds|nuw %arg1[%59] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %61 = llvm.load %60 : !llvm.ptr -> f32
    %62 = llvm.getelementptr inbounds|nuw %41[%48] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %63 = llvm.load %62 : !llvm.ptr -> f32
    %64 = llvm.fadd %63, %61 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %65 = llvm.getelementptr inbounds|nuw %41[%48] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %64, %65 : f32, !llvm.ptr
    %66 = llvm.add %52, %14 : i64
    llvm.br ^bb10(%66 : i64)
  ^bb12:  // pred: ^bb10
    %67 = llvm.add %50, %14 : i64
    llvm.br ^bb8(%67 : i64)
  ^bb13:  // pred: ^bb8
    %68 = llvm.add %48, %14 : i64
    llvm.br ^bb6(%68 : i64)
  ^bb14:  // pred: ^bb6
    %69 = llvm.add %46, %14 : i64
    llvm.br ^bb4(%69 : i64)
  ^bb15:  // pred: ^bb4
    %70 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %71 = llvm.ptrtoint %70 : !llvm.ptr to i64
    %72 = llvm.sub %3, %14 : i64
    %73 = llvm.add %71, %72 : i64
    %74 = llvm.urem %73, %3 : i64
    %75 = llvm.sub %73, %74 : i64
    %76 = llvm.call @aligned_alloc(%3, %75) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb16(%12 : i64)
  ^bb16(%77: i64):  // 2 preds: ^bb15, ^bb17
    %78 = llvm.icmp "slt" %77, %13 : i64
    llvm.cond_br %78, ^bb17, ^bb18
  ^bb17:  // pred: ^bb16
    %79 = llvm.getelementptr inbounds|nuw %41[%77] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %80 = llvm.load %79 : !llvm.ptr -> f32
    %81 = llvm.fdiv %80, %5 : f32
    %82 = llvm.getelementptr inbounds|nuw %76[%77] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %81, %82 : f32, !llvm.ptr
    %83 = llvm.add %77, %14 : i64
    llvm.br ^bb16(%83 : i64)
  ^bb18:  // pred: ^bb16
    %84 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %85 = llvm.ptrtoint %84 : !llvm.ptr to i64
    %86 = llvm.sub %3, %14 : i64
    %87 = llvm.add %85, %86 : i64
    %88 = llvm.urem %87, %3 : i64
    %89 = llvm.sub %87, %88 : i64
    %90 = llvm.call @aligned_alloc(%3, %89) : (i64, i64) -> !llvm.ptr
    %91 = llvm.mul %13, %14 : i64
    %92 = llvm.getelementptr %4[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %93 = llvm.ptrtoint %92 : !llvm.ptr to i64
    %94 = llvm.mul %91, %93 : i64
    "llvm.intr.memcpy"(%90, %25, %94) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %95 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %96 = llvm.ptrtoint %95 : !llvm.ptr to i64
    %97 = llvm.sub %3, %14 : i64
    %98 = llvm.add %96, %97 : i64
    %99 = llvm.urem %98, %3 : i64
    %100 = llvm.sub %98, %99 : i64
    %101 = llvm.call @aligned_alloc(%3, %100) : (i64, i64) -> !llvm.ptr
    %102 = llvm.mul %13, %14 : i64
    %103 = llvm.getelementptr %4[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %104 = llvm.ptrtoint %103 : !llvm.ptr to i64
    %105 = llvm.mul %102, %104 : i64
    "llvm.intr.memcpy"(%101, %25, %105) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb19(%12 : i64)
  ^bb19(%106: i64):  // 2 preds: ^bb18, ^bb29
    %107 = llvm.icmp "slt" %106, %15 : i64
    llvm.cond_br %107, ^bb20, ^bb30
  ^bb20:  // pred: ^bb19
    llvm.br ^bb21(%12 : i64)
  ^bb21(%108: i64):  // 2 preds: ^bb20, ^bb28
    %109 = llvm.icmp "slt" %108, %13 : i64
    llvm.cond_br %109, ^bb22, ^bb29
  ^bb22:  // pred: ^bb21
    llvm.br ^bb23(%12 : i64)
  ^bb23(%110: i64):  // 2 preds: ^bb22, ^bb27
    %111 = llvm.icmp "slt" %110, %16 : i64
    llvm.cond_br %111, ^bb24, ^bb28
  ^bb24:  // pred: ^bb23
    llvm.br ^bb25(%12 : i64)
  ^bb25(%112: i64):  // 2 preds: ^bb24, ^bb26
    %113 = llvm.icmp "slt" %112, %16 : i64
    llvm.cond_br %113, ^bb26, ^bb27
  ^bb26:  // pred: ^bb25
    %114 = llvm.mul %106, %2 overflow<nsw, nuw> : i64
    %115 = llvm.mul %108, %1 overflow<nsw, nuw> : i64
    %116 = llvm.add %114, %115 overflow<nsw, nuw> : i64
    %117 = llvm.mul %110, %16 overflow<nsw, nuw> : i64
    %118 = llvm.add %116, %117 overflow<nsw, nuw> : i64
    %119 = llvm.add %118, %112 overflow<nsw, nuw> : i64
    %120 = llvm.getelementptr inbounds|nuw %arg1[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %121 = llvm.load %120 : !llvm.ptr -> f32
    %122 = llvm.getelementptr inbounds|nuw %76[%108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %123 = llvm.load %122 : !llvm.ptr -> f32
    %124 = llvm.getelementptr inbounds|nuw %90[%108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %125 = llvm.load %124 : !llvm.ptr -> f32
    %126 = llvm.getelementptr inbounds|nuw %101[%108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %127 = llvm.load %126 : !llvm.ptr -> f32
    %128 = llvm.fsub %121, %123 : f32
    %129 = llvm.fmul %128, %128 : f32
    %130 = llvm.fadd %125, %128 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %131 = llvm.fadd %127, %129 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %132 = llvm.getelementptr inbounds|nuw %90[%108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %130, %132 : f32, !llvm.ptr
    %133 = llvm.getelementptr inbounds|nuw %101[%108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %131, %133 : f32, !llvm.ptr
    %134 = llvm.add %112, %14 : i64
    llvm.br ^bb25(%134 : i64)
  ^bb27:  // pred: ^bb25
    %135 = llvm.add %110, %14 : i64
    llvm.br ^bb23(%135 : i64)
  ^bb28:  // pred: ^bb23
    %136 = llvm.add %108, %14 : i64
    llvm.br ^bb21(%136 : i64)
  ^bb29:  // pred: ^bb21
    %137 = llvm.add %106, %14 : i64
    llvm.br ^bb19(%137 : i64)
  ^bb30:  // pred: ^bb19
    %138 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %139 = llvm.ptrtoint %138 : !llvm.ptr to i64
    %140 = llvm.sub %3, %14 : i64
    %141 = llvm.add %139, %140 : i64
    %142 = llvm.urem %141, %3 : i64
    %143 = llvm.sub %141, %142 : i64
    %144 = llvm.call @aligned_alloc(%3, %143) : (i64, i64) -> !llvm.ptr
    %145 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %146 = llvm.ptrtoint %145 : !llvm.ptr to i64
    %147 = llvm.sub %3, %14 : i64
    %148 = llvm.add %146, %147 : i64
    %149 = llvm.urem %148, %3 : i64
    %150 = llvm.sub %148, %149 : i64
    %151 = llvm.call @aligned_alloc(%3, %150) : (i64, i64) -> !llvm.ptr
    %152 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %153 = llvm.ptrtoint %152 : !llvm.ptr to i64
    %154 = llvm.sub %3, %14 : i64
    %155 = llvm.add %153, %154 : i64
    %156 = llvm.urem %155, %3 : i64
    %157 = llvm.sub %155, %156 : i64
    %158 = llvm.call @aligned_alloc(%3, %157) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb31(%12 : i64)
  ^bb31(%159: i64):  // 2 preds: ^bb30, ^bb32
    %160 = llvm.icmp "slt" %159, %13 : i64
    llvm.cond_br %160, ^bb32, ^bb33
  ^bb32:  // pred: ^bb31
    %161 = llvm.getelementptr inbounds|nuw %76[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %162 = llvm.load %161 : !llvm.ptr -> f32
    %163 = llvm.getelementptr inbounds|nuw %90[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %164 = llvm.load %163 : !llvm.ptr -> f32
    %165 = llvm.getelementptr inbounds|nuw %101[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %166 = llvm.load %165 : !llvm.ptr -> f32
    %167 = llvm.fdiv %164, %5 : f32
    %168 = llvm.fadd %162, %167 : f32
    %169 = llvm.fdiv %166, %5 : f32
    %170 = llvm.fmul %167, %167 : f32
    %171 = llvm.fsub %169, %170 : f32
    %172 = llvm.fcmp "ugt" %171, %6 : f32
    %173 = llvm.select %172, %171, %6 : i1, f32
    %174 = llvm.getelementptr inbounds|nuw %144[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %168, %174 : f32, !llvm.ptr
    %175 = llvm.getelementptr inbounds|nuw %151[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %173, %175 : f32, !llvm.ptr
    %176 = llvm.getelementptr inbounds|nuw %158[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %167, %176 : f32, !llvm.ptr
    %177 = llvm.add %159, %14 : i64
    llvm.br ^bb31(%177 : i64)
  ^bb33:  // pred: ^bb31
    llvm.br ^bb34(%12 : i64)
  ^bb34(%178: i64):  // 2 preds: ^bb33, ^bb35
    %179 = llvm.icmp "slt" %178, %13 : i64
    llvm.cond_br %179, ^bb35, ^bb36
  ^bb35:  // pred: ^bb34
    %180 = llvm.getelementptr inbounds|nuw %151[%178] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %181 = llvm.load %180 : !llvm.ptr -> f32
    %182 = llvm.fadd %181, %7 : f32
    %183 = llvm.intr.sqrt(%182) : (f32) -> f32
    %184 = llvm.fdiv %8, %183 : f32
    %185 = llvm.getelementptr inbounds|nuw %25[%178] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %184, %185 : f32, !llvm.ptr
    %186 = llvm.add %178, %14 : i64
    llvm.br ^bb34(%186 : i64)
  ^bb36:  // pred: ^bb34
    %187 = llvm.getelementptr %4[96] : (!llvm.ptr) -> !llvm.ptr, f32
    %188 = llvm.ptrtoint %187 : !llvm.ptr to i64
    %189 = llvm.call @aligned_alloc(%3, %188) : (i64, i64) -> !llvm.ptr
    %190 = llvm.insertvalue %189, %17[0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %191 = llvm.insertvalue %189, %190[1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %192 = llvm.insertvalue %12, %191[2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %193 = llvm.insertvalue %15, %192[3, 0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %194 = llvm.insertvalue %13, %193[3, 1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %195 = llvm.insertvalue %16, %194[3, 2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %196 = llvm.insertvalue %16, %195[3, 3] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %197 = llvm.insertvalue %2, %196[4, 0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %198 = llvm.insertvalue %1, %197[4, 1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %199 = llvm.insertvalue %16, %198[4, 2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %200 = llvm.insertvalue %14, %199[4, 3] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    llvm.br ^bb37(%12 : i64)
  ^bb37(%201: i64):  // 2 preds: ^bb36, ^bb47
    %202 = llvm.icmp "slt" %201, %15 : i64
    llvm.cond_br %202, ^bb38, ^bb48
  ^bb38:  // pred: ^bb37
    llvm.br ^bb39(%12 : i64)
  ^bb39(%203: i64):  // 2 preds: ^bb38, ^bb46
    %204 = llvm.icmp "slt" %203, %13 : i64
    llvm.cond_br %204, ^bb40, ^bb47
  ^bb40:  // pred: ^bb39
    llvm.br ^bb41(%12 : i64)
  ^bb41(%205: i64):  // 2 preds: ^bb40, ^bb45
    %206 = llvm.icmp "slt" %205, %16 : i64
    llvm.cond_br %206, ^bb42, ^bb46
  ^bb42:  // pred: ^bb41
    llvm.br ^bb43(%12 : i64)
  ^bb43(%207: i64):  // 2 preds: ^bb42, ^bb44
    %208 = llvm.icmp "slt" %207, %16 : i64
    llvm.cond_br %208, ^bb44, ^bb45
  ^bb44:  // pred: ^bb43
    %209 = llvm.mul %201, %2 overflow<nsw, nuw> : i64
    %210 = llvm.mul %203, %1 overflow<nsw, nuw> : i64
    %211 = llvm.add %209, %210 overflow<nsw, nuw> : i64
    %212 = llvm.mul %205, %16 overflow<nsw, nuw> : i64
    %213 = llvm.add %211, %212 overflow<nsw, nuw> : i64
    %214 = llvm.add %213, %207 overflow<nsw, nuw> : i64
    %215 = llvm.getelementptr inbounds|nuw %arg1[%214] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %216 = llvm.load %215 : !llvm.ptr -> f32
    %217 = llvm.getelementptr inbounds|nuw %76[%203] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %218 = llvm.load %217 : !llvm.ptr -> f32
    %219 = llvm.getelementptr inbounds|nuw %158[%203] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %220 = llvm.load %219 : !llvm.ptr -> f32
    %221 = llvm.getelementptr inbounds|nuw %25[%203] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %222 = llvm.load %221 : !llvm.ptr -> f32
    %223 = llvm.getelementptr inbounds|nuw %arg12[%203] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %224 = llvm.load %223 : !llvm.ptr -> f32
    %225 = llvm.getelementptr inbounds|nuw %arg17[%203] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %226 = llvm.load %225 : !llvm.ptr -> f32
    %227 = llvm.fsub %216, %218 : f32
    %228 = llvm.fsub %227, %220 : f32
    %229 = llvm.fmul %228, %222 : f32
    %230 = llvm.fmul %229, %224 : f32
    %231 = llvm.fadd %230, %226 : f32
    %232 = llvm.mul %201, %2 overflow<nsw, nuw> : i64
    %233 = llvm.mul %203, %1 overflow<nsw, nuw> : i64
    %234 = llvm.add %232, %233 overflow<nsw, nuw> : i64
    %235 = llvm.mul %205, %16 overflow<nsw, nuw> : i64
    %236 = llvm.add %234, %235 overflow<nsw, nuw> : i64
    %237 = llvm.add %236, %207 overflow<nsw, nuw> : i64
    %238 = llvm.getelementptr inbounds|nuw %189[%237] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %231, %238 : f32, !llvm.ptr
    %239 = llvm.add %207, %14 : i64
    llvm.br ^bb43(%239 : i64)
  ^bb45:  // pred: ^bb43
    %240 = llvm.add %205, %14 : i64
    llvm.br ^bb41(%240 : i64)
  ^bb46:  // pred: ^bb41
    %241 = llvm.add %203, %14 : i64
    llvm.br ^bb39(%241 : i64)
  ^bb47:  // pred: ^bb39
    %242 = llvm.add %201, %14 : i64
    llvm.br ^bb37(%242 : i64)
  ^bb48:  // pred: ^bb37
    %243 = llvm.getelementptr %4[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %244 = llvm.ptrtoint %243 : !llvm.ptr to i64
    %245 = llvm.sub %3, %14 : i64
    %246 = llvm.add %244, %245 : i64
    %247 = llvm.urem %246, %3 : i64
    %248 = llvm.sub %246, %247 : i64
    %249 = llvm.call @aligned_alloc(%3, %248) : (i64, i64) -> !llvm.ptr
    %250 = llvm.insertvalue %249, %18[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %251 = llvm.insertvalue %249, %250[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %252 = llvm.insertvalue %12, %251[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %253 = llvm.insertvalue %13, %252[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %254 = llvm.insertvalue %14, %253[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    llvm.br ^bb49(%12 : i64)
  ^bb49(%255: i64):  // 2 preds: ^bb48, ^bb50
    %256 = llvm.icmp "slt" %255, %13 : i64
    llvm.cond_br %256, ^bb50, ^bb51
  ^bb50:  // pred: ^bb49
    %257 = llvm.getelementptr inbounds|nuw %arg22[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %258 = llvm.load %257 : !llvm.ptr -> f32
    %259 = llvm.getelementptr inbounds|nuw %arg27[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %260 = llvm.load %259 : !llvm.ptr -> f32
    %261 = llvm.getelementptr inbounds|nuw %144[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %262 = llvm.load %261 : !llvm.ptr -> f32
    %263 = llvm.getelementptr inbounds|nuw %151[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %264 = llvm.load %263 : !llvm.ptr -> f32
    %265 = llvm.fmul %264, %5 : f32
    %266 = llvm.fdiv %265, %11 : f32
    %267 = llvm.fmul %258, %9 : f32
    %268 = llvm.fmul %262, %10 : f32
    %269 = llvm.fadd %267, %268 : f32
    %270 = llvm.fmul %260, %9 : f32
    %271 = llvm.fmul %266, %10 : f32
    %272 = llvm.fadd %270, %271 : f32
    %273 = llvm.getelementptr inbounds|nuw %25[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %269, %273 : f32, !llvm.ptr
    %274 = llvm.getelementptr inbounds|nuw %249[%255] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %272, %274 : f32, !llvm.ptr
    %275 = llvm.add %255, %14 : i64
    llvm.br ^bb49(%275 : i64)
  ^bb51:  // pred: ^bb49
    llvm.call @free(%41) : (!llvm.ptr) -> ()
    llvm.call @free(%76) : (!llvm.ptr) -> ()
    llvm.call @free(%90) : (!llvm.ptr) -> ()
    llvm.call @free(%101) : (!llvm.ptr) -> ()
    llvm.call @free(%144) : (!llvm.ptr) -> ()
    llvm.call @free(%151) : (!llvm.ptr) -> ()
    llvm.call @free(%158) : (!llvm.ptr) -> ()
    %276 = llvm.insertvalue %200, %0[0] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    %277 = llvm.insertvalue %30, %276[1] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    %278 = llvm.insertvalue %254, %277[2] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    llvm.return %278 : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
  }
}

