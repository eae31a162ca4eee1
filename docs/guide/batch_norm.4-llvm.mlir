module {
  llvm.func @free(!llvm.ptr)
  llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @batch_norm_train(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: i64, %arg8: i64, %arg9: i64, %arg10: i64, %arg11: !llvm.ptr, %arg12: !llvm.ptr, %arg13: i64, %arg14: i64, %arg15: i64, %arg16: !llvm.ptr, %arg17: !llvm.ptr, %arg18: i64, %arg19: i64, %arg20: i64, %arg21: !llvm.ptr, %arg22: !llvm.ptr, %arg23: i64, %arg24: i64, %arg25: i64, %arg26: !llvm.ptr, %arg27: !llvm.ptr, %arg28: i64, %arg29: i64, %arg30: i64) -> !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> {
    %0 = llvm.mlir.poison : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
    %1 = llvm.mlir.constant(false) : i1
    %2 = llvm.mlir.constant(16 : index) : i64
    %3 = llvm.mlir.constant(48 : index) : i64
    %4 = llvm.mlir.constant(64 : index) : i64
    %5 = llvm.mlir.zero : !llvm.ptr
    %6 = llvm.mlir.constant(3.200000e+01 : f32) : f32
    %7 = llvm.mlir.constant(0.000000e+00 : f32) : f32
    %8 = llvm.mlir.constant(9.99999974E-6 : f32) : f32
    %9 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %10 = llvm.mlir.constant(0.899999976 : f32) : f32
    %11 = llvm.mlir.constant(0.100000024 : f32) : f32
    %12 = llvm.mlir.constant(3.100000e+01 : f32) : f32
    %13 = llvm.mlir.constant(0 : index) : i64
    %14 = llvm.mlir.constant(3 : index) : i64
    %15 = llvm.mlir.constant(1 : index) : i64
    %16 = llvm.mlir.constant(2 : index) : i64
    %17 = llvm.mlir.constant(4 : index) : i64
    %18 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>
    %19 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %20 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %21 = llvm.ptrtoint %20 : !llvm.ptr to i64
    %22 = llvm.sub %4, %15 : i64
    %23 = llvm.add %21, %22 : i64
    %24 = llvm.urem %23, %4 : i64
    %25 = llvm.sub %23, %24 : i64
    %26 = llvm.call @aligned_alloc(%4, %25) : (i64, i64) -> !llvm.ptr
    %27 = llvm.insertvalue %26, %19[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %28 = llvm.insertvalue %26, %27[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %29 = llvm.insertvalue %13, %28[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %30 = llvm.insertvalue %14, %29[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %31 = llvm.insertvalue %15, %30[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    llvm.br ^bb1(%13 : i64)
  ^bb1(%32: i64):  // 2 preds: ^bb0, ^bb2
    %33 = llvm.icmp "slt" %32, %14 : i64
    llvm.cond_br %33, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %34 = llvm.getelementptr inbounds|nuw %26[%32] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %7, %34 : f32, !llvm.ptr
    %35 = llvm.add %32, %15 : i64
    llvm.br ^bb1(%35 : i64)
  ^bb3:  // pred: ^bb1
    %36 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %37 = llvm.ptrtoint %36 : !llvm.ptr to i64
    %38 = llvm.sub %4, %15 : i64
    %39 = llvm.add %37, %38 : i64
    %40 = llvm.urem %39, %4 : i64
    %41 = llvm.sub %39, %40 : i64
    %42 = llvm.call @aligned_alloc(%4, %41) : (i64, i64) -> !llvm.ptr
    %43 = llvm.mul %14, %15 : i64
    %44 = llvm.getelementptr %5[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %45 = llvm.ptrtoint %44 : !llvm.ptr to i64
    %46 = llvm.mul %43, %45 : i64
    "llvm.intr.memcpy"(%42, %26, %46) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb4(%13 : i64)
  ^bb4(%47: i64):  // 2 preds: ^bb3, ^bb14
    %48 = llvm.icmp "slt" %47, %16 : i64
    llvm.cond_br %48, ^bb5, ^bb15
  ^bb5:  // pred: ^bb4
    llvm.br ^bb6(%13 : i64)
  ^bb6(%49: i64):  // 2 preds: ^bb5, ^bb13
    %50 = llvm.icmp "slt" %49, %14 : i64
    llvm.cond_br %50, ^bb7, ^bb14
  ^bb7:  // pred: ^bb6
    llvm.br ^bb8(%13 : i64)
  ^bb8(%51: i64):  // 2 preds: ^bb7, ^bb12
    %52 = llvm.icmp "slt" %51, %17 : i64
    llvm.cond_br %52, ^bb9, ^bb13
  ^bb9:  // pred: ^bb8
    llvm.br ^bb10(%13 : i64)
  ^bb10(%53: i64):  // 2 preds: ^bb9, ^bb11
    %54 = llvm.icmp "slt" %53, %17 : i64
    llvm.cond_br %54, ^bb11, ^bb12
  ^bb11:  // pred: ^bb10
    %55 = llvm.mul %47, %3 overflow<nsw, nuw> : i64
    %56 = llvm.mul %49, %2 overflow<nsw, nuw> : i64
    %57 = llvm.add %55, %56 overflow<nsw, nuw> : i64
    %58 = llvm.mul %51, %17 overflow<nsw, nuw> : i64
    %59 = llvm.add %57, %58 overflow<nsw, nuw> : i64
    %60 = llvm.add %59, %53 overflow<nsw, nuw> : i64
    %61 = llvm.getelementptr inbounds|nuw %arg1[%60] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %62 = llvm.load %61 : !llvm.ptr -> f32
    %63 = llvm.getelementptr inbounds|nuw %42[%49] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %64 = llvm.load %63 : !llvm.ptr -> f32
    %65 = llvm.fadd %64, %62 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %66 = llvm.getelementptr inbounds|nuw %42[%49] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %65, %66 : f32, !llvm.ptr
    %67 = llvm.add %53, %15 : i64
    llvm.br ^bb10(%67 : i64)
  ^bb12:  // pred: ^bb10
    %68 = llvm.add %51, %15 : i64
    llvm.br ^bb8(%68 : i64)
  ^bb13:  // pred: ^bb8
    %69 = llvm.add %49, %15 : i64
    llvm.br ^bb6(%69 : i64)
  ^bb14:  // pred: ^bb6
    %70 = llvm.add %47, %15 : i64
    llvm.br ^bb4(%70 : i64)
  ^bb15:  // pred: ^bb4
    %71 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %72 = llvm.ptrtoint %71 : !llvm.ptr to i64
    %73 = llvm.sub %4, %15 : i64
    %74 = llvm.add %72, %73 : i64
    %75 = llvm.urem %74, %4 : i64
    %76 = llvm.sub %74, %75 : i64
    %77 = llvm.call @aligned_alloc(%4, %76) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb16(%13 : i64)
  ^bb16(%78: i64):  // 2 preds: ^bb15, ^bb17
    %79 = llvm.icmp "slt" %78, %14 : i64
    llvm.cond_br %79, ^bb17, ^bb18
  ^bb17:  // pred: ^bb16
    %80 = llvm.getelementptr inbounds|nuw %42[%78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %81 = llvm.load %80 : !llvm.ptr -> f32
    %82 = llvm.fdiv %81, %6 : f32
    %83 = llvm.getelementptr inbounds|nuw %77[%78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %82, %83 : f32, !llvm.ptr
    %84 = llvm.add %78, %15 : i64
    llvm.br ^bb16(%84 : i64)
  ^bb18:  // pred: ^bb16
    %85 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %86 = llvm.ptrtoint %85 : !llvm.ptr to i64
    %87 = llvm.sub %4, %15 : i64
    %88 = llvm.add %86, %87 : i64
    %89 = llvm.urem %88, %4 : i64
    %90 = llvm.sub %88, %89 : i64
    %91 = llvm.call @aligned_alloc(%4, %90) : (i64, i64) -> !llvm.ptr
    %92 = llvm.mul %14, %15 : i64
    %93 = llvm.getelementptr %5[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %94 = llvm.ptrtoint %93 : !llvm.ptr to i64
    %95 = llvm.mul %92, %94 : i64
    "llvm.intr.memcpy"(%91, %26, %95) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %96 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %97 = llvm.ptrtoint %96 : !llvm.ptr to i64
    %98 = llvm.sub %4, %15 : i64
    %99 = llvm.add %97, %98 : i64
    %100 = llvm.urem %99, %4 : i64
    %101 = llvm.sub %99, %100 : i64
    %102 = llvm.call @aligned_alloc(%4, %101) : (i64, i64) -> !llvm.ptr
    %103 = llvm.mul %14, %15 : i64
    %104 = llvm.getelementptr %5[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %105 = llvm.ptrtoint %104 : !llvm.ptr to i64
    %106 = llvm.mul %103, %105 : i64
    "llvm.intr.memcpy"(%102, %26, %106) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb19(%13 : i64)
  ^bb19(%107: i64):  // 2 preds: ^bb18, ^bb29
    %108 = llvm.icmp "slt" %107, %16 : i64
    llvm.cond_br %108, ^bb20, ^bb30
  ^bb20:  // pred: ^bb19
    llvm.br ^bb21(%13 : i64)
  ^bb21(%109: i64):  // 2 preds: ^bb20, ^bb28
    %110 = llvm.icmp "slt" %109, %14 : i64
    llvm.cond_br %110, ^bb22, ^bb29
  ^bb22:  // pred: ^bb21
    llvm.br ^bb23(%13 : i64)
  ^bb23(%111: i64):  // 2 preds: ^bb22, ^bb27
    %112 = llvm.icmp "slt" %111, %17 : i64
    llvm.cond_br %112, ^bb24, ^bb28
  ^bb24:  // pred: ^bb23
    llvm.br ^bb25(%13 : i64)
  ^bb25(%113: i64):  // 2 preds: ^bb24, ^bb26
    %114 = llvm.icmp "slt" %113, %17 : i64
    llvm.cond_br %114, ^bb26, ^bb27
  ^bb26:  // pred: ^bb25
    %115 = llvm.mul %107, %3 overflow<nsw, nuw> : i64
    %116 = llvm.mul %109, %2 overflow<nsw, nuw> : i64
    %117 = llvm.add %115, %116 overflow<nsw, nuw> : i64
    %118 = llvm.mul %111, %17 overflow<nsw, nuw> : i64
    %119 = llvm.add %117, %118 overflow<nsw, nuw> : i64
    %120 = llvm.add %119, %113 overflow<nsw, nuw> : i64
    %121 = llvm.getelementptr inbounds|nuw %arg1[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %122 = llvm.load %121 : !llvm.ptr -> f32
    %123 = llvm.getelementptr inbounds|nuw %77[%109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %124 = llvm.load %123 : !llvm.ptr -> f32
    %125 = llvm.getelementptr inbounds|nuw %91[%109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %126 = llvm.load %125 : !llvm.ptr -> f32
    %127 = llvm.getelementptr inbounds|nuw %102[%109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %128 = llvm.load %127 : !llvm.ptr -> f32
    %129 = llvm.fsub %122, %124 : f32
    %130 = llvm.fadd %126, %129 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %131 = llvm.fmul %129, %129 : f32
    %132 = llvm.fadd %128, %131 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %133 = llvm.getelementptr inbounds|nuw %91[%109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %130, %133 : f32, !llvm.ptr
    %134 = llvm.getelementptr inbounds|nuw %102[%109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %132, %134 : f32, !llvm.ptr
    %135 = llvm.add %113, %15 : i64
    llvm.br ^bb25(%135 : i64)
  ^bb27:  // pred: ^bb25
    %136 = llvm.add %111, %15 : i64
    llvm.br ^bb23(%136 : i64)
  ^bb28:  // pred: ^bb23
    %137 = llvm.add %109, %15 : i64
    llvm.br ^bb21(%137 : i64)
  ^bb29:  // pred: ^bb21
    %138 = llvm.add %107, %15 : i64
    llvm.br ^bb19(%138 : i64)
  ^bb30:  // pred: ^bb19
    %139 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %140 = llvm.ptrtoint %139 : !llvm.ptr to i64
    %141 = llvm.sub %4, %15 : i64
    %142 = llvm.add %140, %141 : i64
    %143 = llvm.urem %142, %4 : i64
    %144 = llvm.sub %142, %143 : i64
    %145 = llvm.call @aligned_alloc(%4, %144) : (i64, i64) -> !llvm.ptr
    %146 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %147 = llvm.ptrtoint %146 : !llvm.ptr to i64
    %148 = llvm.sub %4, %15 : i64
    %149 = llvm.add %147, %148 : i64
    %150 = llvm.urem %149, %4 : i64
    %151 = llvm.sub %149, %150 : i64
    %152 = llvm.call @aligned_alloc(%4, %151) : (i64, i64) -> !llvm.ptr
    %153 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %154 = llvm.ptrtoint %153 : !llvm.ptr to i64
    %155 = llvm.sub %4, %15 : i64
    %156 = llvm.add %154, %155 : i64
    %157 = llvm.urem %156, %4 : i64
    %158 = llvm.sub %156, %157 : i64
    %159 = llvm.call @aligned_alloc(%4, %158) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb31(%13 : i64)
  ^bb31(%160: i64):  // 2 preds: ^bb30, ^bb32
    %161 = llvm.icmp "slt" %160, %14 : i64
    llvm.cond_br %161, ^bb32, ^bb33
  ^bb32:  // pred: ^bb31
    %162 = llvm.getelementptr inbounds|nuw %77[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %163 = llvm.load %162 : !llvm.ptr -> f32
    %164 = llvm.getelementptr inbounds|nuw %91[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %165 = llvm.load %164 : !llvm.ptr -> f32
    %166 = llvm.getelementptr inbounds|nuw %102[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %167 = llvm.load %166 : !llvm.ptr -> f32
    %168 = llvm.fdiv %165, %6 : f32
    %169 = llvm.fadd %163, %168 : f32
    %170 = llvm.fdiv %167, %6 : f32
    %171 = llvm.fmul %168, %168 : f32
    %172 = llvm.fsub %170, %171 : f32
    %173 = llvm.fcmp "ugt" %172, %7 : f32
    %174 = llvm.select %173, %172, %7 : i1, f32
    %175 = llvm.select %1, %7, %174 : i1, f32
    %176 = llvm.getelementptr inbounds|nuw %145[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %169, %176 : f32, !llvm.ptr
    %177 = llvm.getelementptr inbounds|nuw %152[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %175, %177 : f32, !llvm.ptr
    %178 = llvm.getelementptr inbounds|nuw %159[%160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %168, %178 : f32, !llvm.ptr
    %179 = llvm.add %160, %15 : i64
    llvm.br ^bb31(%179 : i64)
  ^bb33:  // pred: ^bb31
    llvm.br ^bb34(%13 : i64)
  ^bb34(%180: i64):  // 2 preds: ^bb33, ^bb35
    %181 = llvm.icmp "slt" %180, %14 : i64
    llvm.cond_br %181, ^bb35, ^bb36
  ^bb35:  // pred: ^bb34
    %182 = llvm.getelementptr inbounds|nuw %152[%180] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %183 = llvm.load %182 : !llvm.ptr -> f32
    %184 = llvm.fadd %183, %8 : f32
    %185 = llvm.intr.sqrt(%184) : (f32) -> f32
    %186 = llvm.fdiv %9, %185 : f32
    %187 = llvm.getelementptr inbounds|nuw %26[%180] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %186, %187 : f32, !llvm.ptr
    %188 = llvm.add %180, %15 : i64
    llvm.br ^bb34(%188 : i64)
  ^bb36:  // pred: ^bb34
    %189 = llvm.getelementptr %5[96] : (!llvm.ptr) -> !llvm.ptr, f32
    %190 = llvm.ptrtoint %189 : !llvm.ptr to i64
    %191 = llvm.call @aligned_alloc(%4, %190) : (i64, i64) -> !llvm.ptr
    %192 = llvm.insertvalue %191, %18[0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %193 = llvm.insertvalue %191, %192[1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %194 = llvm.insertvalue %13, %193[2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %195 = llvm.insertvalue %16, %194[3, 0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %196 = llvm.insertvalue %14, %195[3, 1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %197 = llvm.insertvalue %17, %196[3, 2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %198 = llvm.insertvalue %17, %197[3, 3] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %199 = llvm.insertvalue %3, %198[4, 0] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %200 = llvm.insertvalue %2, %199[4, 1] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %201 = llvm.insertvalue %17, %200[4, 2] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    %202 = llvm.insertvalue %15, %201[4, 3] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> 
    llvm.br ^bb37(%13 : i64)
  ^bb37(%203: i64):  // 2 preds: ^bb36, ^bb47
    %204 = llvm.icmp "slt" %203, %16 : i64
    llvm.cond_br %204, ^bb38, ^bb48
  ^bb38:  // pred: ^bb37
    llvm.br ^bb39(%13 : i64)
  ^bb39(%205: i64):  // 2 preds: ^bb38, ^bb46
    %206 = llvm.icmp "slt" %205, %14 : i64
    llvm.cond_br %206, ^bb40, ^bb47
  ^bb40:  // pred: ^bb39
    llvm.br ^bb41(%13 : i64)
  ^bb41(%207: i64):  // 2 preds: ^bb40, ^bb45
    %208 = llvm.icmp "slt" %207, %17 : i64
    llvm.cond_br %208, ^bb42, ^bb46
  ^bb42:  // pred: ^bb41
    llvm.br ^bb43(%13 : i64)
  ^bb43(%209: i64):  // 2 preds: ^bb42, ^bb44
    %210 = llvm.icmp "slt" %209, %17 : i64
    llvm.cond_br %210, ^bb44, ^bb45
  ^bb44:  // pred: ^bb43
    %211 = llvm.mul %203, %3 overflow<nsw, nuw> : i64
    %212 = llvm.mul %205, %2 overflow<nsw, nuw> : i64
    %213 = llvm.add %211, %212 overflow<nsw, nuw> : i64
    %214 = llvm.mul %207, %17 overflow<nsw, nuw> : i64
    %215 = llvm.add %213, %214 overflow<nsw, nuw> : i64
    %216 = llvm.add %215, %209 overflow<nsw, nuw> : i64
    %217 = llvm.getelementptr inbounds|nuw %arg1[%216] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %218 = llvm.load %217 : !llvm.ptr -> f32
    %219 = llvm.getelementptr inbounds|nuw %77[%205] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %220 = llvm.load %219 : !llvm.ptr -> f32
    %221 = llvm.getelementptr inbounds|nuw %159[%205] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %222 = llvm.load %221 : !llvm.ptr -> f32
    %223 = llvm.getelementptr inbounds|nuw %26[%205] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %224 = llvm.load %223 : !llvm.ptr -> f32
    %225 = llvm.getelementptr inbounds|nuw %arg12[%205] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %226 = llvm.load %225 : !llvm.ptr -> f32
    %227 = llvm.getelementptr inbounds|nuw %arg17[%205] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %228 = llvm.load %227 : !llvm.ptr -> f32
    %229 = llvm.fsub %218, %220 : f32
    %230 = llvm.fsub %229, %222 : f32
    %231 = llvm.fmul %230, %224 : f32
    %232 = llvm.fmul %231, %226 : f32
    %233 = llvm.fadd %232, %228 : f32
    %234 = llvm.mul %203, %3 overflow<nsw, nuw> : i64
    %235 = llvm.mul %205, %2 overflow<nsw, nuw> : i64
    %236 = llvm.add %234, %235 overflow<nsw, nuw> : i64
    %237 = llvm.mul %207, %17 overflow<nsw, nuw> : i64
    %238 = llvm.add %236, %237 overflow<nsw, nuw> : i64
    %239 = llvm.add %238, %209 overflow<nsw, nuw> : i64
    %240 = llvm.getelementptr inbounds|nuw %191[%239] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %233, %240 : f32, !llvm.ptr
    %241 = llvm.add %209, %15 : i64
    llvm.br ^bb43(%241 : i64)
  ^bb45:  // pred: ^bb43
    %242 = llvm.add %207, %15 : i64
    llvm.br ^bb41(%242 : i64)
  ^bb46:  // pred: ^bb41
    %243 = llvm.add %205, %15 : i64
    llvm.br ^bb39(%243 : i64)
  ^bb47:  // pred: ^bb39
    %244 = llvm.add %203, %15 : i64
    llvm.br ^bb37(%244 : i64)
  ^bb48:  // pred: ^bb37
    %245 = llvm.getelementptr %5[3] : (!llvm.ptr) -> !llvm.ptr, f32
    %246 = llvm.ptrtoint %245 : !llvm.ptr to i64
    %247 = llvm.sub %4, %15 : i64
    %248 = llvm.add %246, %247 : i64
    %249 = llvm.urem %248, %4 : i64
    %250 = llvm.sub %248, %249 : i64
    %251 = llvm.call @aligned_alloc(%4, %250) : (i64, i64) -> !llvm.ptr
    %252 = llvm.insertvalue %251, %19[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %253 = llvm.insertvalue %251, %252[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %254 = llvm.insertvalue %13, %253[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %255 = llvm.insertvalue %14, %254[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    %256 = llvm.insertvalue %15, %255[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> 
    llvm.br ^bb49(%13 : i64)
  ^bb49(%257: i64):  // 2 preds: ^bb48, ^bb50
    %258 = llvm.icmp "slt" %257, %14 : i64
    llvm.cond_br %258, ^bb50, ^bb51
  ^bb50:  // pred: ^bb49
    %259 = llvm.getelementptr inbounds|nuw %arg22[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %260 = llvm.load %259 : !llvm.ptr -> f32
    %261 = llvm.getelementptr inbounds|nuw %arg27[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %262 = llvm.load %261 : !llvm.ptr -> f32
    %263 = llvm.getelementptr inbounds|nuw %145[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %264 = llvm.load %263 : !llvm.ptr -> f32
    %265 = llvm.getelementptr inbounds|nuw %152[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %266 = llvm.load %265 : !llvm.ptr -> f32
    %267 = llvm.fmul %266, %6 : f32
    %268 = llvm.fdiv %267, %12 : f32
    %269 = llvm.fmul %260, %10 : f32
    %270 = llvm.fmul %264, %11 : f32
    %271 = llvm.fadd %269, %270 : f32
    %272 = llvm.fmul %262, %10 : f32
    %273 = llvm.fmul %268, %11 : f32
    %274 = llvm.fadd %272, %273 : f32
    %275 = llvm.getelementptr inbounds|nuw %26[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %271, %275 : f32, !llvm.ptr
    %276 = llvm.getelementptr inbounds|nuw %251[%257] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %274, %276 : f32, !llvm.ptr
    %277 = llvm.add %257, %15 : i64
    llvm.br ^bb49(%277 : i64)
  ^bb51:  // pred: ^bb49
    llvm.call @free(%42) : (!llvm.ptr) -> ()
    llvm.call @free(%77) : (!llvm.ptr) -> ()
    llvm.call @free(%91) : (!llvm.ptr) -> ()
    llvm.call @free(%102) : (!llvm.ptr) -> ()
    llvm.call @free(%145) : (!llvm.ptr) -> ()
    llvm.call @free(%152) : (!llvm.ptr) -> ()
    llvm.call @free(%159) : (!llvm.ptr) -> ()
    %278 = llvm.insertvalue %202, %0[0] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    %279 = llvm.insertvalue %31, %278[1] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    %280 = llvm.insertvalue %256, %279[2] : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)> 
    llvm.return %280 : !llvm.struct<(struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
  }
}

