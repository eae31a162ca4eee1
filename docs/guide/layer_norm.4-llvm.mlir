module {
  llvm.func @free(!llvm.ptr)
  llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @layer_norm(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: !llvm.ptr, %arg8: !llvm.ptr, %arg9: i64, %arg10: i64, %arg11: i64, %arg12: !llvm.ptr, %arg13: !llvm.ptr, %arg14: i64, %arg15: i64, %arg16: i64) -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> {
    %0 = llvm.mlir.constant(64 : index) : i64
    %1 = llvm.mlir.zero : !llvm.ptr
    %2 = llvm.mlir.constant(8.000000e+00 : f32) : f32
    %3 = llvm.mlir.constant(0.000000e+00 : f32) : f32
    %4 = llvm.mlir.constant(9.99999974E-6 : f32) : f32
    %5 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %6 = llvm.mlir.constant(0 : index) : i64
    %7 = llvm.mlir.constant(2 : index) : i64
    %8 = llvm.mlir.constant(1 : index) : i64
    %9 = llvm.mlir.constant(8 : index) : i64
    %10 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %11 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %12 = llvm.ptrtoint %11 : !llvm.ptr to i64
    %13 = llvm.sub %0, %8 : i64
    %14 = llvm.add %12, %13 : i64
    %15 = llvm.urem %14, %0 : i64
    %16 = llvm.sub %14, %15 : i64
    %17 = llvm.call @aligned_alloc(%0, %16) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb1(%6 : i64)
  ^bb1(%18: i64):  // 2 preds: ^bb0, ^bb2
    %19 = llvm.icmp "slt" %18, %7 : i64
    llvm.cond_br %19, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %20 = llvm.getelementptr inbounds|nuw %17[%18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %3, %20 : f32, !llvm.ptr
    %21 = llvm.add %18, %8 : i64
    llvm.br ^bb1(%21 : i64)
  ^bb3:  // pred: ^bb1
    %22 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %23 = llvm.ptrtoint %22 : !llvm.ptr to i64
    %24 = llvm.sub %0, %8 : i64
    %25 = llvm.add %23, %24 : i64
    %26 = llvm.urem %25, %0 : i64
    %27 = llvm.sub %25, %26 : i64
    %28 = llvm.call @aligned_alloc(%0, %27) : (i64, i64) -> !llvm.ptr
    %29 = llvm.mul %7, %8 : i64
    %30 = llvm.getelementptr %1[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %31 = llvm.ptrtoint %30 : !llvm.ptr to i64
    %32 = llvm.mul %29, %31 : i64
    "llvm.intr.memcpy"(%28, %17, %32) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb4(%6 : i64)
  ^bb4(%33: i64):  // 2 preds: ^bb3, ^bb8
    %34 = llvm.icmp "slt" %33, %7 : i64
    llvm.cond_br %34, ^bb5, ^bb9
  ^bb5:  // pred: ^bb4
    llvm.br ^bb6(%6 : i64)
  ^bb6(%35: i64):  // 2 preds: ^bb5, ^bb7
    %36 = llvm.icmp "slt" %35, %9 : i64
    llvm.cond_br %36, ^bb7, ^bb8
  ^bb7:  // pred: ^bb6
    %37 = llvm.mul %33, %9 overflow<nsw, nuw> : i64
    %38 = llvm.add %37, %35 overflow<nsw, nuw> : i64
    %39 = llvm.getelementptr inbounds|nuw %arg1[%38] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %40 = llvm.load %39 : !llvm.ptr -> f32
    %41 = llvm.getelementptr inbounds|nuw %28[%33] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %42 = llvm.load %41 : !llvm.ptr -> f32
    %43 = llvm.fadd %42, %40 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %44 = llvm.getelementptr inbounds|nuw %28[%33] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %43, %44 : f32, !llvm.ptr
    %45 = llvm.add %35, %8 : i64
    llvm.br ^bb6(%45 : i64)
  ^bb8:  // pred: ^bb6
    %46 = llvm.add %33, %8 : i64
    llvm.br ^bb4(%46 : i64)
  ^bb9:  // pred: ^bb4
    %47 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %48 = llvm.ptrtoint %47 : !llvm.ptr to i64
    %49 = llvm.sub %0, %8 : i64
    %50 = llvm.add %48, %49 : i64
    %51 = llvm.urem %50, %0 : i64
    %52 = llvm.sub %50, %51 : i64
    %53 = llvm.call @aligned_alloc(%0, %52) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb10(%6 : i64)
  ^bb10(%54: i64):  // 2 preds: ^bb9, ^bb11
    %55 = llvm.icmp "slt" %54, %7 : i64
    llvm.cond_br %55, ^bb11, ^bb12
  ^bb11:  // pred: ^bb10
    %56 = llvm.getelementptr inbounds|nuw %28[%54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %57 = llvm.load %56 : !llvm.ptr -> f32
    %58 = llvm.fdiv %57, %2 : f32
    %59 = llvm.getelementptr inbounds|nuw %53[%54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %58, %59 : f32, !llvm.ptr
    %60 = llvm.add %54, %8 : i64
    llvm.br ^bb10(%60 : i64)
  ^bb12:  // pred: ^bb10
    %61 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %62 = llvm.ptrtoint %61 : !llvm.ptr to i64
    %63 = llvm.sub %0, %8 : i64
    %64 = llvm.add %62, %63 : i64
    %65 = llvm.urem %64, %0 : i64
    %66 = llvm.sub %64, %65 : i64
    %67 = llvm.call @aligned_alloc(%0, %66) : (i64, i64) -> !llvm.ptr
    %68 = llvm.mul %7, %8 : i64
    %69 = llvm.getelementptr %1[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %70 = llvm.ptrtoint %69 : !llvm.ptr to i64
    %71 = llvm.mul %68, %70 : i64
    "llvm.intr.memcpy"(%67, %17, %71) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %72 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %73 = llvm.ptrtoint %72 : !llvm.ptr to i64
    %74 = llvm.sub %0, %8 : i64
    %75 = llvm.add %73, %74 : i64
    %76 = llvm.urem %75, %0 : i64
    %77 = llvm.sub %75, %76 : i64
    %78 = llvm.call @aligned_alloc(%0, %77) : (i64, i64) -> !llvm.ptr
    %79 = llvm.mul %7, %8 : i64
    %80 = llvm.getelementptr %1[1] : (!llvm.ptr) -> !llvm.ptr, f32
    %81 = llvm.ptrtoint %80 : !llvm.ptr to i64
    %82 = llvm.mul %79, %81 : i64
    "llvm.intr.memcpy"(%78, %17, %82) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
    llvm.br ^bb13(%6 : i64)
  ^bb13(%83: i64):  // 2 preds: ^bb12, ^bb17
    %84 = llvm.icmp "slt" %83, %7 : i64
    llvm.cond_br %84, ^bb14, ^bb18
  ^bb14:  // pred: ^bb13
    llvm.br ^bb15(%6 : i64)
  ^bb15(%85: i64):  // 2 preds: ^bb14, ^bb16
    %86 = llvm.icmp "slt" %85, %9 : i64
    llvm.cond_br %86, ^bb16, ^bb17
  ^bb16:  // pred: ^bb15
    %87 = llvm.mul %83, %9 overflow<nsw, nuw> : i64
    %88 = llvm.add %87, %85 overflow<nsw, nuw> : i64
    %89 = llvm.getelementptr inbounds|nuw %arg1[%88] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %90 = llvm.load %89 : !llvm.ptr -> f32
    %91 = llvm.getelementptr inbounds|nuw %53[%83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %92 = llvm.load %91 : !llvm.ptr -> f32
    %93 = llvm.getelementptr inbounds|nuw %67[%83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %94 = llvm.load %93 : !llvm.ptr -> f32
    %95 = llvm.getelementptr inbounds|nuw %78[%83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %96 = llvm.load %95 : !llvm.ptr -> f32
    %97 = llvm.fsub %90, %92 : f32
    %98 = llvm.fmul %97, %97 : f32
    %99 = llvm.fadd %94, %97 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %100 = llvm.fadd %96, %98 {fastmathFlags = #llvm.fastmath<reassoc>} : f32
    %101 = llvm.getelementptr inbounds|nuw %67[%83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %99, %101 : f32, !llvm.ptr
    %102 = llvm.getelementptr inbounds|nuw %78[%83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %100, %102 : f32, !llvm.ptr
    %103 = llvm.add %85, %8 : i64
    llvm.br ^bb15(%103 : i64)
  ^bb17:  // pred: ^bb15
    %104 = llvm.add %83, %8 : i64
    llvm.br ^bb13(%104 : i64)
  ^bb18:  // pred: ^bb13
    %105 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %106 = llvm.ptrtoint %105 : !llvm.ptr to i64
    %107 = llvm.sub %0, %8 : i64
    %108 = llvm.add %106, %107 : i64
    %109 = llvm.urem %108, %0 : i64
    %110 = llvm.sub %108, %109 : i64
    %111 = llvm.call @aligned_alloc(%0, %110) : (i64, i64) -> !llvm.ptr
    %112 = llvm.getelementptr %1[2] : (!llvm.ptr) -> !llvm.ptr, f32
    %113 = llvm.ptrtoint %112 : !llvm.ptr to i64
    %114 = llvm.sub %0, %8 : i64
    %115 = llvm.add %113, %114 : i64
    %116 = llvm.urem %115, %0 : i64
    %117 = llvm.sub %115, %116 : i64
    %118 = llvm.call @aligned_alloc(%0, %117) : (i64, i64) -> !llvm.ptr
    llvm.br ^bb19(%6 : i64)
  ^bb19(%119: i64):  // 2 preds: ^bb18, ^bb20
    %120 = llvm.icmp "slt" %119, %7 : i64
    llvm.cond_br %120, ^bb20, ^bb21
  ^bb20:  // pred: ^bb19
    %121 = llvm.getelementptr inbounds|nuw %53[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %122 = llvm.load %121 : !llvm.ptr -> f32
    %123 = llvm.getelementptr inbounds|nuw %67[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %124 = llvm.load %123 : !llvm.ptr -> f32
    %125 = llvm.getelementptr inbounds|nuw %78[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %126 = llvm.load %125 : !llvm.ptr -> f32
    %127 = llvm.fdiv %124, %2 : f32
    %128 = llvm.fadd %122, %127 : f32
    %129 = llvm.fdiv %126, %2 : f32
    %130 = llvm.fmul %127, %127 : f32
    %131 = llvm.fsub %129, %130 : f32
    %132 = llvm.fcmp "ugt" %131, %3 : f32
    %133 = llvm.select %132, %131, %3 : i1, f32
    %134 = llvm.getelementptr inbounds|nuw %17[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %128, %134 : f32, !llvm.ptr
    %135 = llvm.getelementptr inbounds|nuw %111[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %133, %135 : f32, !llvm.ptr
    %136 = llvm.getelementptr inbounds|nuw %118[%119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %127, %136 : f32, !llvm.ptr
    %137 = llvm.add %119, %8 : i64
    llvm.br ^bb19(%137 : i64)
  ^bb21:  // pred: ^bb19
    llvm.br ^bb22(%6 : i64)
  ^bb22(%138: i64):  // 2 preds: ^bb21, ^bb23
    %139 = llvm.icmp "slt" %138, %7 : i64
    llvm.cond_br %139, ^bb23, ^bb24
  ^bb23:  // pred: ^bb22
    %140 = llvm.getelementptr inbounds|nuw %111[%138] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %141 = llvm.load %140 : !llvm.ptr -> f32
    %142 = llvm.fadd %141, %4 : f32
    %143 = llvm.intr.sqrt(%142) : (f32) -> f32
    %144 = llvm.fdiv %5, %143 : f32
    %145 = llvm.getelementptr inbounds|nuw %17[%138] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %144, %145 : f32, !llvm.ptr
    %146 = llvm.add %138, %8 : i64
    llvm.br ^bb22(%146 : i64)
  ^bb24:  // pred: ^bb22
    %147 = llvm.getelementptr %1[16] : (!llvm.ptr) -> !llvm.ptr, f32
    %148 = llvm.ptrtoint %147 : !llvm.ptr to i64
    %149 = llvm.call @aligned_alloc(%0, %148) : (i64, i64) -> !llvm.ptr
    %150 = llvm.insertvalue %149, %10[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %151 = llvm.insertvalue %149, %150[1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %152 = llvm.insertvalue %6, %151[2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %153 = llvm.insertvalue %7, %152[3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %154 = llvm.insertvalue %9, %153[3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %155 = llvm.insertvalue %9, %154[4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    %156 = llvm.insertvalue %8, %155[4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> 
    llvm.br ^bb25(%6 : i64)
  ^bb25(%157: i64):  // 2 preds: ^bb24, ^bb29
    %158 = llvm.icmp "slt" %157, %7 : i64
    llvm.cond_br %158, ^bb26, ^bb30
  ^bb26:  // pred: ^bb25
    llvm.br ^bb27(%6 : i64)
  ^bb27(%159: i64):  // 2 preds: ^bb26, ^bb28
    %160 = llvm.icmp "slt" %159, %9 : i64
    llvm.cond_br %160, ^bb28, ^bb29
  ^bb28:  // pred: ^bb27
    %161 = llvm.mul %157, %9 overflow<nsw, nuw> : i64
    %162 = llvm.add %161, %159 overflow<nsw, nuw> : i64
    %163 = llvm.getelementptr inbounds|nuw %arg1[%162] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %164 = llvm.load %163 : !llvm.ptr -> f32
    %165 = llvm.getelementptr inbounds|nuw %53[%157] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %166 = llvm.load %165 : !llvm.ptr -> f32
    %167 = llvm.getelementptr inbounds|nuw %118[%157] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %168 = llvm.load %167 : !llvm.ptr -> f32
    %169 = llvm.getelementptr inbounds|nuw %17[%157] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %170 = llvm.load %169 : !llvm.ptr -> f32
    %171 = llvm.getelementptr inbounds|nuw %arg8[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %172 = llvm.load %171 : !llvm.ptr -> f32
    %173 = llvm.getelementptr inbounds|nuw %arg13[%159] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %174 = llvm.load %173 : !llvm.ptr -> f32
    %175 = llvm.fsub %164, %166 : f32
    %176 = llvm.fsub %175, %168 : f32
    %177 = llvm.fmul %176, %170 : f32
    %178 = llvm.fmul %177, %172 : f32
    %179 = llvm.fadd %178, %174 : f32
    %180 = llvm.mul %157, %9 overflow<nsw, nuw> : i64
    %181 = llvm.add %180, %159 overflow<nsw, nuw> : i64
    %182 = llvm.getelementptr inbounds|nuw %149[%181] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %179, %182 : f32, !llvm.ptr
    %183 = llvm.add %159, %8 : i64
    llvm.br ^bb27(%183 : i64)
  ^bb29:  // pred: ^bb27
    %184 = llvm.add %157, %8 : i64
    llvm.br ^bb25(%184 : i64)
  ^bb30:  // pred: ^bb25
    llvm.call @free(%17) : (!llvm.ptr) -> ()
    llvm.call @free(%28) : (!llvm.ptr) -> ()
    llvm.call @free(%53) : (!llvm.ptr) -> ()
    llvm.call @free(%67) : (!llvm.ptr) -> ()
    llvm.call @free(%78) : (!llvm.ptr) -> ()
    llvm.call @free(%111) : (!llvm.ptr) -> ()
    llvm.call @free(%118) : (!llvm.ptr) -> ()
    llvm.return %156 : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
  }
}

