module {
  llvm.func @free(!llvm.ptr)
  llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @layer_norm(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: !llvm.ptr, %arg8: !llvm.ptr, %arg9: i64, %arg10: i64, %arg11: i64, %arg12: !llvm.ptr, %arg13: !llvm.ptr, %arg14: i64, %arg15: i64, %arg16: i64) -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> {
    %0 = llvm.mlir.constant(false) : i1
    %1 = llvm.mlir.constant(64 : index) : i64
    %2 = llvm.mlir.zero : !llvm.ptr
    %3 = llvm.mlir.constant(8.000000e+00 : f32) : f32
    %4 = llvm.mlir.constant(0.000000e+00 : f32) : f32
    %5 = llvm.mlir.constant(9.99999974E-6 : f32) : f32
    %6 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %7 = llvm.mlir.constant(0 : index) : i64
    %8 = llvm.mlir.constant(2 : index) : i64
    %9 = llvm.mlir.constant(1 : index) : i64
    %10 = llvm.mlir.constant(8 : index) : i64
    %11 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %12 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %13 = llvm.ptrtoint %12 : !llvm.ptr to i64
    %14 = llvm.sub %1, %9 : i64
    %15 = llvm.add %13, %14 : i64
    %16 = llvm.urem %15, %1 : i64
    %17 = llvm.sub %15, %16 : i64
    %18 = llvm.call @aligned_alloc(%1, %17) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb1(%7 : i64)
  ^bb1(%19: i64):  // 2 preds: ^bb0, ^bb2
    %20 = llvm.icmp "slt" %19, %8 : i64
    llvm.cond_br %20, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %21 = llvm.getelementptr inbounds|nuw %18[%19] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %4, %21 : f32, !llvm.ptr
    %22 = llvm.add %19, %9 : i64
    llvm.br ^bb1(%22 : i64)
  ^bb3:  // pred: ^bb1
    %23 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %24 = llvm.ptrtoint %23 : !llvm.ptr to i64
    %25 = llvm.sub %1, %9 : i64
    %26 = llvm.add %24, %25 : i64
    %27 = llvm.urem %26, %1 : i64
    %28 = llvm.sub %26, %27 : i64
    %29 = llvm.call @aligned_alloc(%1, %28) : (i64, i64) -> !llvm.ptr
    %30 = llvm.mul %8, %9 : i64
    %31 = llvm.getelementptr %2[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %32 = llvm.ptrtoint %31 : !llvm.ptr to i64
    %33 = llvm.mul %30, %32 : i64
    "llvm.intr.memcpy"(%29, %18, %33) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb4(%7 : i64)
  ^bb4(%34: i64):  // 2 preds: ^bb3, ^bb8
    %35 = llvm.icmp "slt" %34, %8 : i64
    llvm.cond_br %35, ^bb5, ^bb9
  ^bb5:  // pred: ^bb4
    llvm.br ^bb6(%7 : i64)
  ^bb6(%36: i64):  // 2 preds: ^bb5, ^bb7
    %37 = llvm.icmp "slt" %36, %10 : i64
    llvm.cond_br %37, ^bb7, ^bb8
  ^bb7:  // pred: ^bb6
    %38 = llvm.mul %34, %10 overflow<nsw, nuw> : i64
    %39 = llvm.add %38, %36 overflow<nsw, nuw> : i64
    %40 = llvm.getelementptr inbounds|nuw %arg1[%39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %41 = llvm.load %40 : !llvm.ptr -> f32
    %42 = llvm.getelementptr inbounds|nuw %29[%34] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %43 = llvm.load %42 : !llvm.ptr -> f32
    %44 = llvm.fadd %43, %41 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %45 = llvm.getelementptr inbounds|nuw %29[%34] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %44, %45 : f32, !llvm.ptr
    %46 = llvm.add %36, %9 : i64
    llvm.br ^bb6(%46 : i64)
  ^bb8:  // pred: ^bb6
    %47 = llvm.add %34, %9 : i64
    llvm.br ^bb4(%47 : i64)
  ^bb9:  // pred: ^bb4
    %48 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %49 = llvm.ptrtoint %48 : !llvm.ptr to i64
    %50 = llvm.sub %1, %9 : i64
    %51 = llvm.add %49, %50 : i64
    %52 = llvm.urem %51, %1 : i64
    %53 = llvm.sub %51, %52 : i64
    %54 = llvm.call @aligned_alloc(%1, %53) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb10(%7 : i64)
  ^bb10(%55: i64):  // 2 preds: ^bb9, ^bb11
    %56 = llvm.icmp "slt" %55, %8 : i64
    llvm.cond_br %56, ^bb11, ^bb12
  ^bb11:  // pred: ^bb10
    %57 = llvm.getelementptr inbounds|nuw %29[%55] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %58 = llvm.load %57 : !llvm.ptr -> f32
    %59 = llvm.fdiv %58, %3 : f32
    %60 = llvm.getelementptr inbounds|nuw %54[%55] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %59, %60 : f32, !llvm.ptr
    %61 = llvm.add %55, %9 : i64
    llvm.br ^bb10(%61 : i64)
  ^bb12:  // pred: ^bb10
    %62 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %63 = llvm.ptrtoint %62 : !llvm.ptr to i64
    %64 = llvm.sub %1, %9 : i64
    %65 = llvm.add %63, %64 : i64
    %66 = llvm.urem %65, %1 : i64
    %67 = llvm.sub %65, %66 : i64
    %68 = llvm.call @aligned_alloc(%1, %67) : (i64, i64) -> !llvm.ptr
    %69 = llvm.mul %8, %9 : i64
    %70 = llvm.getelementptr %2[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %71 = llvm.ptrtoint %70 : !llvm.ptr to i64
    %72 = llvm.mul %69, %71 : i64
    "llvm.intr.memcpy"(%68, %18, %72) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %73 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %74 = llvm.ptrtoint %73 : !llvm.ptr to i64
    %75 = llvm.sub %1, %9 : i64
    %76 = llvm.add %74, %75 : i64
    %77 = llvm.urem %76, %1 : i64
    %78 = llvm.sub %76, %77 : i64
    %79 = llvm.call @aligned_alloc(%1, %78) : (i64, i64) -> !llvm.ptr
    %80 = llvm.mul %8, %9 : i64
    %81 = llvm.getelementptr %2[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %82 = llvm.ptrtoint %81 : !llvm.ptr to i64
    %83 = llvm.mul %80, %82 : i64
    "llvm.intr.memcpy"(%79, %18, %83) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb13(%7 : i64)
  ^bb13(%84: i64):  // 2 preds: ^bb12, ^bb17
    %85 = llvm.icmp "slt" %84, %8 : i64
    llvm.cond_br %85, ^bb14, ^bb18
  ^bb14:  // pred: ^bb13
    llvm.br ^bb15(%7 : i64)
  ^bb15(%86: i64):  // 2 preds: ^bb14, ^bb16
    %87 = llvm.icmp "slt" %86, %10 : i64
    llvm.cond_br %87, ^bb16, ^bb17
  ^bb16:  // pred: ^bb15
    %88 = llvm.mul %84, %10 overflow<nsw, nuw> : i64
    %89 = llvm.add %88, %86 overflow<nsw, nuw> : i64
    %90 = llvm.getelementptr inbounds|nuw %arg1[%89] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %91 = llvm.load %90 : !llvm.ptr -> f32
    %92 = llvm.getelementptr inbounds|nuw %54[%84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %93 = llvm.load %92 : !llvm.ptr -> f32
    %94 = llvm.getelementptr inbounds|nuw %68[%84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %95 = llvm.load %94 : !llvm.ptr -> f32
    %96 = llvm.getelementptr inbounds|nuw %79[%84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %97 = llvm.load %96 : !llvm.ptr -> f32
    %98 = llvm.fsub %91, %93 : f32
    %99 = llvm.fadd %95, %98 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %100 = llvm.fmul %98, %98 : f32
    %101 = llvm.fadd %97, %100 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %102 = llvm.getelementptr inbounds|nuw %68[%84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %99, %102 : f32, !llvm.ptr
    %103 = llvm.getelementptr inbounds|nuw %79[%84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %101, %103 : f32, !llvm.ptr
    %104 = llvm.add %86, %9 : i64
    llvm.br ^bb15(%104 : i64)
  ^bb17:  // pred: ^bb15
    %105 = llvm.add %84, %9 : i64
    llvm.br ^bb13(%105 : i64)
  ^bb18:  // pred: ^bb13
    %106 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %107 = llvm.ptrtoint %106 : !llvm.ptr to i64
    %108 = llvm.sub %1, %9 : i64
    %109 = llvm.add %107, %108 : i64
    %110 = llvm.urem %109, %1 : i64
    %111 = llvm.sub %109, %110 : i64
    %112 = llvm.call @aligned_alloc(%1, %111) : (i64, i64) -> !llvm.ptr
    %113 = llvm.getelementptr %2[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %114 = llvm.ptrtoint %113 : !llvm.ptr to i64
    %115 = llvm.sub %1, %9 : i64
    %116 = llvm.add %114, %115 : i64
    %117 = llvm.urem %116, %1 : i64
    %118 = llvm.sub %116, %117 : i64
    %119 = llvm.call @aligned_alloc(%1, %118) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb19(%7 : i64)
  ^bb19(%120: i64):  // 2 preds: ^bb18, ^bb20
    %121 = llvm.icmp "slt" %120, %8 : i64
    llvm.cond_br %121, ^bb20, ^bb21
  ^bb20:  // pred: ^bb19
    %122 = llvm.getelementptr inbounds|nuw %54[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %123 = llvm.load %122 : !llvm.ptr -> f32
    %124 = llvm.getelementptr inbounds|nuw %68[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %125 = llvm.load %124 : !llvm.ptr -> f32
    %126 = llvm.getelementptr inbounds|nuw %79[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %127 = llvm.load %126 : !llvm.ptr -> f32
    %128 = llvm.fdiv %125, %3 : f32
    %129 = llvm.fadd %123, %128 : f32
    %130 = llvm.fdiv %127, %3 : f32
    %131 = llvm.fmul %128, %128 : f32
    %132 = llvm.fsub %130, %131 : f32
    %133 = llvm.fcmp "ugt" %132, %4 : f32
    %134 = llvm.select %133, %132, %4 : i1, f32
    %135 = llvm.select %0, %4, %134 : i1, f32
    %136 = llvm.getelementptr inbounds|nuw %18[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %129, %136 : f32, !llvm.ptr
    %137 = llvm.getelementptr inbounds|nuw %112[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %135, %137 : f32, !llvm.ptr
    %138 = llvm.getelementptr inbounds|nuw %119[%120] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %128, %138 : f32, !llvm.ptr
    %139 = llvm.add %120, %9 : i64
    llvm.br ^bb19(%139 : i64)
  ^bb21:  // pred: ^bb19
    llvm.br ^bb22(%7 : i64)
  ^bb22(%140: i64):  // 2 preds: ^bb21, ^bb23
    %141 = llvm.icmp "slt" %140, %8 : i64
    llvm.cond_br %141, ^bb23, ^bb24
  ^bb23:  // pred: ^bb22
    %142 = llvm.getelementptr inbounds|nuw %112[%140] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %143 = llvm.load %142 : !llvm.ptr -> f32
    %144 = llvm.fadd %143, %5 : f32
    %145 = llvm.intr.sqrt(%144) : (f32) -> f32
    %146 = llvm.fdiv %6, %145 : f32
    %147 = llvm.getelementptr inbounds|nuw %18[%140] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %146, %147 : f32, !llvm.ptr
    %148 = llvm.add %140, %9 : i64
    llvm.br ^bb22(%148 : i64)
  ^bb24:  // pred: ^bb22
    %149 = llvm.getelementptr %2[16] : (!llvm.ptr) -> !llvm.ptr, f32
    %150 = llvm.ptrtoint %149 : !llvm.ptr to i64
    %151 = llvm.call @aligned_alloc(%1, %150) : (i64, i64) -> !llvm.ptr
    %152 = llvm.insertvalue %151, %11[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %153 = llvm.insertvalue %151, %152[1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %154 = llvm.insertvalue %7, %153[2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %155 = llvm.insertvalue %8, %154[3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %156 = llvm.insertvalue %10, %155[3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %157 = llvm.insertvalue %10, %156[4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %158 = llvm.insertvalue %9, %157[4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    llvm.br ^bb25(%7 : i64)
  ^bb25(%159: i64):  // 2 preds: ^bb24, ^bb29
    %160 = llvm.icmp "slt" %159, %8 : i64
    llvm.cond_br %160, ^bb26, ^bb30
  ^bb26:  // pred: ^bb25
    llvm.br ^bb27(%7 : i64)
  ^bb27(%161: i64):  // 2 preds: ^bb26, ^bb28
    %162 = llvm.icmp "slt" %161, %10 : i64
    llvm.cond_br %162, ^bb28, ^bb29
  ^bb28:  // pred: ^bb27
    %163 = llvm.mul %159, %10 overflow<nsw, nuw> : i64
    %164 = llvm.add %163, %161 overflow<nsw, nuw> : i64
    %165 = llvm.getelementptr inbounds|nuw %arg1[%164] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %166 = llvm.load %165 : !llvm.ptr -> f32
    %167 = llvm.getelementptr inbounds|nuw %54[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %168 = llvm.load %167 : !llvm.ptr -> f32
    %169 = llvm.getelementptr inbounds|nuw %119[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %170 = llvm.load %169 : !llvm.ptr -> f32
    %171 = llvm.getelementptr inbounds|nuw %18[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %172 = llvm.load %171 : !llvm.ptr -> f32
    %173 = llvm.getelementptr inbounds|nuw %arg8[%161] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %174 = llvm.load %173 : !llvm.ptr -> f32
    %175 = llvm.getelementptr inbounds|nuw %arg13[%161] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %176 = llvm.load %175 : !llvm.ptr -> f32
    %177 = llvm.fsub %166, %168 : f32
    %178 = llvm.fsub %177, %170 : f32
    %179 = llvm.fmul %178, %172 : f32
    %180 = llvm.fmul %179, %174 : f32
    %181 = llvm.fadd %180, %176 : f32
    %182 = llvm.mul %159, %10 overflow<nsw, nuw> : i64
    %183 = llvm.add %182, %161 overflow<nsw, nuw> : i64
    %184 = llvm.getelementptr inbounds|nuw %151[%183] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %181, %184 : f32, !llvm.ptr
    %185 = llvm.add %161, %9 : i64
    llvm.br ^bb27(%185 : i64)
  ^bb29:  // pred: ^bb27
    %186 = llvm.add %159, %9 : i64
    llvm.br ^bb25(%186 : i64)
  ^bb30:  // pred: ^bb25
    llvm.call @free(%18) : (!llvm.ptr) -> ()
    llvm.call @free(%29) : (!llvm.ptr) -> ()
    llvm.call @free(%54) : (!llvm.ptr) -> ()
    llvm.call @free(%68) : (!llvm.ptr) -> ()
    llvm.call @free(%79) : (!llvm.ptr) -> ()
    llvm.call @free(%112) : (!llvm.ptr) -> ()
    llvm.call @free(%119) : (!llvm.ptr) -> ()
    llvm.return %158 : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
  }
}

